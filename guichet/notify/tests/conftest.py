"""Fixtures of the notify tests: a request of the Casablanca person at the Anfa disability centre."""

import pytest

from guichet.network.models import Centre

from .factories import make_request


@pytest.fixture
def centre(personas):
    centre = Centre.objects.get(name="Centre Anfa")
    centre.phone = "+212522112233"
    centre.save()
    return centre


@pytest.fixture
def request_casa(people, centre):
    return make_request(person=people["casa"], centre=centre)


@pytest.fixture
def sms_file(settings, tmp_path):
    settings.GUICHET_SMS_BACKEND = "file"
    settings.GUICHET_SMS_FILE = tmp_path / "sms.jsonl"
    return settings.GUICHET_SMS_FILE
