"""Browser tests: Playwright drives Debian's Chromium against the live test server; axe-core checks pages."""

import os
import re
import shutil

import pytest

from guichet.accounts.models import User
from guichet.accounts.tests.factories import totp_code

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}

# Playwright's sync API runs an event loop in this thread; the ORM calls of the test set-up are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_browser():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        message = (
            "Chromium is not installed: run `apt-get install -y chromium` (as root), or `make test`, "
            "which installs it, to run the browser tests."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium_browser):
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def axe_check():
    """Call with a page: fails with axe's report when any WCAG 2 A/AA rule is violated."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page, label=""):
        results = axe.run(page, options=AXE_RULES)
        assert results.violations_count == 0, f"{label} {page.url}\n{results.generate_report()}"

    return check


# (username, code) pairs already typed: a TOTP code works once, so a second login in the same 30 seconds
# types the code of the next period (the server accepts one period of drift either way).
_codes_used: set[tuple[str, str]] = set()
NEW_PASSWORD = "a sentence chosen at the first login"


def login(page, live_server, username="t_agent", password="secret-password"):
    """Log in as a staff member would: password, then the authenticator code and the first-login password
    change when the account has them to give."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label(re.compile("Nom d.utilisateur|Username|اسم المستخدم")).fill(username)
    page.locator("#id_password").fill(password)
    page.locator("#id_password").press("Enter")
    page.wait_for_load_state()
    if page.url.endswith("/accounts/2fa/authenticate/"):
        page.locator("#id_code").fill(current_code(username))
        page.locator("#id_code").press("Enter")
        page.wait_for_load_state()
    if page.url.endswith("/accounts/password/change/"):
        page.locator("#id_oldpassword").fill(password)
        page.locator("#id_password1").fill(NEW_PASSWORD)
        page.locator("#id_password2").fill(NEW_PASSWORD)
        page.locator("#id_password2").press("Enter")
        page.wait_for_load_state()


def current_code(username: str) -> str:
    user = User.objects.get(username=username)
    for step in (0, 1, -1):
        code = totp_code(user, step)
        if (username, code) not in _codes_used:
            break
    _codes_used.add((username, code))
    return code


def switch_language(page, code):
    page.select_option("#language", code)
    page.locator("form.lang button").click()
    page.wait_for_load_state()
