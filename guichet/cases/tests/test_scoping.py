"""Who sees which request, queue and file: a test for every role (staff of centre A never open centre B's)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from guichet.cases import services
from guichet.cases.selectors import QueueFilters, request_get, work_queue
from guichet.common.exceptions import NotAllowed

from .conftest import MONDAY

# Who may open the request filed at the Casablanca window and handled by the Casablanca disability centre.
CASA_REQUEST = {
    "admin": True,
    "steward": True,
    "agent": True,
    "agent_rabat": False,
    "centre": True,
    "incubator": False,
    "centre_rabat": False,
    "supervisor_region": True,
    "supervisor_province": False,
    "supervisor_national": True,
}
# What each role's work queue lists, out of the Casablanca and the Rabat requests.
QUEUES = {
    "admin": {"casa", "rabat"},
    "steward": {"casa", "rabat"},
    "agent": {"casa"},
    "agent_rabat": {"rabat"},
    "centre": {"casa"},
    "incubator": set(),
    "centre_rabat": {"rabat"},
    "supervisor_region": {"casa"},
    "supervisor_province": set(),
    "supervisor_national": {"casa", "rabat"},
}


@pytest.fixture
def two_requests(personas, people, catalogue, filed):
    rabat = services.request_file(
        actor=personas["agent_rabat"],
        person=people["rabat"],
        service=catalogue["card"],
        language="ar",
        documents=list(catalogue["card"].documents.all()),
        today=MONDAY,
    )
    attachment = services.request_attach(
        actor=personas["agent"],
        request=filed,
        uploads=[SimpleUploadedFile("cert.pdf", b"%PDF-1.4 test", content_type="application/pdf")],
    )[0]
    return {"casa": filed, "rabat": rabat, "attachment": attachment}


@pytest.mark.parametrize(("role", "may"), CASA_REQUEST.items())
def test_request_get_for_every_role(role, may, personas, two_requests):
    request = two_requests["casa"]
    if may:
        assert request_get(viewer=personas[role], reference=request.reference) == request
    else:
        with pytest.raises(NotAllowed):
            request_get(viewer=personas[role], reference=request.reference)


@pytest.mark.parametrize(("role", "expected"), QUEUES.items())
def test_work_queue_for_every_role(role, expected, personas, two_requests):
    page = work_queue(viewer=personas[role], filters=QueueFilters(status="all"), today=MONDAY)
    listed = {name for name in ("casa", "rabat") if two_requests[name] in page.object_list}
    assert listed == expected


@pytest.mark.parametrize(("role", "may"), CASA_REQUEST.items())
def test_request_page_for_every_role(role, may, client, personas, two_requests):
    client.force_login(personas[role])
    response = client.get(reverse("cases:detail", args=[two_requests["casa"].reference]))
    assert response.status_code == (200 if may else 403)


@pytest.mark.parametrize(("role", "may"), CASA_REQUEST.items())
def test_attached_files_for_every_role(role, may, client, personas, two_requests):
    client.force_login(personas[role])
    url = reverse("cases:attachment", args=[two_requests["casa"].reference, two_requests["attachment"].pk])
    response = client.get(url)
    assert response.status_code == (200 if may else 403)
    if not may:
        assert b"%PDF" not in response.content


@pytest.mark.parametrize(("role", "may"), CASA_REQUEST.items())
def test_receipt_for_every_role(role, may, client, personas, two_requests):
    client.force_login(personas[role])
    response = client.get(reverse("cases:receipt", args=[two_requests["casa"].reference]))
    assert response.status_code == (200 if may else 403)


def test_anonymous_visitors_are_sent_to_the_login(client, two_requests):
    for url in (
        reverse("cases:detail", args=[two_requests["casa"].reference]),
        reverse("cases:attachment", args=[two_requests["casa"].reference, two_requests["attachment"].pk]),
        reverse("cases:receipt", args=[two_requests["casa"].reference]),
        reverse("cases:queue"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_unknown_or_mistyped_reference_is_not_found(client, personas, two_requests):
    client.force_login(personas["admin"])
    reference = two_requests["casa"].reference
    wrong = reference[:-1] + str((int(reference[-1]) + 1) % 10)
    assert client.get(reverse("cases:detail", args=[wrong])).status_code == 404
    spaced = client.get(reverse("cases:detail", args=[f"{reference[:5]} {reference[5:]}"]))
    assert spaced.status_code == 302 and spaced["Location"].endswith(f"/{reference}/")


def test_sensitive_services_are_listed_on_a_file_only_to_those_who_may_see_them(personas, people, two_requests):
    from guichet.cases.selectors import beneficiary_services, person_requests

    casa = people["casa"]
    # The card is a disability service: its own centre and window see it, an incubator's staff not.
    assert [r.pk for r in person_requests(viewer=personas["centre"], person=casa)] == [two_requests["casa"].pk]
    assert [r.pk for r in person_requests(viewer=personas["agent"], person=casa)] == [two_requests["casa"].pk]
    assert person_requests(viewer=personas["incubator"], person=casa) == []
    assert person_requests(viewer=personas["supervisor_region"], person=casa) != []
    assert beneficiary_services(casa, viewer=personas["incubator"]) == {}
