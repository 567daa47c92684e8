#!/usr/bin/python3
"""Scenario: the live exchange, the race for a lead, both managers' deals, Новая заявка.

    live_exchange.py --base URL --password PW --screenshots DIR --user LOGIN:NAME --user LOGIN:NAME
                     --dovecot SCRIPT --dovecot-dir DIR --mailbox-user USER

Two headless Chromium windows log in as two managers (the first at desktop width, the second at
phone width). A request is saved into the real Dovecot mailbox the daemon watches with IDLE; the
script measures how long it takes to appear on both open pages without a reload, then both
managers press Взять at the same moment: one must own it, the other must be told who took it.
Screenshots of each step go to --screenshots. Any failed check exits non-zero with the reason;
the browser's console must stay free of errors (a CSP violation would be one).
"""
import threading
import time
import uuid

from leadexbrowser import (By, Screenshots, arguments, check_console, deliver_mail, desktop as open_desktop, fail,
                           lead_with_title, log_in, phone as open_phone, users, wait_for)


def main():
    parser = arguments(__doc__)
    parser.add_argument("--dovecot", required=True)
    parser.add_argument("--dovecot-dir", required=True)
    parser.add_argument("--mailbox-user", required=True)
    args = parser.parse_args()
    (first_login, first_name), (second_login, second_name) = users(args)[:2]
    screenshots = Screenshots(args.screenshots)
    shot = screenshots.shot

    desktop = open_desktop()
    phone = open_phone()
    try:
        desktop.get(args.base + "/login")
        shot(desktop, "login")
        phone.get(args.base + "/login")
        shot(phone, "login")
        log_in(desktop, args.base, first_login, args.password)
        log_in(phone, args.base, second_login, args.password)
        if "Биржа" not in desktop.title:
            fail("the exchange page's title is %r" % desktop.title)

        def deliver(title, name, text):
            """Saves a request into the mailbox the daemon watches with IDLE."""
            deliver_mail(args.dovecot, args.dovecot_dir, args.mailbox_user, title, name, text)

        # Two requests already waiting, so that the pages show a list.
        deliver("Кухонный гарнитур на заказ", "Олег Смирнов", "Добрый день, интересует кухня 3 метра, перезвоните после 18:00.")
        deliver("Заявка с сайта: доставка", "ООО «Ромашка»", "Нужна доставка 20 паллет в Казань на следующей неделе.")
        wait_for("the waiting requests", lambda: len(desktop.find_elements(By.CSS_SELECTOR, "#leads li.lead")) >= 2)

        # Notifications as if the manager had allowed them: a stand-in records what the page shows.
        desktop.execute_script("""
            window.leadexNotified = [];
            window.Notification = function (title, options) { window.leadexNotified.push(title + " / " + options.body); };
            window.Notification.permission = "granted";
        """)
        title = "Расчёт окон %s" % uuid.uuid4().hex[:8]
        before = len(desktop.find_elements(By.CSS_SELECTOR, "#leads li.lead"))
        deliver(title, "Мария Клиентова", "Здравствуйте! Нужен расчёт трёх окон. Телефон +7 912 555-12-34.")
        delivered = time.monotonic()
        lead = wait_for("the new lead on the open desktop page", lambda: lead_with_title(desktop, title))
        on_desktop = time.monotonic() - delivered
        wait_for("the new lead on the open phone page", lambda: lead_with_title(phone, title))
        on_phone = time.monotonic() - delivered
        print("delivery -> visible without reload: %.0f ms (desktop), %.0f ms (phone)" % (on_desktop * 1000, on_phone * 1000), flush=True)
        if desktop.find_element(By.ID, "count").text != str(before + 1):
            fail("the count shows %r, expected %d" % (desktop.find_element(By.ID, "count").text, before + 1))
        wait_for("the count in the tab title", lambda: desktop.title.startswith("(%d)" % (before + 1)))
        notified = desktop.execute_script("return window.leadexNotified")
        if notified != [title + " / Мария Клиентова"]:
            fail("expected one notification for the new lead, got %r" % notified)
        item = desktop.find_element(By.ID, "lead-" + lead)
        for expected in ("Мария Клиентова", "Нужен расчёт трёх окон", "Почта sales"):
            if expected not in item.text:
                fail("the lead's card lacks %r: %r" % (expected, item.text))
        shot(desktop, "exchange")
        shot(phone, "exchange")

        # Both press Взять at the same moment (the same machine's clock schedules both clicks).
        at = int(time.time() * 1000) + 800
        script = """
            var id = arguments[0], at = arguments[1];
            setTimeout(function () {
              var button = document.querySelector('#lead-' + id + ' form.take button');
              if (button) { button.click(); } else { window.leadexMissed = true; }
            }, Math.max(0, at - Date.now()));
        """
        threads = [threading.Thread(target=d.execute_script, args=(script, lead, at)) for d in (desktop, phone)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        def outcome(driver):
            notice = driver.find_element(By.ID, "action-notice")
            error = driver.find_element(By.ID, "action-error")
            if notice.is_displayed() and notice.text:
                return ("won", notice.text)
            if error.is_displayed() and error.text:
                return ("lost", error.text)
            return None

        results = {name: wait_for(name + "'s answer to Взять", lambda d=d: outcome(d))
                   for name, d in ((first_name, desktop), (second_name, phone))}
        for driver in (desktop, phone):
            if driver.execute_script("return window.leadexMissed === true"):
                fail("a click found no button: the race was not run")
        winners = [name for name, (kind, _) in results.items() if kind == "won"]
        losers = [(name, text) for name, (kind, text) in results.items() if kind == "lost"]
        if len(winners) != 1 or len(losers) != 1:
            fail("expected one owner and one refusal, got %r" % results)
        if winners[0] not in losers[0][1]:
            fail("the refusal %r does not say who took the lead (%s)" % (losers[0][1], winners[0]))
        print("race: %s took lead %s; %s was told: %s" % (winners[0], lead, losers[0][0], losers[0][1]), flush=True)
        for driver in (desktop, phone):
            wait_for("the taken lead gone from the list", lambda d=driver: lead_with_title(d, title) is None)
        shot(desktop, "taken")
        shot(phone, "taken")

        def work_deal(driver, title, phone_link):
            """Мои сделки, the deal page, a note written there; screenshots of both, whole pages."""
            driver.get(args.base + "/deals")
            if title not in driver.page_source:
                fail("Мои сделки lacks %r" % title)
            shot(driver, "deals")
            driver.find_element(By.PARTIAL_LINK_TEXT, title).click()
            wait_for("the deal page", lambda: "/deals/" in driver.current_url)
            if phone_link and 'href="tel:' + phone_link + '"' not in driver.page_source:
                fail("the deal page has no tel: link for the client's phone")
            driver.find_element(By.ID, "note-text").send_keys("Позвонил: замер в четверг в 10:00")
            driver.find_element(By.CSS_SELECTOR, "form.note button").click()
            # One script per look: the page is being replaced by the form's answer meanwhile.
            wait_for("the note in the history", lambda: driver.execute_script(
                "var h = document.querySelector('ol.history'); return h !== null && h.textContent.indexOf(arguments[0]) >= 0"
                " && location.search.indexOf('done=note') >= 0;", "Позвонил: замер в четверг в 10:00"))
            shot(driver, "deal", whole_page=True)

        owner, other = (desktop, phone) if winners[0] == first_name else (phone, desktop)
        work_deal(owner, title, "+79125551234")
        # The other manager takes one of the waiting requests and works it too.
        other.get(args.base + "/exchange")
        wait_for("the exchange", lambda: lead_with_title(other, "Кухонный гарнитур"))
        other.find_element(By.CSS_SELECTOR, "#lead-%s form.take button" % lead_with_title(other, "Кухонный гарнитур")).click()
        wait_for("the take", lambda: other.find_element(By.ID, "action-notice").is_displayed())
        work_deal(other, "Кухонный гарнитур", None)
        print("deals: both managers noted their deals", flush=True)

        # Новая заявка, typed in from a call: it lands on the other manager's open exchange page.
        phone.get(args.base + "/exchange")
        wait_for("the phone's live stream", lambda: "live" in phone.find_element(By.ID, "live-status").get_attribute("class"))
        desktop.get(args.base + "/leads/new")
        shot(desktop, "new-lead")
        desktop.find_element(By.NAME, "name").send_keys("Ирина Звонкова")
        desktop.find_element(By.NAME, "phone").send_keys("8 (912) 555-00-99")
        desktop.find_element(By.NAME, "note").send_keys("Звонок: нужен замер балкона")
        desktop.find_element(By.CSS_SELECTOR, ".new-lead-form button").click()
        wait_for("the added lead's notice", lambda: "/exchange?added=" in desktop.current_url)
        wait_for("the typed-in lead on the phone's open page", lambda: lead_with_title(phone, "Звонок: нужен замер балкона"))
        print("new lead: typed in on one page, appeared on the other", flush=True)

        check_console(desktop=desktop, phone=phone)
        print("ok", flush=True)
    finally:
        desktop.quit()
        phone.quit()


if __name__ == "__main__":
    main()
