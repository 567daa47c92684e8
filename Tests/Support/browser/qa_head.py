#!/usr/bin/python3
"""Scenario: QA and the head of sales at work, in a real browser against the real daemon.

    qa_head.py --base URL --password PW --screenshots DIR --user LOGIN:NAME ... --timezone ZONE
               --company NAME --socket CONTROL_SOCKET --mail-dir SMTP_MAIL_DIR --password-link URL

Users, in order: three managers (the first has an email for reminders), QA, the head, an admin,
and a user without a password (invited: --password-link is the link the invitation mail carries).

A manager refuses a deal with a reason on the deal page; QA finds it among the refusals with the
call script filled in (QA's name, the company, the reason), tries to reopen it to the second
manager without a note (refused, with a message, nothing changes), then with one; the second
manager finds it in their deals and the note in its history. The head hands a deal from the
first manager to the third, then returns all the third's deals to the exchange; the head's "now"
page takes a lead added through the control socket without a reload (the time it took is
printed); the report page's totals are the counts this scenario made. A manager and QA typing the
head's and admins' addresses get what a missing page gets; QA's menu has the refusals and a
manager's not. A reminder due the minute it is set reaches the SMTP server with a link to its
deal, which opens that deal after the login. Screenshots of each page at both widths.
"""
import datetime
import email
import email.policy
import glob
import json
import os
import re
import subprocess
import time
import zoneinfo

from leadexbrowser import (By, refused_by_url, Screenshots, arguments, check_console, desktop as open_desktop, fail, log_in, page_contains,
                           phone as open_phone, users, wait_for)

OVERSIGHT_PAGES = ["/head/now", "/head/reports", "/admin/status"]


def switch(driver, base, login, password, live=False):
    """Logs `driver` out (its cookies dropped) and in as `login`."""
    driver.get(base + "/login")
    driver.delete_all_cookies()
    log_in(driver, base, login, password, live=live)


def add_lead(driver, base, name, phone, note):
    """Новая заявка taken at once; returns the deal's id."""
    driver.get(base + "/leads/new")
    driver.find_element(By.NAME, "name").send_keys(name)
    driver.find_element(By.NAME, "phone").send_keys(phone)
    driver.find_element(By.NAME, "note").send_keys(note)
    driver.find_element(By.NAME, "take").click()
    driver.find_element(By.CSS_SELECTOR, ".new-lead-form button").click()
    url = wait_for("the added deal", lambda: re.search(r"/deals/(\d+)", driver.current_url) and driver.current_url)
    return re.search(r"/deals/(\d+)", url).group(1)


def history_lines(driver):
    return driver.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll('ol.history li'), function (li) { return li.textContent; });")


def submit_and_wait(driver, form_selector, done, button=""):
    """Presses the form's button; waits for the page to come back with ?done=DONE."""
    driver.find_element(By.CSS_SELECTOR, form_selector + " button[type=submit]" + button).click()
    wait_for("the page after " + done, lambda: driver.execute_script(
        "return location.search.indexOf(arguments[0]) >= 0 && document.readyState === 'complete';", "done=" + done))


def nav_classes(driver):
    return driver.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll('.bar nav a'), function (a) { return a.className; });")


def no_overflow(driver, what):
    overflow = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 0:
        fail("%s is %d px wider than the phone" % (what, overflow))


def mails(directory):
    """Every message the SMTP server received, as email.message.EmailMessage, in order."""
    return [email.message_from_bytes(open(path, "rb").read(), policy=email.policy.default)
            for path in sorted(glob.glob(os.path.join(directory, "*.eml")))]


def text_of(message):
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""


def add_by_socket(socket, name, phone, note):
    """A lead onto the exchange through the control socket (as root: the first admin)."""
    body = json.dumps({"name": name, "phone": phone, "note": note, "take": False})
    reply = subprocess.run(
        ["curl", "-s", "-w", "\n%{http_code}", "--unix-socket", socket, "-X", "POST", "-H", "Content-Type: application/json", "-d", body,
         "http://leadexd/v1/leads"], capture_output=True, text=True, check=True).stdout
    if not reply.rstrip().endswith("201") and not reply.rstrip().endswith("200"):
        fail("the control socket did not add the lead: %r" % reply)


def figure(driver, element_id):
    return driver.execute_script(
        "var e = document.querySelector('#' + arguments[0] + ' .value'); return e === null ? null : e.textContent.trim();", element_id)


