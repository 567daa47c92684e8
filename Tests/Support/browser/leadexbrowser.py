"""Shared helpers for the real-browser scenarios of the web workspace (one script per scenario
beside this file, each launched by a Swift test through `WebDaemonFixture.runScenario`).

A scenario starts with `arguments()` (the options every scenario gets: --base, --password,
--screenshots, --user LOGIN:NAME, repeatable), opens browsers with `desktop()` / `phone()`, logs in
with `log_in`, waits with `wait_for`, stops at the first broken check with `fail` (exit status 1,
the reason on stdout), takes screenshots with `Screenshots`, and ends with `check_console` so that a
script error or a CSP violation in any page fails the scenario. Print the figures it measures on
stdout: the Swift test prints the output.

Debian's chromium and chromium-driver, driven by selenium; the paths are given explicitly and
SE_OFFLINE is set, otherwise selenium tries to download a driver.
"""
import argparse
import base64
import os
import subprocess
import sys
import tempfile
import time
import uuid

os.environ.setdefault("SE_OFFLINE", "true")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402, F401  (re-exported for the scenarios)
from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402

DESKTOP = (1280, 900)
PHONE = (360, 780)


def fail(message):
    """Ends the scenario: the Swift test sees exit status 1 and this line."""
    print("FAIL: " + message, flush=True)
    sys.exit(1)


def arguments(description=None):
    """The parser with every scenario's options; a scenario adds its own before parse_args()."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--base", required=True, help="the workspace's URL, e.g. http://127.0.0.1:8080")
    parser.add_argument("--password", required=True, help="every user's password")
    parser.add_argument("--screenshots", required=True, help="where screenshots go")
    parser.add_argument("--user", action="append", default=[], help="LOGIN:NAME, in the order the test lists them")
    return parser


def users(args):
    """--user LOGIN:NAME options as (login, name) pairs."""
    return [tuple(user.split(":", 1)) for user in args.user]


def browser(width, height):
    """A headless Chromium window of that size, with the console log kept for check_console."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--lang=ru-RU", "--window-size=%d,%d" % (width, height), "--hide-scrollbars"):
        options.add_argument(argument)
    # A Russian user's browser asks for Russian (navigator.language); the date picker's own format
    # stays en-US here unless Debian's chromium-l10n is installed.
    options.add_experimental_option("prefs", {"intl.accept_languages": "ru-RU,ru"})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_window_size(width, height)
    return driver


def desktop():
    return browser(*DESKTOP)


def phone():
    return browser(*PHONE)


def width_name(driver):
    """'desktop' or 'phone', for screenshot names."""
    return "phone" if driver.get_window_size()["width"] < 600 else "desktop"


def wait_for(what, condition, timeout=20.0, step=0.01):
    """Polls condition() until it returns something true, and returns that; fails after timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    fail("timed out waiting for " + what)


def log_in(driver, base, login, password, live=True):
    """Logs in through the login form and waits for the exchange page (and its live stream)."""
    driver.get(base + "/login")
    driver.find_element(By.NAME, "login").send_keys(login)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait_for(login + "'s exchange page", lambda: driver.current_url.endswith("/exchange"))
    if live:
        # The stream is open once the page says it updates by itself.
        wait_for(login + "'s live stream", lambda: "live" in driver.find_element(By.ID, "live-status").get_attribute("class"))


def click(driver, selector, timeout=20.0):
    """Clicks the element at selector, found again if the live list replaced it meanwhile (a
    found element goes stale when a stream event re-renders its card)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            driver.find_element(By.CSS_SELECTOR, selector).click()
            return
        except StaleElementReferenceException:
            if time.monotonic() > deadline:
                fail("kept going stale: " + selector)
            time.sleep(0.01)


def page_contains(driver, text, selector="body"):
    """One script per look: a form's answer may replace the page between two WebDriver calls."""
    return driver.execute_script(
        "var e = document.querySelector(arguments[1]); return e !== null && e.textContent.indexOf(arguments[0]) >= 0;",
        text, selector)


