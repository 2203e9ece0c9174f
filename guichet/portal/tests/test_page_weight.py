"""The tracking page stays light on a slow phone: the page and everything it loads under 60 KB."""

import datetime
import re

import pytest
from django.urls import reverse

from guichet.network.models import Centre
from guichet.notify.tests.factories import make_person, make_request

pytestmark = pytest.mark.django_db

LIMIT = 60 * 1024


def _weight(client, response) -> tuple[int, list[str]]:
    html = response.content.decode()
    assets = re.findall(r'<(?:link|script|img|source)\b[^>]*\b(?:href|src)="([^"]+)"', html)
    total = len(response.content)
    for url in assets:
        if url.startswith("data:"):
            continue  # inline, already counted in the page
        asset = client.get(url)
        assert asset.status_code == 200, url
        total += len(b"".join(asset.streaming_content) if asset.streaming else asset.content)
    return total, assets


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_the_form_and_its_assets_weigh_under_60_kb(client, language):
    client.cookies["django_language"] = language

    total, assets = _weight(client, client.get(reverse("portal:track")))

    assert any(url.endswith("portal.css") for url in assets)
    assert not any(url.endswith(".js") for url in assets)
    assert total < LIMIT, total


def test_the_result_and_its_assets_weigh_under_60_kb(client, personas, territory):
    person = make_person(birth_date=datetime.date(1985, 3, 14))
    request = make_request(person=person, centre=Centre.objects.get(name="Centre Anfa"))
    client.cookies["django_language"] = "ar"

    response = client.post(
        reverse("portal:track"), {"reference": request.reference, "day": "14", "month": "3", "year": "1985"}
    )

    assert 'role="status"' in response.content.decode()
    total, _ = _weight(client, response)
    assert total < LIMIT, total
