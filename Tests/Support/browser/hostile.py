#!/usr/bin/python3
"""Scenario: what the workspace must withstand.

    hostile.py --base URL --password PW --screenshots DIR --user LOGIN:NAME --user LOGIN:NAME
               --dovecot SCRIPT --dovecot-dir DIR --mailbox-user USER

- A mailed request whose sender's name, subject and text hold <script> and <img onerror> is shown
  as text on the exchange (live and after a reload), in Мои сделки and on the deal page; the
  payloads would set window.leadexPwned, which must stay unset, and no alert may open.
- A page served from another loopback origin auto-submits forms to Leadex actions (a note on the
  victim's deal, Взять on a lead) in the victim's logged-in browser: both are refused and nothing
  changes (the Swift test also finds RULE=web.origin twice in the journal).
- The second manager opening the first one's deal by its URL gets the very answer a deal that
  does not exist gets (status and page).
- A session cookie copied before logout and set again afterwards opens nothing.
- Wrong passwords: the first failures are answered as such, then attempts are refused without
  the password being checked (even the right one) for the announced delay; the answers' times and
  the delays are printed.
"""
import http.server
import threading
import time

from leadexbrowser import (By, click, arguments, check_console, deliver_mail, desktop as open_desktop, fail, lead_with_title, log_in,
                           page_contains, phone as open_phone, users, wait_for)

PAYLOAD_NAME = '<script>window.leadexPwned = "name"</script>Хакер <img src=x onerror="window.leadexPwned = \'name-img\'">'
PAYLOAD_TITLE = 'Заявка <img src=x onerror="window.leadexPwned = \'title\'"> <script>window.leadexPwned = "title-script"</script>'
PAYLOAD_TEXT = 'Текст <script>window.leadexPwned = "text"</script> и <img src=x onerror="window.leadexPwned = \'text-img\'"> конец'


def inert(driver, where):
    """Fails if a payload ran or left an element in the page; the markup must read as text."""
    state = driver.execute_script("""
        var alerted = false;
        return {
          pwned: window.leadexPwned === undefined ? null : String(window.leadexPwned),
          images: document.querySelectorAll('img').length,
          scripts: Array.prototype.filter.call(document.querySelectorAll('script'), function (s) { return !s.src; }).length,
          text: document.body.textContent
        };
    """)
    if state["pwned"] is not None:
        fail("a payload ran on %s: window.leadexPwned = %r" % (where, state["pwned"]))
    if state["images"] or state["scripts"]:
        fail("markup of the lead became elements on %s: %r" % (where, state))
    if "<script>" not in state["text"] or "<img src=x" not in state["text"]:
        fail("the lead's markup is not shown as text on %s" % where)
    try:
        alert = driver.switch_to.alert
        fail("an alert opened on %s: %r" % (where, alert.text))
    except Exception:  # noqa: BLE001 (no alert is the expected state)
        pass


class ForgeryServer:
    """Another origin on loopback: /note?... and /take?... answer pages that post to Leadex at once."""

    def __init__(self, base):
        pages = {}
        self.pages = pages

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = pages.get(self.path, "").encode()
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = "http://127.0.0.1:%d" % self.server.server_address[1]
        self.base = base
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def page(self, path, action, fields):
        inputs = "".join('<input type="hidden" name="%s" value="%s">' % item for item in fields.items())
        self.pages[path] = (
            '<!doctype html><html><body><h1>Выигрыш!</h1><form id="f" method="post" action="%s%s">%s</form>'
            '<script>document.getElementById("f").submit();</script></body></html>' % (self.base, action, inputs))
        return self.origin + path

    def stop(self):
        self.server.shutdown()


def fetched(driver, url, accept="text/html"):
    """Status and body of a GET from the page (the session's cookie goes with it)."""
    return driver.execute_async_script("""
        var done = arguments[arguments.length - 1];
        fetch(arguments[0], {credentials: "same-origin", redirect: "manual", headers: {"Accept": arguments[1]}})
          .then(function (r) { return r.text().then(function (t) { done([r.status, t]); }); })
          .catch(function (e) { done([-1, String(e)]); });
    """, url, accept)


