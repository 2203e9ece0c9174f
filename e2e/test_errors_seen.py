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
    assert -2 <= box["top"] < box["height"] and box["bottom"] > 0, box  # sub-pixel rounding aside


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


@pytest.fixture
def filed(personas, people):
    """A disability card request filed at the Casablanca window, handled by the Casablanca centre."""
    from guichet.cases import services
    from guichet.network.tests.factories import ServiceFactory

    card = ServiceFactory(
        code="carte-handicap", name_fr="Carte de handicap", name_ar="بطاقة الإعاقة", name_en="Disability card"
    )
    personas["centre"].centre.services.add(card)
    return services.request_file(actor=personas["agent"], person=people["casa"], service=card, language="fr")


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_request_page_shows_its_errors_and_confirms_a_rejection(
    page, live_server, personas, filed, axe_check, language
):
    from guichet.cases import services
    from guichet.cases.models import Request, Status

    login(page, live_server, username="t_centre")
    if language != "fr":
        switch_language(page, language)
    url = f"{live_server.url}/requests/{filed.reference}/"
    page.goto(url)
    axe_check(page, f"request page actions {language}")

    # The note's label follows the action chosen.
    page.locator("#id_transition_reject").check()
    expect(page.locator("label[for=id_note]")).to_contain_text("rejet" if language == "fr" else "الرفض")

    # A rejection without its reason: back at the page's own address, the summary focused and in view.
    page.locator("form.status-actions button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url == url
    assert_summary_seen(page)
    expect(page.locator("#id_transition_reject")).to_be_checked()
    axe_check(page, f"request page, rejection without a reason {language}")
    assert Request.objects.get(pk=filed.pk).status == Status.SUBMITTED

    # With the reason, the rejection is asked first; Confirm rejects.
    page.locator("#id_note").fill("Dossier incomplet")
    page.locator("form.status-actions button[type=submit]").click()
    expect(page.locator("main button[name=confirm]")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Dossier incomplet")
    assert page.url == url
    axe_check(page, f"rejection confirmation {language}")
    assert Request.objects.get(pk=filed.pk).status == Status.SUBMITTED
    page.locator("main button[name=confirm]").click()
    page.wait_for_load_state()
    assert page.url == url
    assert Request.objects.get(pk=filed.pk).status == Status.REJECTED

    # A stale edit: the page was opened before someone else acted; the summary says so, focused and in view.
    other = services.request_file(actor=personas["agent"], person=filed.person, service=filed.service, language="fr")
    other_url = f"{live_server.url}/requests/{other.reference}/"
    page.goto(other_url)
    services.request_transition(
        actor=personas["centre"], request=other, action="approve", expected_version=other.version, note=""
    )
    page.locator("#id_transition_request_info").check()
    page.locator("#id_note").fill("Photo manquante")
    page.locator("form.status-actions button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url == other_url
    assert_summary_seen(page)
    expect(page.locator("#id_note")).to_have_value("Photo manquante")
    axe_check(page, f"request page, stale edit {language}")
    assert Request.objects.get(pk=other.pk).status == Status.APPROVED
