"""The receipt an agent prints for the citizen: a PDF in the citizen's language, with a QR code to track it.

WeasyPrint lays it out with Pango, which shapes Arabic and sets it right to left; the fonts come from the
system through fontconfig (Noto Sans Arabic, DejaVu Sans). Nothing is fetched: the only resources allowed
are data: URIs (the QR code).
"""

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from guichet.common.links import qr_data_uri

from .links import tracking_url
from .models import Request
from .references import format_reference


def receipt_html(request: Request) -> str:
    """The receipt page, in the citizen's language (not the agent's)."""
    url = tracking_url(reference=request.reference)
    with translation.override(request.language):
        return render_to_string(
            "cases/receipt.html",
            {
                "req": request,
                "reference": format_reference(request.reference),
                "person": request.person,
                "documents": list(request.documents_received.all()),
                "attachments": list(request.attachments.select_related("document")),
                "tracking_url": url,
                "qr": qr_data_uri(url),
                "language": request.language,
                "rtl": translation.get_language_bidi(),
            },
        )


def receipt_pdf(request: Request) -> bytes:
    html = receipt_html(request)
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()
