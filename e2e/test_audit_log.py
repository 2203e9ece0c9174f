"""The audit log in the browser: filtered with the keyboard alone, refusals explained, axe-clean in French and
Arabic, its entries read as sentences with references kept in order."""

import re

import pytest
from playwright.sync_api import expect

from guichet.audit.models import AuditEntry
from guichet.audit.tests.factories import AuditEntryFactory
from guichet.cases.tests.factories import RequestFactory

from .conftest import login, switch_language

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_audit_log_is_filtered_with_the_keyboard(page, live_server, personas, people, axe_check, language):
    request = RequestFactory(person=people["casa"], centre=personas["centre"].centre)
    AuditEntryFactory(
        actor=personas["centre"],
        action=AuditEntry.Action.UPDATE,
        obj=request,
        person=people["casa"],
        changes={"status": ["submitted", "approved"]},
    )
    AuditEntryFactory(actor=personas["agent"], obj=people["casa"])
    login(page, live_server, username="t_admin")
    if language != "fr":
        switch_language(page, language)
    page.goto(f"{live_server.url}/audit/")
    axe_check(page, f"audit log {language}")

    # A date range the wrong way round: the summary says why and leads to the field.
    page.locator("#id_date_from").fill("2026-11-03")
    page.locator("#id_date_to").fill("2026-11-01")
    page.locator("#id_date_to").press("Enter")
    expect(page.locator("#error-summary")).to_be_visible()
    axe_check(page, f"audit log with a refused filter {language}")

    # Keyboard only: the record type chosen and the form sent from the keyboard.
    page.goto(f"{live_server.url}/audit/")
    page.locator("#id_object_type").focus()
    page.select_option("#id_object_type", "cases.request")
    page.keyboard.press("Tab")  # to the record field
    page.keyboard.type(request.reference_display)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    stories = page.locator("ul.story")
    expect(stories).to_have_count(1)
    expect(stories.first.locator("bdi[dir=ltr]").first).to_have_text(request.reference_display)
    expected = "Statut de la demande" if language == "fr" else "الحالة"
    expect(stories.first).to_contain_text(expected)
    axe_check(page, f"audit log filtered {language}")
    expect(page.get_by_role("link", name=re.compile("CSV"))).to_be_visible()
