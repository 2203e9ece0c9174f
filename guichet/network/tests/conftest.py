"""The network tests read pages and messages in English, the language the source is written in."""

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return english


@pytest.fixture
def admin_client(client, personas):
    client.force_login(personas["admin"])
    return client
