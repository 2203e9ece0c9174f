"""J7, staff accounts: an administrator's pages are accessible in French and Arabic, errors included."""

import pytest
from playwright.sync_api import expect

from .conftest import login, switch_language

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_staff_account_pages(page, live_server, personas, axe_check, language):
    login(page, live_server, username="t_admin")
    if language != "fr":
        switch_language(page, language)
    page.goto(f"{live_server.url}/accounts/staff/")
    expect(page.locator("main table")).to_contain_text("t_agent")
    axe_check(page, f"staff list {language}")
    page.goto(f"{live_server.url}/accounts/staff/new/")
    page.locator("#id_username").fill("nadia")
    page.locator("#id_password").fill("a-long-enough-pass")
    page.select_option("#id_role", "agent")
    page.locator("form[method=post] button.primary").click()
    expect(page.locator("#id_window_error")).to_be_visible()
    axe_check(page, f"staff form with errors {language}")
    page.goto(f"{live_server.url}/audit/")
    axe_check(page, f"audit log {language}")
