"""Browser test: filing while a request for the service is open shows the warning with its link and refuses
without a reason; the form sent twice files once; the referral form lists the chosen service's centres — each
page axe-clean, in French, Arabic and English."""

import re

import pytest
from playwright.sync_api import expect

from guichet.cases import services
from guichet.cases.models import Request
from guichet.network.models import Centre, ServiceDocument
from guichet.network.tests.factories import CentreFactory, ServiceFactory

from .conftest import login, switch_language

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def card(personas):
    service = ServiceFactory(
        code="carte-handicap",
        name_fr="Carte de handicap",
        name_ar="بطاقة الإعاقة",
        name_en="Disability card",
        centre_kinds=[Centre.Kind.DISABILITY],
    )
    ServiceDocument.objects.create(
        service=service, name_fr="Certificat médical", name_ar="شهادة طبية", name_en="Medical certificate"
    )
    personas["centre"].centre.services.add(service)
    return service


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_the_open_request_is_shown_and_a_second_needs_a_reason(
    page, live_server, personas, people, card, axe_check, language
):
    person = people["casa"]
    first = services.request_file(
        actor=personas["agent"], person=person, service=card, language="fr", documents=list(card.documents.all())
    )
    login(page, live_server)
    if language != "fr":
        switch_language(page, language)
    page.goto(f"{live_server.url}/requests/file/{person.social_id}/?service={card.code}")
    warning = page.locator("section[aria-labelledby=already-open-title]")
    expect(warning.locator(f"a[href='/requests/{first.reference}/']")).to_be_visible()
    axe_check(page, f"filing with an open request {language}")
    # Sent without a reason, by the keyboard: refused, the summary names the missing reason.
    page.locator("input[name=documents]").first.check()
    page.locator("main form[method=post] button.primary").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#error-summary a[href='#id_duplicate_reason']")).to_be_visible()
    axe_check(page, f"second request refused {language}")
    assert Request.objects.count() == 1
    page.locator("#id_duplicate_reason").fill("Renouvellement anticipé.")
    page.locator("input[name=documents]").first.check()
    # A double click sends the form twice: one request is filed, and the page shown is its page.
    page.locator("main form[method=post] button.primary").dblclick()
    expect(page).not_to_have_url(re.compile(r"/requests/file/"))
    page.wait_for_load_state()
    assert Request.objects.count() == 2
    assert page.url == f"{live_server.url}/requests/{Request.objects.latest('pk').reference}/"


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_the_referral_form_lists_the_centres_of_the_service(
    page, live_server, personas, people, card, territory, axe_check, language
):
    filed = services.request_file(
        actor=personas["agent"],
        person=people["casa"],
        service=card,
        language="fr",
        documents=list(card.documents.all()),
    )
    project = ServiceFactory(
        code="projet", name_fr="Projet", name_ar="مشروع", name_en="Project", centre_kinds=[Centre.Kind.INCUBATOR]
    )
    personas["incubator"].centre.services.add(project)
    far = CentreFactory(
        name="Incubateur Agdal", kind=Centre.Kind.INCUBATOR, commune=territory["agdal"], offers=[project]
    )
    login(page, live_server, username="t_centre")
    if language != "fr":
        switch_language(page, language)
    page.goto(f"{live_server.url}/requests/{filed.reference}/refer/")
    expect(page.locator("#id_centre optgroup")).to_have_count(1)  # the project; the card only here, left out
    axe_check(page, f"referral form {language}")
    page.goto(f"{live_server.url}/requests/{filed.reference}/refer/?service={project.pk}")
    values = page.locator("#id_centre option").evaluate_all("options => options.map(o => o.value)")
    assert values == ["", str(personas["incubator"].centre.pk), str(far.pk)]
    axe_check(page, f"referral form of a service {language}")
