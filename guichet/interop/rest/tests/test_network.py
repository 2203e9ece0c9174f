"""The public part of the API: the catalogue, the centres and the windows, for anyone, paginated; a client that
sends its token is recorded."""

import pytest

from guichet.audit.models import AuditEntry
from guichet.network.models import Centre
from guichet.network.tests.factories import CentreFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def test_the_catalogue_lists_the_active_services_with_their_documents(client, card):
    ServiceFactory(code="closed-service", is_active=False)
    response = client.get("/api/v1/services/")
    assert response.status_code == 200
    assert [service["code"] for service in response.json()["results"]] == [card.code]
    assert response.json()["results"][0]["documents"][0]["name_en"] == "Certificate"
    assert client.get("/api/v1/services/closed-service/").status_code == 404
    assert client.get(f"/api/v1/services/{card.code}/").json()["due_working_days"] == card.due_working_days


def test_centres_are_filtered_and_paginated_with_a_capped_page_size(client, personas, territory, card):
    for _ in range(3):
        CentreFactory(commune=territory["agdal"], kind=Centre.Kind.INCUBATOR)
    CentreFactory(commune=territory["agdal"], is_active=False)
    everything = client.get("/api/v1/centres/").json()
    assert everything["count"] == 6
    page = client.get("/api/v1/centres/", {"page_size": 2, "page": 2}).json()
    assert len(page["results"]) == 2 and page["previous"] and page["next"]
    assert len(client.get("/api/v1/centres/", {"page_size": 5000}).json()["results"]) == 6
    assert client.get("/api/v1/centres/", {"page": 99}).status_code == 404
    rabat = client.get("/api/v1/centres/", {"region": "MA-04", "kind": "incubator"}).json()
    assert rabat["count"] == 3
    assert client.get("/api/v1/centres/", {"kind": "castle"}).status_code == 400
    detail = client.get(f"/api/v1/centres/{personas['centre'].centre.code}/").json()
    assert detail["services"] == [card.code]


def test_windows_are_public_and_a_client_is_recorded(client, call, personas):
    listed = client.get("/api/v1/windows/", {"status": "open"}).json()
    assert {window["name"] for window in listed["results"]} == {"Guichet Anfa", "Guichet Agdal"}
    assert not AuditEntry.objects.exists()
    api = call()
    assert api.get(f"/api/v1/windows/{personas['agent'].window.code}/").status_code == 200
    assert AuditEntry.objects.filter(actor=api.api_client.user, object_type="network.window").count() == 1
