"""Requests through the API: filed with the window's checks, read, listed in a centre's queue, moved along the
transitions of the pages with the same reasons; a stale change refused (412) and nothing written."""

import uuid

import pytest

from guichet.accounts.models import ApiPermission
from guichet.audit.models import AuditEntry
from guichet.cases import services as cases_services
from guichet.cases.models import Channel, Event, Request

pytestmark = pytest.mark.django_db


def _body(person, card, **more):
    return {"person": person.social_id, "service": card.code, "language": "ar", **more}


def test_a_client_files_a_request_routed_to_the_centre_by_the_api_channel(call, people, card, personas):
    api = call(ApiPermission.FILE_REQUESTS, ApiPermission.READ_REQUESTS)
    documents = list(card.documents.values_list("pk", flat=True))
    response = api.post("/api/v1/requests/create/", _body(people["casa"], card, documents=documents), format="json")
    assert response.status_code == 201, response.content
    request = Request.objects.get(reference=response.json()["reference"])
    assert (request.channel, request.centre, request.window) == (Channel.API, personas["centre"].centre, None)
    assert request.filed_by == api.api_client.user and response["ETag"] == '"1"'
    assert response.json()["centre"] == personas["centre"].centre.code
    entries = AuditEntry.objects.filter(actor=api.api_client.user)
    assert list(entries.values_list("action", flat=True)) == [AuditEntry.Action.CREATE]


def test_filing_asks_the_windows_reasons_by_field_and_writes_nothing(call, people, card):
    api = call(ApiPermission.FILE_REQUESTS)
    response = api.post("/api/v1/requests/create/", _body(people["casa"], card), format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"missing_documents_reason"}
    unknown = api.post(
        "/api/v1/requests/create/",
        {"person": "000000000", "service": "nothing", "language": "fr", "documents": [999999]},
        format="json",
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert set(unknown.json()["errors"]) == {"person", "service", "documents"}
    assert unknown.json()["errors"]["service"] == ["Aucun service n’a ce code."]
    assert not Request.objects.exists()


def test_the_same_idempotency_key_files_once(call, people, card):
    api = call(ApiPermission.FILE_REQUESTS)
    key = str(uuid.uuid4())
    body = _body(people["casa"], card, missing_documents_reason="Certificate to come")
    first = api.post("/api/v1/requests/create/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    again = api.post("/api/v1/requests/create/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == again.status_code == 201
    assert first.json()["reference"] == again.json()["reference"] and Request.objects.count() == 1
    bad = api.post("/api/v1/requests/create/", body, format="json", HTTP_IDEMPOTENCY_KEY="x")
    assert set(bad.json()["errors"]) == {"Idempotency-Key"}


def test_a_request_shows_what_the_client_may_do_and_its_version(call, filed):
    api = call(ApiPermission.READ_REQUESTS, ApiPermission.UPDATE_REQUESTS)
    response = api.get(f"/api/v1/requests/{filed['casa'].reference}/")
    assert response["ETag"] == '"1"'
    assert response.json()["actions"] == ["approve", "reject", "request_info", "withdraw"]
    reader = call(ApiPermission.READ_REQUESTS)
    assert reader.get(f"/api/v1/requests/{filed['casa'].reference}/").json()["actions"] == []
    assert api.get("/api/v1/requests/NOPE/").status_code == 404


def test_a_rejection_needs_its_reason_in_the_callers_language(call, filed):
    api = call(ApiPermission.READ_REQUESTS, ApiPermission.UPDATE_REQUESTS)
    url = f"/api/v1/requests/{filed['casa'].reference}/transition/"
    response = api.post(url, {"action": "reject"}, format="json", HTTP_IF_MATCH='"1"', HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 400
    assert "إلزامي" in response.json()["errors"]["note"][0]
    done = api.post(url, {"action": "reject", "note": "Dossier incomplet"}, format="json", HTTP_IF_MATCH='"1"')
    assert done.status_code == 200 and done.json()["status"] == "rejected" and done["ETag"] == '"2"'
    event = Event.objects.filter(request=filed["casa"]).latest("pk")
    assert (event.actor, event.note) == (api.api_client.user, "Dossier incomplet")
    again = api.post(url, {"action": "approve"}, format="json", HTTP_IF_MATCH='"2"')
    assert again.status_code == 400 and "rejected" in again.json()["detail"] + str(again.json()["errors"])


def test_a_status_change_needs_the_version_read_and_a_stale_one_writes_nothing(call, filed, personas):
    api = call(ApiPermission.READ_REQUESTS, ApiPermission.UPDATE_REQUESTS)
    request = filed["casa"]
    url = f"/api/v1/requests/{request.reference}/transition/"
    assert api.post(url, {"action": "approve"}, format="json").status_code == 428
    cases_services.request_transition(
        actor=personas["centre"], request=request, action="request_info", expected_version=1, note="CNIE"
    )
    stale = api.post(url, {"action": "reject", "note": "x"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412 and stale["Content-Type"] == "application/problem+json"
    request.refresh_from_db()
    assert (request.status, request.version, request.events.count()) == ("info_requested", 2, 2)
    assert not AuditEntry.objects.filter(actor=api.api_client.user, action=AuditEntry.Action.UPDATE).exists()


def test_a_centres_queue_is_paginated_and_its_page_size_capped(call, filed, card, people, personas):
    for _ in range(3):
        cases_services.request_file(
            actor=personas["agent"],
            person=people["casa"],
            service=card,
            language="fr",
            documents=list(card.documents.all()),
            duplicate_reason="Another child",
        )
    api = call(ApiPermission.READ_REQUESTS)
    url = f"/api/v1/centres/{filed['casa'].centre.code}/queue/"
    first = api.get(url, {"page_size": 2}).json()
    assert first["count"] == 4 and len(first["results"]) == 2 and first["next"]
    assert len(api.get(url, {"page_size": 100000}).json()["results"]) == 4
    assert api.get(url, {"status": "flying"}).status_code == 400
    assert api.get("/api/v1/centres/NOWHERE/queue/").status_code == 404
    entries = AuditEntry.objects.filter(actor=api.api_client.user)
    assert set(entries.values_list("action", flat=True)) == {AuditEntry.Action.SEARCH} and entries.count() == 2
