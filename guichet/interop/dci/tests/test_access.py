"""Who may call which DCI endpoint: a usable token (not expired, not revoked), the permission the operation needs,
and only ever the persons of the client's own territory who consent to sharing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from guichet.accounts.api_clients import api_client_revoke
from guichet.accounts.models import ApiPermission
from guichet.audit.models import AuditEntry
from guichet.interop.dci.models import Transaction
from guichet.registry.tests.factories import DisabilityRecordFactory

from .conftest import search_message, sharing

ENDPOINTS = ["search", "sync-search", "txn-status", "sync-txn-status", "subscribe", "unsubscribe"]
EVERYONE = [{"expression1": {"attribute_name": "birth_date", "operator": "gt", "attribute_value": "1900-01-01"}}]


def _sync_search(client, caller, query_type="predicate", query=None, **criteria):
    body = caller.envelope("search", search_message(query_type, query or EVERYONE, **criteria))
    return client.post(reverse("dci:sync-search"), body, content_type="application/json", **caller.headers())


def _names(response) -> list[str]:
    records = response.json()["message"]["search_response"][0]["data"]["reg_records"]
    return sorted(record["demographic_info"]["name"]["given_name"] for record in records)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_no_token_no_entry(client, endpoint):
    response = client.post(reverse(f"dci:{endpoint}"), {}, content_type="application/json")
    assert response.status_code == 401


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("how", ["expired", "revoked", "wrong"])
def test_an_expired_revoked_or_unknown_token_is_refused_everywhere(client, make_caller, personas, endpoint, how):
    caller = make_caller(permissions=list(ApiPermission.values))
    if how == "expired":
        caller.client.expires_at = timezone.now() - datetime.timedelta(seconds=1)
        caller.client.save()
    elif how == "revoked":
        api_client_revoke(actor=personas["admin"], client=caller.client)
    else:
        caller.token = caller.token[:-4] + "abcd"
    body = caller.envelope("search", search_message("predicate", EVERYONE))
    response = client.post(reverse(f"dci:{endpoint}"), body, content_type="application/json", **caller.headers())
    assert response.status_code == 401
    assert not Transaction.objects.exists()


@pytest.mark.parametrize(
    ("scope", "seen"),
    [
        ({"province": "settat"}, ["Fatima"]),
        ({"region": "casa_settat"}, ["Fatima", "Mohamed"]),
        ({"national": True}, ["Fatima", "Mohamed", "Youssef"]),
    ],
)
def test_a_client_receives_only_the_persons_of_its_territory(
    client, make_caller, territory, shared_people, scope, seen
):
    given = {name: (territory[value] if isinstance(value, str) else value) for name, value in scope.items()}
    caller = make_caller(**given)
    response = _sync_search(client, caller)
    assert _names(response) == seen
    # Each record sent is an opening of that person's file, by the client's account.
    opened = AuditEntry.objects.filter(actor=caller.client.user, action=AuditEntry.Action.VIEW)
    assert sorted(entry.person.given_name_latin for entry in opened) == seen


def test_an_identifier_outside_the_territory_finds_nobody(client, make_caller, territory, shared_people):
    caller = make_caller(province=territory["settat"])
    response = _sync_search(client, caller, "idtype-value", {"type": "CNIE", "value": "BE123456"})
    answer = response.json()["message"]["search_response"][0]
    assert answer["status"] == "succ" and answer["data"]["reg_records"] == []
    assert answer["pagination"]["total_count"] == 0


def test_only_persons_consenting_to_sharing_are_sent(client, make_caller, territory, people):
    sharing(people["casa"])
    sharing(people["settat"], withdrawn=True)  # consented, then withdrew
    caller = make_caller()
    assert _names(_sync_search(client, caller)) == ["Mohamed"]
    response = _sync_search(client, caller, "idtype-value", {"type": "SOCIAL_ID", "value": people["settat"].social_id})
    assert response.json()["message"]["search_response"][0]["data"]["reg_records"] == []


def test_a_search_by_identifier_answers_each_client_for_its_scope_its_rights_and_todays_consent(
    client, make_caller, territory, shared_people
):
    """A search by identifier is written in SQL once per shape and kept: each client, each person, each consent
    withdrawn since and each right to the disability details still gets its own answer."""
    casa, settat = shared_people["casa"], shared_people["settat"]
    DisabilityRecordFactory(person=casa)
    national, in_settat = make_caller(), make_caller(province=territory["settat"])
    allowed = make_caller(permissions=[ApiPermission.READ_PERSONS, ApiPermission.SEE_DISABILITY])

    def found(caller, person) -> list[dict]:
        query = {"type": "SOCIAL_ID", "value": person.social_id}
        return _sync_search(client, caller, "idtype-value", query).json()["message"]["search_response"][0]["data"][
            "reg_records"
        ]

    for _ in range(2):  # the second time from the SQL kept
        assert [r["demographic_info"]["name"]["given_name"] for r in found(national, casa)] == ["Mohamed"]
        assert found(in_settat, casa) == []
        assert [r["demographic_info"]["name"]["given_name"] for r in found(in_settat, settat)] == ["Fatima"]
    [plain] = found(national, casa)
    assert "is_disabled" not in plain
    [sensitive], [without] = found(allowed, casa), found(allowed, settat)
    assert sensitive["disability_info"][0]["disability_type"] == "motor" and without["is_disabled"] is False
    assert AuditEntry.objects.filter(actor=allowed.client.user, action=AuditEntry.Action.VIEW_SENSITIVE).count() == 1
    settat.consents.filter(purpose="sharing").update(withdrawn_on=timezone.localdate())
    assert found(in_settat, settat) == []


def test_a_client_without_the_read_permission_is_forbidden_to_search(client, make_caller, shared_people):
    caller = make_caller(permissions=[ApiPermission.SUBSCRIBE])
    response = _sync_search(client, caller)
    assert response.status_code == 403
    assert response.json()["message"]["error"]["code"] == "err.request.forbidden"
    assert not AuditEntry.objects.filter(actor=caller.client.user, action=AuditEntry.Action.VIEW).exists()


def test_disability_details_only_for_a_client_allowed_to_see_them(client, make_caller, shared_people):
    DisabilityRecordFactory(person=shared_people["casa"])
    query = {"type": "CNIE", "value": "BE123456"}
    plain = make_caller()
    [record] = _sync_search(client, plain, "idtype-value", query).json()["message"]["search_response"][0]["data"][
        "reg_records"
    ]
    assert "is_disabled" not in record and "disability_info" not in record
    refused = _sync_search(
        client,
        plain,
        query=[{"expression1": {"attribute_name": "is_disabled", "operator": "eq", "attribute_value": True}}],
    ).json()["message"]["search_response"][0]
    assert (refused["status"], refused["status_reason_code"]) == ("rjct", "rjct.search_criteria.invalid")
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.VIEW_SENSITIVE).exists()

    allowed = make_caller(permissions=[ApiPermission.READ_PERSONS, ApiPermission.SEE_DISABILITY])
    response = _sync_search(
        client,
        allowed,
        query=[{"expression1": {"attribute_name": "is_disabled", "operator": "eq", "attribute_value": True}}],
    )
    [record] = response.json()["message"]["search_response"][0]["data"]["reg_records"]
    assert record["is_disabled"] is True
    assert record["disability_info"][0]["disability_type"] == "motor"
    assert AuditEntry.objects.filter(
        actor=allowed.client.user, action=AuditEntry.Action.VIEW_SENSITIVE, person=shared_people["casa"]
    ).exists()


def test_a_client_reads_the_status_of_its_own_transactions_only(client, make_caller, shared_people):
    mine, other = make_caller(), make_caller()
    body = mine.envelope("search", search_message("predicate", EVERYONE))
    client.post(reverse("dci:sync-search"), body, content_type="application/json", **mine.headers())
    asked = body["message"]["transaction_id"]

    def status(caller):
        request = {
            "reference_id": "r",
            "txn_type": "search",
            "attribute_type": "transaction_id",
            "attribute_value": asked,
        }
        envelope = caller.envelope("txn-status", {"transaction_id": "t-status", "txnstatus_request": request})
        response = client.post(
            reverse("dci:sync-txn-status"), envelope, content_type="application/json", **caller.headers()
        )
        return response.json()["message"]["txnstatus_response"]["txn_status"]

    assert status(mine)["search_response"][0]["status"] == "succ"
    assert "data" not in status(mine)["search_response"][0]  # a status, never the records again
    refused = status(other)["search_response"][0]
    assert (refused["status"], refused["status_reason_code"]) == ("rjct", "rjct.reference_id.invalid")


def test_a_client_past_its_rate_is_told_to_wait_in_the_dci_shape(client, make_caller, shared_people):
    caller = make_caller()
    caller.client.rate_per_minute = 1
    caller.client.save()
    assert _sync_search(client, caller).status_code == 200
    response = _sync_search(client, caller)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["message"]["error"]["code"] == "err.request.too_many_requests"


def test_a_file_merged_into_another_is_never_sent(client, make_caller, shared_people):
    absorbed = shared_people["settat"]
    absorbed.merged_into = shared_people["casa"]
    absorbed.save(update_fields=["merged_into"])
    caller = make_caller()
    assert _names(_sync_search(client, caller)) == ["Mohamed", "Youssef"]
    by_id = _sync_search(client, caller, "idtype-value", {"type": "SOCIAL_ID", "value": absorbed.social_id})
    assert by_id.json()["message"]["search_response"][0]["data"]["reg_records"] == []


def test_a_body_that_is_not_json_is_refused_in_the_dci_shape(client, make_caller):
    caller = make_caller()
    response = client.post(reverse("dci:sync-search"), "{not json", content_type="application/json", **caller.headers())
    assert response.status_code == 400
    assert response.json()["message"]["error"]["code"] == "err.request.bad"
