"""Guessing dates of birth is slowed down: per client address and per reference, with a clear message."""

import datetime

import pytest
from django.urls import reverse

from guichet.network.models import Centre
from guichet.notify.tests.factories import make_person, make_request, new_reference

pytestmark = pytest.mark.django_db

TRACK = reverse("portal:track")
RIGHT = {"day": "14", "month": "3", "year": "1985"}
WRONG = {"day": "15", "month": "3", "year": "1985"}


@pytest.fixture(autouse=True)
def _three_attempts(settings):
    settings.GUICHET_TRACK_ATTEMPTS = 3
    settings.GUICHET_TRACK_WINDOW_MINUTES = 15


@pytest.fixture
def request_(personas, territory):
    person = make_person(birth_date=datetime.date(1985, 3, 14))
    return make_request(person=person, centre=Centre.objects.get(name="Centre Anfa"))


def test_after_the_allowed_wrong_attempts_the_address_must_wait(client, request_):
    for _ in range(3):
        assert client.post(TRACK, {"reference": request_.reference, **WRONG}).status_code == 200

    response = client.post(TRACK, {"reference": request_.reference, **RIGHT}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 429
    body = response.content.decode()
    assert "Too many attempts" in body
    assert "Try again at" in body
    assert "in about 15 minutes" in body
    assert 'role="status"' not in body  # even the right pair is refused while it waits
    assert 840 < int(response["Retry-After"]) <= 901


def test_the_wait_message_is_translated(client, request_):
    for _ in range(3):
        client.post(TRACK, {"reference": request_.reference, **WRONG})

    client.cookies["django_language"] = "ar"
    arabic = client.post(TRACK, {"reference": request_.reference, **RIGHT})
    client.cookies["django_language"] = "fr"
    french = client.post(TRACK, {"reference": request_.reference, **RIGHT})

    assert arabic.status_code == french.status_code == 429
    assert "محاولات كثيرة جدا" in arabic.content.decode()
    assert "Réessayez à" in french.content.decode()


def test_a_reference_is_protected_whatever_the_address_guessing_it(client, request_):
    for last in range(1, 4):
        client.post(TRACK, {"reference": request_.reference, **WRONG}, REMOTE_ADDR=f"10.0.0.{last}")

    from_new_address = client.post(TRACK, {"reference": request_.reference, **RIGHT}, REMOTE_ADDR="10.0.0.99")
    other_reference = client.post(TRACK, {"reference": new_reference(), **RIGHT}, REMOTE_ADDR="10.0.0.99")

    assert from_new_address.status_code == 429
    assert other_reference.status_code == 200


def test_an_address_guessing_many_references_is_stopped(client, request_):
    for _ in range(3):
        client.post(TRACK, {"reference": new_reference(), **RIGHT}, REMOTE_ADDR="10.1.1.1")

    assert client.post(TRACK, {"reference": request_.reference, **RIGHT}, REMOTE_ADDR="10.1.1.1").status_code == 429
    assert client.post(TRACK, {"reference": request_.reference, **RIGHT}, REMOTE_ADDR="10.1.1.2").status_code == 200


def test_successful_lookups_do_not_count(client, request_):
    for _ in range(5):
        assert client.post(TRACK, {"reference": request_.reference, **RIGHT}).status_code == 200


def test_the_receipt_address_is_limited_too(client, request_):
    url = reverse("portal:track_reference", args=[request_.reference])
    for _ in range(3):
        client.post(url, WRONG)

    assert client.post(url, RIGHT).status_code == 429


def test_the_limit_ends_with_its_window(client, request_, settings):
    from django.core.cache import cache

    for _ in range(3):
        client.post(TRACK, {"reference": request_.reference, **WRONG})
    assert client.post(TRACK, {"reference": request_.reference, **RIGHT}).status_code == 429

    cache.clear()  # what the cache does when the window's keys expire

    assert client.post(TRACK, {"reference": request_.reference, **RIGHT}).status_code == 200


@pytest.fixture
def later(monkeypatch):
    """Moves the limiter's clock forward by so many seconds."""
    import time

    from guichet.common import ratelimit

    offset = [0.0]
    monkeypatch.setattr(ratelimit, "clock", lambda: time.time() + offset[0])

    def advance(seconds: float) -> None:
        offset[0] += seconds

    return advance


def test_a_strangers_wrong_dates_keep_the_citizen_out_a_minute_at_most(client, request_, later):
    for attempt in range(12):  # a stranger tries twelve dates, from twelve addresses
        client.post(TRACK, {"reference": request_.reference, **WRONG}, REMOTE_ADDR=f"10.9.0.{attempt}")

    held = client.post(TRACK, {"reference": request_.reference, **RIGHT}, REMOTE_ADDR="10.2.2.2")
    assert held.status_code == 429
    assert int(held["Retry-After"]) <= 60
    later(61)
    answered = client.post(TRACK, {"reference": request_.reference, **RIGHT}, REMOTE_ADDR="10.2.2.2")

    assert answered.status_code == 200
    assert 'role="status"' in answered.content.decode()


def test_the_guessing_address_waits_its_own_longer_window(client, request_, later):
    for _ in range(3):
        client.post(TRACK, {"reference": new_reference(), **WRONG}, REMOTE_ADDR="10.3.3.3")

    later(61)

    assert client.post(TRACK, {"reference": request_.reference, **RIGHT}, REMOTE_ADDR="10.3.3.3").status_code == 429
    assert client.post(TRACK, {"reference": request_.reference, **RIGHT}, REMOTE_ADDR="10.3.3.4").status_code == 200
    later(15 * 60)
    assert client.post(TRACK, {"reference": request_.reference, **RIGHT}, REMOTE_ADDR="10.3.3.3").status_code == 200


def test_the_global_budget_pauses_guessing_everywhere_for_a_minute_at_most(client, request_, settings, later):
    settings.GUICHET_TRACK_GLOBAL_ATTEMPTS = 4
    for attempt in range(4):  # four addresses, four references: no address or reference is over its limit
        client.post(TRACK, {"reference": new_reference(), **WRONG}, REMOTE_ADDR=f"10.4.0.{attempt}")

    paused = client.post(TRACK, {"reference": request_.reference, **RIGHT}, REMOTE_ADDR="10.4.1.1")
    assert paused.status_code == 429
    assert int(paused["Retry-After"]) <= 60
    later(61)
    assert client.post(TRACK, {"reference": request_.reference, **RIGHT}, REMOTE_ADDR="10.4.1.1").status_code == 200


def test_the_tracking_result_is_never_stored_by_the_browser(client, request_):
    response = client.post(TRACK, {"reference": request_.reference, **RIGHT})

    assert 'role="status"' in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
