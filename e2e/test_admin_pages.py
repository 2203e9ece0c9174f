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


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_network_and_message_pages(page, live_server, personas, axe_check, language):
    from guichet.network.tests.factories import ServiceFactory
    from guichet.notify.services import message_templates_load

    service = ServiceFactory(
        code="carte-handicap",
        name_fr="Carte de handicap",
        name_ar="بطاقة الإعاقة",
        name_en="Disability card",
        eligibility_rule={"combine": "all", "conditions": [{"field": "disability", "op": "eq", "value": True}]},
    )
    message_templates_load()
    login(page, live_server, username="t_admin")
    if language != "fr":
        switch_language(page, language)
    for path in (
        "/network/",
        "/network/centres/",
        "/network/centres/new/",
        "/network/windows/",
        "/network/windows/new/",
        "/network/services/",
        f"/network/services/{service.code}/",
        f"/network/services/{service.code}/edit/",
        "/network/holidays/",
        "/messages/templates/",
        "/messages/outbox/",
        "/requests/queue/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        axe_check(page, f"{path} {language}")
    # A window said to be open without its opening date is refused on the field, accessibly.
    page.goto(f"{live_server.url}/network/windows/new/")
    page.locator("input[name=status][value=open]").check()
    page.locator("main form[method=post] button.primary").click()
    expect(page.locator(".error-summary")).to_be_visible()
    axe_check(page, f"window form with errors {language}")
