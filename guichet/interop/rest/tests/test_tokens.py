"""A token opens the API only while it is valid: expired, revoked or altered tokens get 401 at once, a renewed
one works; each client is rate-limited on its own (429 with Retry-After), in the one error shape."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from guichet.accounts.api_clients import api_client_revoke, api_client_token_renew
from guichet.accounts.models import ApiClient, ApiPermission
from guichet.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def _with(token: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return api


def test_an_expired_token_is_refused(api_clients, people, monkeypatch):
    client, token = api_clients(ApiPermission.READ_PERSONS, expires_in_days=30)
    url = f"/api/v1/persons/{people['casa'].social_id}/"
    assert _with(token).get(url).status_code == 200
    after_expiry = client.expires_at + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: after_expiry)  # the clock moves past the expiry (not our code)
    response = _with(token).get(url, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert "jeton" in response.json()["detail"].lower()
    assert people["casa"].family_name_latin not in response.content.decode()


def test_a_revoked_token_is_refused_even_on_public_endpoints_and_a_renewed_one_works(api_clients, people, personas):
    client, token = api_clients(ApiPermission.READ_PERSONS)
    api_client_revoke(actor=personas["admin"], client=client)
    assert _with(token).get(f"/api/v1/persons/{people['casa'].social_id}/").status_code == 401
    assert _with(token).get("/api/v1/services/").status_code == 401
    renewed = api_client_token_renew(actor=personas["admin"], client=client)
    assert _with(renewed).get(f"/api/v1/persons/{people['casa'].social_id}/").status_code == 200
    assert _with(token).get(f"/api/v1/persons/{people['casa'].social_id}/").status_code == 401


@pytest.mark.parametrize("header", ["Bearer gch_00000000_nothing", "Bearer", "Bearer a b", "Basic dXNlcjpwYXNz"])
def test_an_unknown_or_malformed_token_opens_nothing(client, people, header):
    response = client.get(f"/api/v1/persons/{people['casa'].social_id}/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.VIEW).exists()


def test_each_client_has_its_own_rate(api_clients, people):
    slow, slow_token = api_clients(ApiPermission.READ_PERSONS)
    ApiClient.objects.filter(pk=slow.pk).update(rate_per_minute=3)
    _, other_token = api_clients(ApiPermission.READ_PERSONS)
    url = f"/api/v1/persons/{people['casa'].social_id}/"
    assert [_with(slow_token).get(url).status_code for _ in range(3)] == [200, 200, 200]
    refused = _with(slow_token).get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["title"] == "Too many calls: wait before trying again."
    assert _with(other_token).get(url).status_code == 200
    assert AuditEntry.objects.filter(actor=slow.user, action=AuditEntry.Action.VIEW).count() == 3


def test_calls_without_a_token_are_limited_per_address(client):
    answers = [client.get("/api/v1/windows/", REMOTE_ADDR="192.0.2.7").status_code for _ in range(121)]
    assert answers[:120] == [200] * 120 and answers[120] == 429
    assert client.get("/api/v1/windows/", REMOTE_ADDR="192.0.2.8").status_code == 200