def main():
    parser = arguments(__doc__)
    parser.add_argument("--dovecot", required=True)
    parser.add_argument("--dovecot-dir", required=True)
    parser.add_argument("--mailbox-user", required=True)
    args = parser.parse_args()
    (first_login, first_name), (second_login, second_name) = users(args)[:2]
    desktop = open_desktop()
    phone = open_phone()
    forgery = ForgeryServer(args.base)
    try:
        log_in(desktop, args.base, first_login, args.password)
        log_in(phone, args.base, second_login, args.password)

        # Markup in every field of a mailed request, arriving live.
        deliver_mail(args.dovecot, args.dovecot_dir, args.mailbox_user, PAYLOAD_TITLE, PAYLOAD_NAME, PAYLOAD_TEXT)
        deliver_mail(args.dovecot, args.dovecot_dir, args.mailbox_user, "Обычная заявка на дверь", "Пётр Дверной", "Нужна входная дверь.")
        hostile = wait_for("the hostile lead, live", lambda: lead_with_title(desktop, "Заявка <img"))
        plain = wait_for("the plain lead, live", lambda: lead_with_title(desktop, "Обычная заявка на дверь"))
        inert(desktop, "the exchange, inserted live")
        desktop.refresh()
        wait_for("the exchange again", lambda: lead_with_title(desktop, "Заявка <img"))
        inert(desktop, "the exchange, rendered by the server")
        click(desktop, "#lead-%s form.take button" % hostile)
        wait_for("the take", lambda: desktop.execute_script(
            "var e = document.getElementById('action-notice'); return e && !e.hidden && e.textContent;"))
        desktop.get(args.base + "/deals")
        inert(desktop, "Мои сделки")
        desktop.get(args.base + "/deals/" + hostile)
        wait_for("the deal page", lambda: page_contains(desktop, "конец", "pre.text"))
        inert(desktop, "the deal page")
        print("markup: shown as text on the exchange (live and reloaded), Мои сделки and the deal page; no script ran", flush=True)

        # Cross-site forms, posted from another origin in the first manager's logged-in browser.
        before = desktop.find_element(By.CSS_SELECTOR, "ol.history").text
        desktop.get(forgery.page("/note", "/deals/%s/note" % hostile, {"text": "ПОДДЕЛКА", "csrf": "x"}))
        wait_for("the forged note's answer", lambda: desktop.current_url.startswith(args.base))
        desktop.get(forgery.page("/take", "/leads/%s/take" % plain, {"csrf": "x"}))
        wait_for("the forged take's answer", lambda: desktop.current_url.startswith(args.base))
        desktop.get(args.base + "/deals/" + hostile)
        if desktop.find_element(By.CSS_SELECTOR, "ol.history").text != before or page_contains(desktop, "ПОДДЕЛКА"):
            fail("the cross-site note changed the deal")
        phone.get(args.base + "/exchange")
        if not wait_for("the exchange", lambda: phone.find_elements(By.ID, "leads")) or lead_with_title(phone, "Обычная заявка") != plain:
            fail("the cross-site Взять took the lead")
        print("cross-site: a note and a Взять posted from %s were refused; nothing changed" % forgery.origin, flush=True)

        # Someone else's deal reads like no deal at all.
        theirs = fetched(phone, args.base + "/deals/" + hostile)
        missing = fetched(phone, args.base + "/deals/987654321")
        if theirs != missing or theirs[0] != 404:
            fail("another manager's deal (%r) is answered unlike a missing one (%r)" % (theirs[:1] + [theirs[1][:300]], missing[:1] + [missing[1][:300]]))
        print("other's deal: %d, the same page as a deal that does not exist" % theirs[0], flush=True)

        # A cookie copied before logout opens nothing afterwards.
        cookie = phone.get_cookie("leadex")
        if not cookie:
            fail("no session cookie named 'leadex': %r" % phone.get_cookies())
        phone.find_element(By.CSS_SELECTOR, "form.logout button").click()
        wait_for("the login page after logout", lambda: phone.current_url.endswith("/login"))
        phone.add_cookie({"name": "leadex", "value": cookie["value"], "path": "/"})
        phone.get(args.base + "/exchange")
        if not phone.current_url.endswith("/login"):
            fail("the old session's cookie still opens %s" % phone.current_url)
        status, _ = fetched(phone, args.base + "/exchange/rows", accept="application/json")
        if status != 401:
            fail("the old session's cookie got %d from /exchange/rows" % status)
        print("logout: the copied cookie set again gets the login page (and 401 from /exchange/rows)", flush=True)

        # Wrong passwords until the daemon slows them, then the right one while the delay runs.
        # The delay starts at 1 s and doubles with each further failure: on a loaded machine an
        # attempt may take longer than the first delays, so the loop goes on until an answer says
        # "try again in N s", and the right password counts as throttled only if it came within
        # those N seconds.
        phone.delete_all_cookies()

        def attempt(password):
            phone.get(args.base + "/login")
            phone.find_element(By.NAME, "login").send_keys(second_login)
            phone.find_element(By.NAME, "password").send_keys(password)
            started = time.monotonic()
            phone.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
            message = wait_for("the answer to a login attempt", lambda: phone.execute_script(
                "var e = document.querySelector('.error');"
                " return location.pathname === '/login' && e && e.textContent;") or (
                    not phone.current_url.endswith("/login") and "(logged in)"))
            return started, time.monotonic(), message

        answers = []
        for number in range(1, 9):
            started, answered, message = attempt("неверный-%d" % number)
            answers.append((number, "wrong", (answered - started) * 1000, message))
            if "Попробуйте снова через" in message:
                break
        throttled_at = answered
        started, answered, right = attempt(args.password)
        answers.append((len(answers) + 1, "right", (answered - started) * 1000, right))
        for number, kind, ms, message in answers:
            print("login attempt %d (%s password): %.0f ms: %s" % (number, kind, ms, message), flush=True)
        if any("Неверный логин или пароль" not in message for _, _, _, message in answers[:3]):
            fail("the first three wrong passwords were not answered as such: %r" % answers)
        if "Попробуйте снова через" not in answers[-2][3]:
            fail("eight wrong passwords in a row were never slowed: %r" % answers)
        # Whether the right password still fell inside the delay depends on how fast this machine
        # answered (the delay runs from the last failure, and "N s" is rounded up); SessionTests
        # proves with a manual clock that it is refused inside the delay. Here: refused means no
        # session, and let in means after the delay.
        if "Попробуйте снова через" in right:
            if phone.get_cookie("leadex"):
                fail("a throttled attempt with the right password logged in: %r" % answers)
            print("the right password inside the delay was refused as well", flush=True)
        else:
            print("the right password came %.1f s after the slowed answer: past the delay, let in" % (started - throttled_at), flush=True)
        check_console(desktop=desktop, phone=phone)
        print("ok", flush=True)
    finally:
        forgery.stop()
        desktop.quit()
        phone.quit()


if __name__ == "__main__":
    main()