def lead_with_title(driver, title):
    """The data-id of the exchange's card whose text holds title, or None."""
    # One script: the live list may be replaced between two WebDriver calls.
    return driver.execute_script("""
        var items = document.querySelectorAll('#leads li.lead');
        for (var i = 0; i < items.length; i++) {
          if (items[i].textContent.indexOf(arguments[0]) >= 0) { return items[i].getAttribute('data-id'); }
        }
        return null;
    """, title)


def refused_by_url(driver, base, login, paths):
    """Each of `paths` answers `login` exactly as a missing page does, and shows nothing of it:
    first as the server answered (the browser's own error page names the address, so the pages
    are compared by answer), then opened as a person would, by typing the address."""
    answer = lambda path: driver.execute_script(  # noqa: E731
        "var x = new XMLHttpRequest(); x.open('GET', arguments[0], false); x.send(); return [x.status, x.responseText];", path)
    missing = answer("/no-such-page")
    if missing[0] != 404:
        fail("a missing page answers %r" % missing[0])
    for path in paths:
        got = answer(path)
        if got != missing:
            fail("%s got %r for %s, not what a missing page gets" % (login, got[0], path))
    for path in paths:
        driver.get(base + path)
        for text in ("На бирже", "Итоги", "Задачи по расписанию", "Условные отказы", "Резервные копии"):
            if page_contains(driver, text, "main"):
                fail("%s sees %s (%r)" % (login, path, text))
    print("%s: %s answered as missing pages" % (login, ", ".join(paths)), flush=True)


class Screenshots:
    """Saves PNGs named NAME-desktop / NAME-phone (from the window's width) into one directory."""

    def __init__(self, directory):
        self.directory = directory
        os.makedirs(directory, exist_ok=True)

    def shot(self, driver, name, whole_page=False):
        """whole_page: the window grows to the page's height for the picture, then shrinks back."""
        path = os.path.join(self.directory, "%s-%s.png" % (name, width_name(driver)))
        if not whole_page:
            driver.save_screenshot(path)
            return
        size = driver.get_window_size()
        driver.set_window_size(size["width"], driver.execute_script("return document.documentElement.scrollHeight") + 140)
        driver.save_screenshot(path)
        driver.set_window_size(size["width"], size["height"])


def console_errors(driver):
    """Script errors and CSP violations ("javascript", "security") in the browser's console.

    A refused action is an HTTP 4xx that Chrome reports with source "network": that answer is
    expected, so those are left out."""
    return [entry for entry in driver.get_log("browser") if entry.get("level") == "SEVERE" and entry.get("source") != "network"]


def check_console(**drivers):
    """Fails if any named browser's console has errors, e.g. check_console(desktop=d, phone=p)."""
    for name, driver in drivers.items():
        errors = console_errors(driver)
        if errors:
            fail("the %s browser's console has errors: %r" % (name, errors))


def deliver_mail(dovecot, dovecot_dir, mailbox_user, title, name, text, address=None):
    """Saves a plain-text request into a real Dovecot mailbox (Tests/Support/dovecot deliver).

    Name and title are sent as RFC 2047 words, so any text (Cyrillic, markup) arrives as written."""
    marker = uuid.uuid4().hex[:8]
    encoded = lambda value: "=?UTF-8?B?%s?=" % base64.b64encode(value.encode()).decode()  # noqa: E731
    message = (
        "From: %s <%s>\r\nTo: sales@example.ru\r\n" % (encoded(name), address or "klient-%s@example.ru" % marker)
        + "Subject: %s\r\nMessage-ID: <%s@example.ru>\r\n" % (encoded(title), marker)
        + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        + text + "\r\n")
    with tempfile.NamedTemporaryFile("wb", suffix=".eml", delete=False) as file:
        file.write(message.encode())
    try:
        subprocess.run([dovecot, "deliver", dovecot_dir, mailbox_user, file.name, "INBOX"], check=True)
    finally:
        os.unlink(file.name)
