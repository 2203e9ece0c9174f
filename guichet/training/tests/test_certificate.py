import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from guichet.training.certificate import certificate_pdf
from guichet.training.codes import format_code
from guichet.training.tests.factories import CertificateFactory


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def completed(staff, cohort, women):
    def complete(language):
        person = women[{"fr": 0, "ar": 1}[language]]
        return CertificateFactory(
            enrollment__cohort=cohort,
            enrollment__person=person,
            enrollment__language=language,
            enrollment__enrolled_by=staff["coordinator"],
        )

    return complete


@pytest.mark.parametrize(("language", "title"), [("fr", "Gestion d'une coopérative"), ("ar", "تسيير تعاونية")])
def test_the_certificate_is_in_her_language_with_its_code(completed, language, title):
    certificate = completed(language)
    text = pdf_text(certificate_pdf(certificate))
    assert certificate.code in text.replace(" ", "")
    if language == "ar":
        # pypdf gives Arabic glyphs in visual order; compare the letters, not their order
        assert set(title.replace(" ", "")) <= set(text)
    else:
        assert title in text


def test_anyone_can_verify_a_certificate_with_minimal_data(client, completed):
    certificate = completed("fr")
    response = client.get(reverse("training:verify", args=[certificate.code]))
    content = response.content.decode()
    assert response.status_code == 200
    assert format_code(certificate.code) in content
    assert "Aicha" in content
    assert "Bennani" not in content  # the family name is not shown
    assert b"<script" not in response.content


def test_an_unknown_code_is_not_valid(client):
    response = client.get(reverse("training:verify", args=["1234567890"]), headers={"accept-language": "en"})
    assert response.status_code == 404
    assert "Not valid" in response.content.decode()


def test_the_facilitator_downloads_the_certificate(client, staff, completed):
    certificate = completed("fr")
    client.force_login(staff["facilitator"])
    response = client.get(reverse("training:certificate", args=[certificate.enrollment_id]))
    assert response["Content-Type"] == "application/pdf"
    client.force_login(staff["facilitator_other"])
    assert client.get(reverse("training:certificate", args=[certificate.enrollment_id])).status_code == 403
