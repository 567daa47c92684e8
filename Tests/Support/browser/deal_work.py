#!/usr/bin/python3
"""Scenario: a manager at the cap presses Взять; a full deal worked on its page.

    deal_work.py --base URL --password PW --screenshots DIR --user LOGIN:NAME --user LOGIN:NAME
                 --timezone ZONE

The first user (desktop width) works a whole deal; the second (phone width) has a cap of one
open deal. The second adds a call taken at once (reaching the cap) and then presses Взять on a
lead the first added onto the exchange: the page must say the cap is reached and the lead must
stay on the exchange. The first takes it and on its page moves it through two stages, adds a
note, sets a callback reminder for the current minute (due at once, so its mail reaches the SMTP
server without anyone waiting; the Swift test checks the mail) and one through a quick choice,
then refuses it with the reason that needs a note: without the note the refusal must be shown
next to the refusal form and nothing change; with it, it is accepted. Prints "deal: ID".
"""
import datetime
import time
import zoneinfo

from leadexbrowser import (By, click, Screenshots, arguments, check_console, desktop as open_desktop, fail, lead_with_title, log_in,
                           page_contains, phone as open_phone, users, wait_for)


def add_lead(driver, base, name, phone, note, take, shot=None):
    """Новая заявка; returns the URL it lands on."""
    driver.get(base + "/leads/new")
    if shot:
        shot(driver, "new-lead")
    driver.find_element(By.NAME, "name").send_keys(name)
    driver.find_element(By.NAME, "phone").send_keys(phone)
    driver.find_element(By.NAME, "note").send_keys(note)
    if take:
        driver.find_element(By.NAME, "take").click()
    driver.find_element(By.CSS_SELECTOR, ".new-lead-form button").click()
    target = "/deals/" if take else "/exchange?added="
    return wait_for("the added lead", lambda: target in driver.current_url and driver.current_url)


def history_lines(driver):
    return driver.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll('ol.history li'), function (li) { return li.textContent; });")


def submit_and_wait(driver, form_selector, done):
    """Presses the form's first button; waits for a new deal page to come back with ?done=DONE
    (a mark left on the old page tells it apart when two actions in a row end on the same ?done=)."""
    driver.execute_script("window.leadexOldPage = true;")
    driver.find_element(By.CSS_SELECTOR, form_selector + " button[type=submit]").click()
    wait_for("the deal page after " + done, lambda: driver.execute_script(
        "return !window.leadexOldPage && location.search.indexOf(arguments[0]) >= 0 && document.readyState === 'complete';",
        "done=" + done))


