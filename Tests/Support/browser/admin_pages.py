#!/usr/bin/env python3
"""The admin pages in a real browser against the real daemon: the status page, an import's dry
run then its real run, an export refused without the right, Backup now and the list, and a
manager and a QA user refused every admin page by its address (they get what a missing page
gets). Screenshots of each admin page at desktop and phone width.

Users, in order: the admin (no export right), a manager, a QA user.
"""
import os
import tempfile

from leadexbrowser import By, refused_by_url, Screenshots, arguments, check_console, desktop, fail, log_in, page_contains, phone, users, wait_for

ADMIN_PAGES = ["/admin/status", "/admin/import", "/admin/export", "/admin/backups", "/admin/status/panel"]

# ФИО;Телефон;Email in windows-1251, as Excel on a Russian Windows saves it: two new clients, a
# second line of the first (merged with it), and a line with nobody to call (rejected).
SHEET = (
    "ФИО;Телефон;Email\r\n"
    "Анна Импортова;8 912 111-11-11;anna@example.ru\r\n"
    "Борис Импортов;+7 912 222-22-22;\r\n"
    "Анна (второй номер);+7 912 333-33-33;anna@example.ru\r\n"
    "Без Контактов;;\r\n"
)


def main():
    parser = arguments(__doc__)
    args = parser.parse_args()
    (admin, _), (manager, _), (qa, _) = users(args)[:3]
    shots = Screenshots(args.screenshots)
    sheet = tempfile.NamedTemporaryFile("wb", suffix=".csv", prefix="клиенты-", delete=False)
    sheet.write(SHEET.encode("cp1251"))
    sheet.close()

    wide = desktop()
    narrow = phone()
    try:
        log_in(wide, args.base, admin, args.password)
        menu = wide.find_elements(By.CSS_SELECTOR, ".bar nav a.admin-nav")
        if not menu:
            fail("the admin's menu has no admin entry")
        menu[0].click()
        wait_for("the status page", lambda: page_contains(wide, "Задачи по расписанию"))
        for text in ("Почтовые ящики", "Исходящая почта", "Последняя резервная копия", "Резервных копий ещё нет."):
            if not page_contains(wide, text):
                fail("the status page lacks " + repr(text))

        # Import: the dry run's report, then the real run.
        wide.get(args.base + "/admin/import")
        wide.find_element(By.ID, "import-file").send_keys(sheet.name)
        wide.find_element(By.CSS_SELECTOR, "form.upload button[type=submit]").click()
        wait_for("the dry run's report", lambda: page_contains(wide, "Что будет сделано"))
        for text in ("windows-1251", "Новых контактов: 2, добавлено к контактам базы: 0, объединено со строками файла: 1, отклонено строк: 1.",
                     "со строкой 2, совпал anna@example.ru", "Импортировать 3 строки, отклонённые (1) пропустить", "нет ни телефона, ни почты"):
            if not page_contains(wide, text):
                fail("the dry run's report lacks " + repr(text))
        shots.shot(wide, "admin-import", whole_page=True)
        wide.find_element(By.CSS_SELECTOR, "form.confirm button[type=submit]").click()
        wait_for("the import's result", lambda: page_contains(wide, "Импорт выполнен"))
        if not page_contains(wide, "Новых контактов: 2"):
            fail("the import's result does not say what was imported")
        print("import: dry run then real run", flush=True)

        # Export without the right: refused, and said so.
        wide.get(args.base + "/admin/export")
        wide.find_element(By.CSS_SELECTOR, "form input[value=csv] ~ button").click()
        wait_for("the export's refusal", lambda: page_contains(wide, "нужно право export"))
        shots.shot(wide, "admin-export")
        print("export: refused without the right", flush=True)

        # Backup now, then the list and the status page show it.
        wide.get(args.base + "/admin/backups")
        wide.find_element(By.CSS_SELECTOR, "form.once button[type=submit]").click()
        wait_for("the backup's notice", lambda: page_contains(wide, "записана"))
        if not page_contains(wide, "проверена"):
            fail("the new backup is not listed as verified")
        shots.shot(wide, "admin-backups")
        wide.get(args.base + "/admin/status")
        wait_for("the last backup on the status page", lambda: page_contains(wide, "проверена"))
        shots.shot(wide, "admin-status", whole_page=True)
        print("backup: taken and listed", flush=True)

        wide.get(args.base + "/admin/users")
        wait_for("the users page", lambda: page_contains(wide, "Последний вход", "#users"))
        if not page_contains(wide, "Администратор", "#users"):
            fail("the users page does not list the admin by role")
        shots.shot(wide, "admin-users", whole_page=True)

        log_in(narrow, args.base, admin, args.password)
        for path, name in (("/admin/status", "admin-status"), ("/admin/import", "admin-import"), ("/admin/export", "admin-export"),
                           ("/admin/backups", "admin-backups"), ("/admin/users", "admin-users")):
            narrow.get(args.base + path)
            wait_for(name + " on the phone", lambda: page_contains(narrow, "Резервные копии", "nav.tabs"))
            overflow = narrow.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if overflow > 0:
                fail("%s is %d px wider than the phone" % (path, overflow))
            shots.shot(narrow, name, whole_page=True)
        check_console(desktop=wide, phone=narrow)
    finally:
        wide.quit()
        narrow.quit()
        os.unlink(sheet.name)

    # A manager and QA typing the admin pages' addresses get what a missing page gets.
    for login in (manager, qa):
        browser = desktop()
        try:
            log_in(browser, args.base, login, args.password)
            if browser.find_elements(By.CSS_SELECTOR, ".bar nav a.admin-nav"):
                fail(login + " sees the admin entry in the menu")
            refused_by_url(browser, args.base, login, ADMIN_PAGES)
        finally:
            browser.quit()
        print("%s: every admin page refused" % login, flush=True)
    print("ok", flush=True)


if __name__ == "__main__":
    main()