def total(driver, element_id):
    """The leading number of a report total ("5 (0)" is 5)."""
    text = driver.execute_script("var e = document.getElementById(arguments[0]); return e === null ? '' : e.textContent;", element_id)
    match = re.match(r"\s*(\d+)", text or "")
    if not match:
        fail("the report's %s is not a number: %r" % (element_id, text))
    return int(match.group(1))


def main():
    parser = arguments(__doc__)
    parser.add_argument("--timezone", required=True)
    parser.add_argument("--company", required=True)
    parser.add_argument("--socket", required=True)
    parser.add_argument("--mail-dir", required=True)
    parser.add_argument("--password-link", required=True)
    args = parser.parse_args()
    listed = users(args)
    (first, first_name), (second, second_name), (third, third_name), (qa, qa_name), (head, _) = listed[:5]
    shots = Screenshots(args.screenshots)
    base, password = args.base, args.password
    desk = open_desktop()
    narrow = open_phone()
    chief = open_desktop()
    created = 0
    try:
        # The first manager: a deal with a reminder due now (its mail goes out meanwhile), a deal
        # refused with a reason, and one the head will hand on.
        log_in(desk, base, first, password, live=False)
        if set(nav_classes(desk)) & {"refusals-nav", "now-nav", "reports-nav", "admin-nav"}:
            fail("a manager's menu has oversight entries: %r" % nav_classes(desk))
        reminded = add_lead(desk, base, "Дмитрий Напоминаев", "+7 912 400-00-01", "Кухня на заказ, перезвонить")
        created += 1
        zone = zoneinfo.ZoneInfo(args.timezone)
        if datetime.datetime.now(zone).second >= 50:
            time.sleep(60.5 - datetime.datetime.now(zone).second)
        now = datetime.datetime.now(zone)
        desk.execute_script("document.getElementById('remind-at').value = arguments[0];", now.strftime("%Y-%m-%dT%H:%M"))
        desk.find_element(By.CSS_SELECTOR, "form.remind input[name=note]").send_keys("Перезвонить Дмитрию про кухню")
        submit_and_wait(desk, "form.remind", "remind")

        refused = add_lead(desk, base, "Алла Отказова", "+7 912 400-00-02", "Шкаф в спальню, просит расчёт")
        created += 1
        reasons = desk.execute_script(
            "return Array.prototype.map.call(document.querySelectorAll('#refuse-reason option'), function (o) { return [o.value, o.textContent]; });")
        reason, reason_title = next(((value, title) for value, title in reasons if not title.endswith("*")), (None, None))
        if reason is None:
            fail("every refusal reason needs a note: %r" % reasons)
        desk.execute_script("document.getElementById('refuse-reason').value = arguments[0];", reason)
        desk.find_element(By.CSS_SELECTOR, "form.refuse input[name=note]").send_keys("Говорит, у конкурентов дешевле")
        submit_and_wait(desk, "form.refuse", "refuse")
        print("refused: deal %s, reason %r" % (refused, reason_title), flush=True)

        handed = add_lead(desk, base, "Борис Передачин", "+7 912 400-00-03", "Прихожая, замер в субботу")
        created += 1

        # The third manager has a deal of their own.
        switch(desk, base, third, password)
        own = add_lead(desk, base, "Светлана Возвратова", "+7 912 400-00-04", "Гардеробная, 3 м")
        created += 1
        refused_by_url(desk, base, third, OVERSIGHT_PAGES + ["/qa/refusals"])

        # QA: the refusal with its call script, a reopen without a note refused, then with one.
        switch(desk, base, qa, password)
        menu = nav_classes(desk)
        if "refusals-nav" not in menu or set(menu) & {"now-nav", "reports-nav", "admin-nav"}:
            fail("QA's menu is not refusals only: %r" % menu)
        desk.find_element(By.CSS_SELECTOR, ".bar nav a.refusals-nav").click()
        card = "#refusal-" + refused
        wait_for("the refusal in QA's queue", lambda: desk.find_elements(By.CSS_SELECTOR, card))
        for selector, text in ((".client", "Алла Отказова"), (".manager", first_name), (".reason", reason_title),
                               (".note", "у конкурентов дешевле")):
            if not page_contains(desk, text, card + " " + selector):
                fail("the refusal's %s does not say %r" % (selector, text))
        script = desk.find_element(By.CSS_SELECTOR, card + " .script pre").text
        for text in ("это " + qa_name, "компания " + args.company, "по причине «%s»" % reason_title, "Добрый день"):
            if text not in script:
                fail("the call script lacks %r: %r" % (text, script))
        print("call script: %s" % script.splitlines()[0][:160], flush=True)
        shots.shot(desk, "qa-refusals", whole_page=True)
        log_in(narrow, base, qa, password, live=False)
        narrow.get(base + "/qa/refusals")
        wait_for("the refusal on the phone", lambda: narrow.find_elements(By.CSS_SELECTOR, card))
        no_overflow(narrow, "/qa/refusals")
        shots.shot(narrow, "qa-refusals", whole_page=True)

        desk.execute_script("document.getElementById('review-to-' + arguments[0]).value = arguments[1];", refused, second)
        desk.find_element(By.CSS_SELECTOR, card + " button[name=decision][value=manager]").click()
        error = wait_for("the reopen's refusal", lambda: desk.execute_script(
            "var e = document.querySelector(arguments[0] + ' p.error'); return e && e.textContent;", card))
        if "что сказал клиент" not in error:
            fail("the reopen without a note is refused with %r" % error)
        desk.get(base + "/qa/refusals")
        if not wait_for("the queue", lambda: desk.find_elements(By.CSS_SELECTOR, "section.refusals")) or not desk.find_elements(By.CSS_SELECTOR, card):
            fail("a refused reopen took the deal out of the queue")
        print("reopen without a note: %s" % error, flush=True)
        refused_by_url(desk, base, qa, OVERSIGHT_PAGES)
        desk.get(base + "/qa/refusals")
        wait_for("the queue again", lambda: desk.find_elements(By.CSS_SELECTOR, card))
        desk.find_element(By.ID, "review-note-" + refused).send_keys("Клиент готов, если сделаем скидку 5%")
        desk.execute_script("document.getElementById('review-to-' + arguments[0]).value = arguments[1];", refused, second)
        desk.find_element(By.CSS_SELECTOR, card + " button[name=decision][value=manager]").click()
        wait_for("the reopen", lambda: "done=" in desk.current_url and not desk.find_elements(By.CSS_SELECTOR, card))

        # The second manager has it, with QA's note in its history.
        switch(desk, base, second, password)
        desk.get(base + "/deals")
        wait_for("the reopened deal among the second manager's deals", lambda: desk.find_elements(By.ID, "deal-" + refused))
        desk.find_element(By.CSS_SELECTOR, "#deal-%s a" % refused).click()
        wait_for("the reopened deal's page", lambda: page_contains(desk, "скидку 5%", "ol.history"))
        print("reopened to %s with the note in the history" % second_name, flush=True)

        # The head hands the first manager's deal to the third, then returns all the third's.
        log_in(chief, base, head, password)
        menu = nav_classes(chief)
        if not {"refusals-nav", "now-nav", "reports-nav"} <= set(menu):
            fail("the head's menu lacks an entry: %r" % menu)
        chief.get(base + "/deals/" + handed)
        chief.execute_script("document.getElementById('reassign-to').value = arguments[0];", third)
        chief.find_element(By.CSS_SELECTOR, "form.reassign input[name=note]").send_keys("Иван в отпуске до 20-го")
        submit_and_wait(chief, "form.reassign", "reassign")
        if third_name not in chief.find_element(By.CSS_SELECTOR, "p.meta").text:
            fail("the deal is not %s's after the reassignment: %r" % (third_name, chief.find_element(By.CSS_SELECTOR, "p.meta").text))
        line = [text for text in history_lines(chief) if "в отпуске до 20-го" in text]
        if not line or first_name not in line[0] or third_name not in line[0]:
            fail("the history lacks the reassignment with both names: %r" % history_lines(chief))
        print("reassigned: %s" % " ".join(line[0].split()), flush=True)

        chief.get(base + "/head/now")
        chief.execute_script("document.getElementById('return-all-owner').value = arguments[0];", third)
        chief.find_element(By.CSS_SELECTOR, "form.return-all input[name=note]").send_keys("Сидор уволился")
        chief.find_element(By.CSS_SELECTOR, "form.return-all button[type=submit]").click()
        notice = wait_for("the return's notice", lambda: chief.execute_script(
            "var e = document.querySelector('section.head-now p.notice'); return e && e.textContent;"))
        if "2" not in notice:
            fail("returning all the third manager's deals says %r (expected 2)" % notice)
        if not page_contains(chief, "0/", "#seller-" + third):
            fail("the third manager still has deals: %r" % chief.find_element(By.ID, "seller-" + third).text)
        print("returned all: %s" % notice, flush=True)
        for deal in (handed, own):
            chief.get(base + "/deals/" + deal)
            if not page_contains(chief, "Сидор уволился", "ol.history"):
                fail("deal %s's history lacks the return" % deal)

        # The head's "now" page takes a new lead without a reload.
        chief.get(base + "/head/now")
        wait_for("the now page's live stream", lambda: chief.execute_script(
            "var s = document.getElementById('live-status'); return s && s.textContent.length > 0 && !s.classList.contains('offline');"))
        before = int(figure(chief, "now-exchange"))
        chief.execute_script("window.leadexMarker = 'same page';")
        started = time.monotonic()
        add_by_socket(args.socket, "Евгений Живой", "+7 912 400-00-05", "Кухня, звонок с выставки")
        created += 1
        wait_for("the new lead on the now page", lambda: figure(chief, "now-exchange") == str(before + 1), timeout=10, step=0.005)
        took = time.monotonic() - started
        if chief.execute_script("return window.leadexMarker") != "same page":
            fail("the now page was reloaded")
        print("head now: lead landed -> on the page without reload in %.0f ms (%d -> %d on the exchange)" % (took * 1000, before, before + 1),
              flush=True)
        shots.shot(chief, "head-now", whole_page=True)

        # The report for the default period: the counts this scenario made.
        chief.find_element(By.CSS_SELECTOR, ".bar nav a.reports-nav").click()
        wait_for("the report page", lambda: chief.find_elements(By.ID, "total-received"))
        figures = {name: total(chief, "total-" + name) for name in ("received", "taken", "won", "refused", "lost", "disqualified")}
        if figures["received"] != created or figures["refused"] != 1 or figures["won"] != 0 or figures["lost"] != 0:
            fail("the report's totals %r are not this scenario's (%d received, 1 refused)" % (figures, created))
        print("report totals: " + " ".join("%s=%d" % item for item in sorted(figures.items())), flush=True)
        shots.shot(chief, "head-reports", whole_page=True)

        switch(narrow, base, head, password)
        for path, name in (("/head/now", "head-now"), ("/head/reports", "head-reports")):
            narrow.get(base + path)
            wait_for(name + " on the phone", lambda: narrow.find_elements(By.CSS_SELECTOR, "section"))
            no_overflow(narrow, path)
            shots.shot(narrow, name, whole_page=True)

        # The page behind the invitation link, at both widths.
        for driver in (desk, narrow):
            driver.get(base + "/login")
            driver.delete_all_cookies()
            driver.get(args.password_link)
            wait_for("the password page", lambda d=driver: d.find_elements(By.CSS_SELECTOR, "input[type=password]"))
            if not page_contains(driver, "Добро пожаловать", "main"):
                fail("the invitation's page does not welcome: %r" % driver.find_element(By.TAG_NAME, "main").text)
            if driver is narrow:
                no_overflow(narrow, "the password page")
            shots.shot(driver, "password")

        # The reminder's mail links to its deal; logged out, the link opens it after the login.
        def reminder_mail():
            for message in mails(args.mail_dir):
                if "Перезвонить Дмитрию про кухню" in text_of(message):
                    return message
            return None
        message = wait_for("the reminder mail at the SMTP server", reminder_mail, timeout=30, step=0.05)
        links = re.findall(r"https?://\S+/deals/\d+", text_of(message))
        if not links or not links[0].startswith(base) or not links[0].endswith("/deals/" + reminded):
            fail("the reminder mail does not link to deal %s: %r" % (reminded, text_of(message)))
        desk.get(base + "/login")
        desk.delete_all_cookies()
        desk.get(links[0])
        wait_for("the login page", lambda: desk.find_elements(By.NAME, "password"))
        desk.find_element(By.NAME, "login").send_keys(first)
        desk.find_element(By.NAME, "password").send_keys(password)
        desk.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        wait_for("the reminded deal after the login", lambda: desk.current_url.split("?")[0].endswith("/deals/" + reminded))
        if not page_contains(desk, "Дмитрий Напоминаев", "section.deal"):
            fail("the link's deal page does not show its client")
        print("reminder mail link -> login -> deal %s" % reminded, flush=True)

        check_console(desktop=desk, phone=narrow, head=chief)
        print("ok", flush=True)
    finally:
        desk.quit()
        narrow.quit()
        chief.quit()


if __name__ == "__main__":
    main()
