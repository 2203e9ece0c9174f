"""Public addresses are built on GUICHET_PUBLIC_URL, never on the Host a client sends; their QR code is inline."""

import urllib.parse

from guichet.common.links import public_url, qr_data_uri


def test_a_public_address_starts_with_the_configured_public_url(settings):
    settings.GUICHET_PUBLIC_URL = "https://guichet.example.ma/"
    assert (
        public_url("portal:track_reference", reference="1234567890") == "https://guichet.example.ma/track/1234567890/"
    )
    assert public_url("portal:track") == "https://guichet.example.ma/track/"


def test_the_qr_code_is_an_inline_svg_and_fetches_nothing():
    uri = qr_data_uri("https://guichet.example.ma/track/1234567890/")
    header, _, body = uri.partition(",")
    assert header.startswith("data:image/svg+xml")
    svg = urllib.parse.unquote(body)
    assert svg.lstrip().startswith("<") and "<svg" in svg and "<path" in svg
    assert "href" not in svg  # nothing to fetch: the receipt's PDF renderer allows data: addresses only
