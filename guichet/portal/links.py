"""The public tracking address of a request: printed as a QR code on the receipt and sent in messages."""

from django.conf import settings
from django.urls import reverse


def tracking_url(*, reference: str) -> str:
    """The absolute address where the citizen tracks this request (it asks only for the date of birth)."""
    path = reverse("portal:track_reference", kwargs={"reference": reference})
    return settings.GUICHET_PUBLIC_URL.rstrip("/") + path
