"""The completion certificate: a PDF in the learner's language with a verification code and its QR code.

Made like the request receipt: WeasyPrint shapes Arabic and sets it right to left; nothing is fetched (only
data: URIs are allowed).
"""

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from guichet.common.links import public_url, qr_data_uri

from .codes import format_code
from .models import Certificate


def verify_url(code: str) -> str:
    return public_url("training:verify", code=code)


def learner_name(person, language: str) -> str:
    if language == "ar":
        return person.full_name_ar or person.full_name_latin
    return person.full_name_latin or person.full_name_ar


def certificate_html(certificate: Certificate) -> str:
    enrollment = certificate.enrollment
    language = enrollment.language
    url = verify_url(certificate.code)
    with translation.override(language):
        return render_to_string(
            "training/certificate.html",
            {
                "certificate": certificate,
                "code": format_code(certificate.code),
                "course_title": enrollment.cohort.course.title_in(language),
                "name": learner_name(enrollment.person, language),
                "cohort": enrollment.cohort,
                "verify_url": url,
                "qr": qr_data_uri(url),
                "language": language,
                "rtl": translation.get_language_bidi(),
            },
        )


def certificate_pdf(certificate: Certificate) -> bytes:
    return HTML(string=certificate_html(certificate), url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()
