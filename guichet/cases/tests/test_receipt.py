"""The receipt: a PDF in the citizen's language whose text carries the reference and the service."""

import io
import unicodedata

import pytest
from django.urls import reverse
from pypdf import PdfReader

from guichet.cases.links import tracking_url
from guichet.cases.receipts import receipt_html, receipt_pdf
from guichet.common.links import qr_data_uri


def pdf_text(pdf: bytes) -> str:
    text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    # Line breaks fall where the layout puts them: compare words, not lines.
    return " ".join(unicodedata.normalize("NFKC", text).split())


@pytest.mark.parametrize(
    ("language", "service_name"),
    [("fr", "Carte de personne en situation de handicap"), ("ar", "بطاقة الشخص في وضعية إعاقة")],
)
def test_the_receipt_pdf_carries_the_reference_and_the_service_in_the_citizens_language(filed, language, service_name):
    filed.language = language
    filed.save()
    pdf = receipt_pdf(filed)
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    assert filed.reference_display in text
    assert service_name in text
    assert tracking_url(reference=filed.reference) in text


def test_the_arabic_receipt_is_right_to_left_and_the_french_one_left_to_right(filed):
    filed.language = "ar"
    html = receipt_html(filed)
    assert '<html lang="ar" dir="rtl">' in html
    assert "محمد الإدريسي" in html  # the person's name in Arabic script
    filed.language = "fr"
    html = receipt_html(filed)
    assert '<html lang="fr" dir="ltr">' in html
    assert "Mohamed El Idrissi" in html


def test_the_receipt_lists_the_documents_the_due_date_and_the_centre(filed):
    filed.language = "fr"
    html = receipt_html(filed)
    assert "Certificat médical" in html
    assert "16 mars 2026" in html
    assert filed.centre.name in html


def test_the_qr_code_points_to_the_public_tracking_address(filed):
    assert tracking_url(reference=filed.reference) == f"https://guichet.example.ma/track/{filed.reference}/"
    uri = qr_data_uri(tracking_url(reference=filed.reference))
    assert uri.startswith("data:image/svg+xml")
    assert uri in receipt_html(filed)


def test_the_receipt_is_served_as_a_pdf(client, personas, filed):
    client.force_login(personas["agent"])
    response = client.get(reverse("cases:receipt", args=[filed.reference]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert filed.reference in response["Content-Disposition"]
    assert filed.reference_display in pdf_text(response.content)


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_the_receipt_stands_on_one_page_even_with_many_documents(filed, language):
    from guichet.network.models import ServiceDocument

    for number in range(6):
        ServiceDocument.objects.create(
            service=filed.service,
            name_fr=f"Pièce justificative numéro {number}",
            name_ar=f"وثيقة رقم {number}",
            name_en=f"Supporting document {number}",
            position=10 + number,
        )
    filed.documents_received.set(filed.service.documents.all())
    filed.language = language
    assert len(PdfReader(io.BytesIO(receipt_pdf(filed))).pages) == 1


def text_runs(pdf: bytes) -> list[tuple[float, str]]:
    """Each run of text on the first page with the x of its left edge, as the PDF places it."""
    runs: list[tuple[float, str]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            runs.append((tm[4], unicodedata.normalize("NFKC", text).strip()))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return runs


def left_edge(runs: list[tuple[float, str]], text: str) -> float:
    return next(x for x, run in runs if run == text)


def test_the_arabic_receipt_puts_each_label_on_the_right_of_its_value_and_the_french_one_on_the_left(filed):
    filed.language = "ar"
    runs = text_runs(receipt_pdf(filed))
    # Read from the right: the label first, then its value on its left.
    assert left_edge(runs, "الاسم") > left_edge(runs, "محمد الإدريسي")
    assert left_edge(runs, "الخدمة") > left_edge(runs, "بطاقة الشخص في وضعية إعاقة")
    filed.language = "fr"
    runs = text_runs(receipt_pdf(filed))
    assert left_edge(runs, "Nom") < left_edge(runs, "Mohamed El Idrissi")
    assert left_edge(runs, "Service") < left_edge(runs, "Carte de personne en situation de")
