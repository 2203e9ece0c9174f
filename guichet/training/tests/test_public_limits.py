"""/learn/ and /verify/ slow guessing per address and by a global budget that holds a learner back a minute at
most; malformed attendance ids are dropped instead of breaking the cohort board."""

import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from guichet.common import ratelimit
from guichet.training import services
from guichet.training.tests.factories import CertificateFactory
from guichet.training.tests.factories import enrolled as enrolment

LEARN = reverse("training:learn")


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()


@pytest.fixture
def later(monkeypatch):
    offset = [0.0]
    monkeypatch.setattr(ratelimit, "clock", lambda: time.time() + offset[0])

    def advance(seconds: float) -> None:
        offset[0] += seconds

    return advance


@pytest.fixture
def certificate(staff, cohort, women):
    return CertificateFactory(
        enrollment__cohort=cohort, enrollment__person=women[0], enrollment__enrolled_by=staff["coordinator"]
    )


@pytest.fixture
def enrolled(staff, cohort, women):
    return enrolment(cohort=cohort, person=women[0], enrolled_by=staff["coordinator"], language="fr")


def test_a_guessing_address_waits_while_the_learner_elsewhere_gets_in(client, settings, enrolled, later):
    settings.GUICHET_LEARN_ATTEMPTS = 3
    for _ in range(3):
        client.post(LEARN, {"code": "12345678"}, REMOTE_ADDR="10.5.5.5")

    assert client.post(LEARN, {"code": enrolled.code}, REMOTE_ADDR="10.5.5.5").status_code == 429
    assert client.post(LEARN, {"code": enrolled.code}, REMOTE_ADDR="10.5.5.6").status_code == 302
    later(61)
    assert client.post(LEARN, {"code": enrolled.code}, REMOTE_ADDR="10.5.5.5").status_code == 429


def test_the_global_budget_holds_the_learner_back_a_minute_at_most(client, settings, enrolled, later):
    settings.GUICHET_LEARN_GLOBAL_ATTEMPTS = 5
    for attempt in range(5):
        client.post(LEARN, {"code": "12345678"}, REMOTE_ADDR=f"10.6.0.{attempt}")

    held = client.post(LEARN, {"code": enrolled.code}, REMOTE_ADDR="10.6.1.1", headers={"accept-language": "en"})
    assert held.status_code == 429
    assert "Too many attempts" in held.content.decode()
    assert int(held["Retry-After"]) <= 60
    later(61)
    assert client.post(LEARN, {"code": enrolled.code}, REMOTE_ADDR="10.6.1.1").status_code == 302


def test_the_learners_pages_are_never_stored_by_the_browser(client, enrolled, modules):
    client.post(LEARN, {"code": enrolled.code})
    for url in (reverse("training:learn_course"), reverse("training:learn_lesson", args=[modules[0].pk])):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        assert "script-src 'self'" in response["Content-Security-Policy"]


def test_guessing_certificate_codes_is_limited_per_address(client, settings, certificate):
    settings.GUICHET_VERIFY_ATTEMPTS = 3
    for n in range(3):
        assert client.get(reverse("training:verify", args=[f"123456789{n}"]), REMOTE_ADDR="10.7.7.7").status_code == 404

    refused = client.get(
        reverse("training:verify", args=[certificate.code]), REMOTE_ADDR="10.7.7.7", headers={"accept-language": "en"}
    )
    other = client.get(reverse("training:verify", args=[certificate.code]), REMOTE_ADDR="10.7.7.8")

    assert refused.status_code == 429
    assert "Too many attempts" in refused.content.decode()
    assert "Aicha" not in refused.content.decode()
    assert other.status_code == 200 and "Aicha" in other.content.decode()


def test_verification_has_a_global_budget_of_a_minute(client, settings, certificate, later):
    settings.GUICHET_VERIFY_GLOBAL_ATTEMPTS = 4
    for n in range(4):
        client.get(reverse("training:verify_form"), {"code": f"99999{n}"}, REMOTE_ADDR=f"10.8.0.{n}")

    assert client.get(reverse("training:verify", args=[certificate.code]), REMOTE_ADDR="10.8.1.1").status_code == 429
    later(61)
    assert client.get(reverse("training:verify", args=[certificate.code]), REMOTE_ADDR="10.8.1.1").status_code == 200


@pytest.mark.parametrize("hostile", ["9" * 40, "²", "١٢", "-1", "abc", ""])
def test_malformed_attendance_ids_are_dropped_not_a_crash(client, staff, cohort, women, hostile):
    first = services.enrollment_create(actor=staff["coordinator"], cohort=cohort, person=women[0]).enrollment
    client.force_login(staff["facilitator"])

    response = client.post(
        reverse("training:cohort_detail", args=[cohort.pk]),
        {"action": "attendance", "held_on": "2026-02-03", "present": [str(first.pk), hostile]},
    )

    assert response.status_code == 302
    assert list(cohort.sessions.get().attendees.all()) == [first]


def test_a_malformed_verification_code_is_not_valid_rather_than_a_crash(client, db):
    for code in ["x" * 5000, "²²", "' OR 1=1 --", "../../etc/passwd"]:
        response = client.get(reverse("training:verify_form"), {"code": code})
        assert response.status_code == 404