def main():
    parser = arguments(__doc__)
    parser.add_argument("--timezone", required=True, help="the daemon's configured time zone")
    args = parser.parse_args()
    (worker_login, worker_name), (capped_login, capped_name) = users(args)[:2]
    shot = Screenshots(args.screenshots).shot
    desktop = open_desktop()
    phone = open_phone()
    try:
        log_in(desktop, args.base, worker_login, args.password)
        log_in(phone, args.base, capped_login, args.password)

        # The capped manager fills the one open deal allowed with a call taken at once.
        add_lead(phone, args.base, "Геннадий Звонарёв", "+7 912 000-11-22", "Звонок: окна на дачу", take=True, shot=shot)
        # The first manager puts a call onto the exchange.
        add_lead(desktop, args.base, "Анна Петрова", "+7 (912) 333-44-55", "Нужен шкаф-купе в прихожую, 2 м", take=False)
        phone.get(args.base + "/exchange")
        lead = wait_for("the call on the capped manager's exchange", lambda: lead_with_title(phone, "шкаф-купе"))
        click(phone, "#lead-%s form.take button" % lead)
        refusal = wait_for("the cap's refusal", lambda: phone.execute_script(
            "var e = document.getElementById('action-error'); return e && !e.hidden && e.textContent;"))
        if "лимит" not in refusal:
            fail("the refusal at the cap does not say so: %r" % refusal)
        shot(phone, "cap")
        phone.get(args.base + "/exchange")
        if not wait_for("the page", lambda: phone.find_elements(By.ID, "leads")) or lead_with_title(phone, "шкаф-купе") != lead:
            fail("the lead left the exchange although the take was refused")
        print("cap: %s was told: %s" % (capped_name, refusal), flush=True)

        # The first manager takes it and works the deal.
        desktop.get(args.base + "/exchange")
        wait_for("the call on the exchange", lambda: lead_with_title(desktop, "шкаф-купе") == lead)
        click(desktop, "#lead-%s form.take button" % lead)
        wait_for("the take", lambda: desktop.execute_script(
            "var e = document.getElementById('action-notice'); return e && !e.hidden && e.textContent;"))
        desktop.get(args.base + "/deals/" + lead)
        stages = desktop.execute_script(
            "return Array.prototype.map.call(document.querySelectorAll('#stage option'), function (o) { return [o.value, o.textContent]; });")
        if len(stages) < 3:
            fail("expected at least three stages, got %r" % stages)
        for value, title in stages[1:3]:
            desktop.execute_script("document.getElementById('stage').value = arguments[0];", value)
            submit_and_wait(desktop, "form.inline[action$='/stage']", "stage")
            if title not in desktop.find_element(By.CSS_SELECTOR, "p.meta").text:
                fail("the deal's stage is not %r after the move: %r" % (title, desktop.find_element(By.CSS_SELECTOR, "p.meta").text))
        moves = [line for line in history_lines(desktop) if stages[2][1] in line]
        if not moves:
            fail("the history lacks the move to %r: %r" % (stages[2][1], history_lines(desktop)))

        desktop.find_element(By.ID, "note-text").send_keys("Позвонил: замер в пятницу в 11:00")
        submit_and_wait(desktop, "form.note", "note")
        if not page_contains(desktop, "Позвонил: замер в пятницу в 11:00", "ol.history"):
            fail("the note is not in the history")

        # A reminder for the current minute is due as soon as it is set (the rule allows a minute
        # past, what typing "today 15:30" at 15:30 takes): its mail is sent without anyone waiting.
        # Near the end of a minute the form would arrive in the next one: start a fresh minute.
        zone = zoneinfo.ZoneInfo(args.timezone)
        if datetime.datetime.now(zone).second >= 50:
            time.sleep(60.5 - datetime.datetime.now(zone).second)
        now = datetime.datetime.now(zone)
        desktop.execute_script("document.getElementById('remind-at').value = arguments[0];", now.strftime("%Y-%m-%dT%H:%M"))
        desktop.find_element(By.CSS_SELECTOR, "form.remind input[name=note]").send_keys("Перезвонить Анне про замер")
        submit_and_wait(desktop, "form.remind", "remind")
        desktop.find_element(By.CSS_SELECTOR, "form.remind input[name=note]").send_keys("Уточнить цвет фасада")
        desktop.find_element(By.CSS_SELECTOR, "form.remind button[name=quick][value='+2h']").click()
        wait_for("the quick reminder", lambda: page_contains(desktop, "Уточнить цвет фасада", "section.deal"))
        for note in ("Перезвонить Анне про замер", "Уточнить цвет фасада"):
            if not page_contains(desktop, note, "section.deal"):
                fail("the reminder %r is not on the deal page" % note)
        print("reminder: set for %s (%s)" % (now.strftime("%H:%M"), args.timezone), flush=True)

        # Контакты, at both widths: each finds the client of an open deal of their own.
        for driver, query, name in ((desktop, "Петрова", "Анна Петрова"), (phone, "912 000-11-22", "Геннадий Звонарёв")):
            driver.get(args.base + "/contacts?q=" + query)
            wait_for("the contact found", lambda d=driver, n=name: page_contains(d, n))
            shot(driver, "contacts", whole_page=True)
        desktop.get(args.base + "/deals/" + lead)

        # The refusal whose reason needs a note, first without one.
        before = history_lines(desktop)
        desktop.execute_script("document.getElementById('refuse-reason').value = 'other';")
        desktop.find_element(By.CSS_SELECTOR, "form.refuse button").click()
        error = wait_for("the refusal's error next to its form", lambda: desktop.execute_script(
            "var e = document.querySelector('form.refuse .error'); return e && e.textContent;"))
        if desktop.execute_script("return document.querySelector('form.refuse input[name=note]').getAttribute('aria-invalid')") != "true":
            fail("the refusal's note field is not marked invalid")
        if history_lines(desktop) != before or desktop.find_elements(By.CSS_SELECTOR, "p.notice"):
            fail("a refused refusal changed the deal")
        shot(desktop, "deal-refusal-error", whole_page=True)
        print("refusal without a note: %s" % error, flush=True)
        desktop.get(args.base + "/deals/" + lead)
        if history_lines(desktop) != before:
            fail("a refused refusal changed the deal's history")
        desktop.execute_script("document.getElementById('refuse-reason').value = 'other';")
        desktop.find_element(By.CSS_SELECTOR, "form.refuse input[name=note]").send_keys("Купили готовый шкаф в магазине")
        submit_and_wait(desktop, "form.refuse", "refuse")
        if not page_contains(desktop, "Купили готовый шкаф в магазине", "ol.history"):
            fail("the accepted refusal is not in the history: %r" % history_lines(desktop))
        shot(desktop, "deal-refused", whole_page=True)
        print("refusal with a note: accepted", flush=True)

        print("deal: %s" % lead, flush=True)
        check_console(desktop=desktop, phone=phone)
        print("ok", flush=True)
    finally:
        desktop.quit()
        phone.quit()


if __name__ == "__main__":
    main()
