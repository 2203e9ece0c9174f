"""Fixtures of the notify tests: a request of the Casablanca person at the Anfa disability centre."""

from pathlib import Path

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


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogues():
    from guichet.portal.tests.conftest import compile_stale_catalogues

    compile_stale_catalogues(Path(__file__).resolve().parents[1] / "locale")
