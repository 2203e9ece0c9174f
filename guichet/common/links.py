"""Absolute public addresses (printed, sent, linked), built on GUICHET_PUBLIC_URL and a QR image of them."""

import segno
from django.conf import settings
from django.urls import reverse


def public_url(viewname: str, **kwargs: str) -> str:
    """The configured public address of a page, never the request's Host header, which a client writes."""
    return settings.GUICHET_PUBLIC_URL.rstrip("/") + reverse(viewname, kwargs=kwargs or None)


def qr_data_uri(url: str) -> str:
    """The QR code of the address, as an SVG data URI (no file, no network): receipts and certificates."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)
