"""Errors are seen: a refused action comes back on the page the person was on (same address), its error summary
focused and in view; an action that cannot be undone is confirmed first; axe-core finds nothing, in French and in
Arabic."""

import datetime

import pytest
from playwright.sync_api import expect

from guichet.network.models import Holiday

from .conftest import login, switch_language

pytestmark = pytest.mark.django_db(transaction=True)


def assert_summary_seen(page) -> None:
    """The error summary has the focus and lies inside the viewport."""
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    box = page.evaluate(
        "(() => { const r = document.getElementById('error-summary').getBoundingClientRect();"
        " return {top: r.top, bottom: r.bottom, height: window.innerHeight}; })()"
    )
    assert 0 <= box["top"] < box["height"], box


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_refused_holiday_and_a_confirmed_removal(page, live_server, personas, axe_check, language):
    Holiday.objects.create(date=datetime.date(2026, 11, 6), name_fr="Marche verte", name_ar="المسيرة الخضراء")
    login(page, live_server, username="t_admin")
    if language != "fr":
        switch_language(page, language)
    url = f"{live_server.url}/network/holidays/?year=2026"
    page.goto(url)

    # A holiday without its date and names: the page comes back at its own address, the summary focused.
    page.locator("#id_holiday-date").fill("")
    page.locator("section[aria-labelledby=add-title] button.primary").click()
    page.wait_for_load_state()
    assert page.url == url
    assert_summary_seen(page)
    axe_check(page, f"holidays with errors {language}")

    # Removing asks first; Cancel leaves it, Confirm removes it.
    page.locator("main button[name=action][value=remove]").click()
    expect(page.locator("main button[name=confirm]")).to_be_visible()
    assert page.url == url
    axe_check(page, f"holiday removal confirmation {language}")
    assert Holiday.objects.exists()
    page.locator("main form.confirm a.button").click()
    expect(page.locator("main button[name=action][value=remove]")).to_be_visible()
    assert Holiday.objects.exists()
    page.locator("main button[name=action][value=remove]").click()
    page.locator("main button[name=confirm]").click()
    expect(page.locator("main button[name=action][value=remove]")).to_have_count(0)
    assert not Holiday.objects.exists()
