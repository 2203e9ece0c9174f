"""J1 → J2 → J3: an agent files a request and prints the receipt, the centre approves and delivers it, the
citizen tracks it by reference and date of birth — every page checked by axe, in French and in Arabic."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from guichet.cases.models import Request
from guichet.cases.references import format_reference
from guichet.network.models import Centre, ServiceDocument
from guichet.network.tests.factories import ServiceFactory

from .conftest import login, switch_language

pytestmark = pytest.mark.django_db(transaction=True)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def wheelchair(personas):
    service = ServiceFactory(
        code="fauteuil-roulant",
        name_fr="Fauteuil roulant",
        name_ar="كرسي متحرك",
        name_en="Wheelchair",
        centre_kinds=[Centre.Kind.DISABILITY],
        due_working_days=10,
    )
    ServiceDocument.objects.create(
        service=service, name_fr="Certificat médical", name_ar="شهادة طبية", name_en="Medical certificate"
    )
    personas["centre"].centre.services.add(service)
    return service


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_file_handle_and_track(page, live_server, personas, people, wheelchair, axe_check, language, tmp_path):
    person = people["casa"]
    # J1 — the window agent.
    login(page, live_server)
    if language != "fr":
        switch_language(page, language)
    page.goto(f"{live_server.url}/persons/{person.social_id}/")
    page.locator(f"a[href='/requests/file/{person.social_id}/']").first.click()
    axe_check(page, f"choose service {language}")
    page.select_option("#id_service", wheelchair.code)
    page.locator("main form button.primary").click()
    expect(page.locator("#eligibility-title")).to_be_visible()
    axe_check(page, f"filing form {language}")
    page.locator(f"input[name=language][value={language}]").check()
    page.locator("input[name=documents]").first.check()
    certificate = tmp_path / "certificat.pdf"
    certificate.write_bytes(PDF)
    page.locator("#id_files").set_input_files(str(certificate))
    page.locator("main form[method=post] button.primary").click()
    expect(page).to_have_url(re.compile(r"/requests/\d{10}/$"))
    request = Request.objects.get(person=person, service=wheelchair)
    axe_check(page, f"request page (agent) {language}")
    receipt = page.request.get(f"{live_server.url}/requests/{request.reference}/receipt.pdf")
    assert receipt.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(receipt.body())).pages)
    assert request.reference[:5] in text.replace(" ", "") or format_reference(request.reference) in text
    page.locator("form.logout button").click()

    # J2 — the centre's staff: queue, approve, deliver.
    login(page, live_server, username="t_centre")
    page.goto(f"{live_server.url}/requests/queue/")
    expect(page.locator("main")).to_contain_text(format_reference(request.reference))
    axe_check(page, f"work queue {language}")
    page.locator(f"a[href='/requests/{request.reference}/']").first.click()
    axe_check(page, f"request page (centre) {language}")
    page.locator("#id_transition_approve").check()
    page.locator("form.status-actions button[type=submit]").click()
    expect(page.locator("#id_transition_deliver")).to_be_visible()
    page.locator("#id_transition_deliver").check()
    page.locator("form.status-actions button[type=submit]").click()
    expect(page.locator("#id_transition_deliver")).to_have_count(0)
    request.refresh_from_db()
    assert request.status == "delivered" and request.delivered_on is not None
    axe_check(page, f"request delivered {language}")
    page.locator("form.logout button").click()

    # J3 — the citizen, no account, from the receipt's QR address.
    page.goto(f"{live_server.url}/track/{request.reference}/")
    axe_check(page, f"tracking form {language}")
    birth = person.birth_date
    page.locator("input[name=day]").fill(str(birth.day))
    page.locator("input[name=month]").fill(str(birth.month))
    page.locator("input[name=year]").fill(str(birth.year))
    page.locator("main form button[type=submit]").click()
    centre = personas["centre"].centre
    expect(page.locator("main")).to_contain_text(centre.name_ar if language == "ar" else centre.name)
    expect(page.locator("main")).to_contain_text(format_reference(request.reference))
    for private in (person.given_name_latin, person.given_name_ar, person.social_id_display, wheelchair.name_fr):
        expect(page.locator("main")).not_to_contain_text(private)
    axe_check(page, f"tracking result {language}")
