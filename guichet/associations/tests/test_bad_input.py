"""Malformed versions give the stale-page message, never a crash; registration is limited per address only."""

import pytest
from django.urls import reverse

from guichet.associations import services_registration
from guichet.associations.models import Association, SchoolingApplication

from .test_registration import URL, form_data

HOSTILE_VERSIONS = ["abc", "9" * 40, "-1", "²", "", "1.5"]


@pytest.mark.parametrize("version", HOSTILE_VERSIONS)
def test_a_malformed_version_on_the_correction_form_is_a_stale_page(client, officers, associations, territory, version):
    association = associations["pending"]
    _, token = services_registration.association_ask_correction(
        actor=officers["officer"], association=association, expected_version=1, note="Adresse", link_of=lambda t: t
    )
    data = form_data(territory, registration_number=association.registration_number, statutes=None, receipt=None)

    response = client.post(
        reverse("associations:correct", args=[token]), {**data, "version": version}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()
    association.refresh_from_db()
    assert association.status == Association.Status.CORRECTION


@pytest.mark.parametrize("version", HOSTILE_VERSIONS)
def test_a_malformed_version_when_submitting_an_application_is_refused_clearly(client, associations, people, version):
    from guichet.associations import services_applications as services

    manager = associations["casa_manager"]
    application = services.application_create(actor=manager, association=associations["casa"], school_year="2026-2027")
    client.force_login(manager)

    response = client.post(
        reverse("associations:application", args=[application.pk]),
        {"action": "submit", "version": version},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 409  # on the application's page, in its error summary
    assert 'id="error-summary"' in response.content.decode()
    assert "Someone else saved this record" in response.content.decode()
    assert SchoolingApplication.objects.get(pk=application.pk).status == application.status


def test_the_registration_limit_is_per_address(client, territory, settings):
    settings.GUICHET_ASSOCIATION_REGISTRATIONS_PER_HOUR = 2
    for _ in range(2):
        client.post(URL, form_data(territory, name_fr=""), REMOTE_ADDR="10.9.9.9")

    assert client.post(URL, form_data(territory), REMOTE_ADDR="10.9.9.9").status_code == 429
    assert client.post(URL, form_data(territory), REMOTE_ADDR="10.9.9.10").status_code == 302
    assert Association.objects.count() == 1


def test_the_correction_page_is_never_stored_by_the_browser(client, officers, associations):
    _, token = services_registration.association_ask_correction(
        actor=officers["officer"], association=associations["pending"], expected_version=1, note="x", link_of=str
    )
    response = client.get(reverse("associations:correct", args=[token]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
