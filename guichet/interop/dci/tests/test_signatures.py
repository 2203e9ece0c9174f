"""Every DCI message must be signed by the sender's own key, over this very body, and still in force; Guichet signs
every answer with its key, which receivers read at /dci/keys."""

import time

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.urls import reverse

from guichet.audit.models import AuditEntry
from guichet.interop.dci import signatures
from guichet.interop.dci.apps import signing_key_check
from guichet.interop.dci.models import Transaction

from .conftest import search_message

SEARCH = reverse("dci:sync-search")


def _post(client, caller, body):
    return client.post(SEARCH, body, content_type="application/json", **caller.headers())


def _search_body(caller, people):
    return caller.envelope("search", search_message("idtype-value", {"type": "CNIE", "value": people["casa"].cnie}))


def _assert_refused(response, code):
    assert response.status_code == 401
    assert response.json()["message"]["ack_status"] == "ERR"
    assert response.json()["message"]["error"]["code"] == code
    assert not Transaction.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.VIEW).exists()


def test_a_message_signed_by_the_clients_key_is_answered(client, make_caller, shared_people):
    caller = make_caller()
    response = _post(client, caller, _search_body(caller, shared_people))
    assert response.status_code == 200
    records = response.json()["message"]["search_response"][0]["data"]["reg_records"]
    assert [r["demographic_info"]["name"]["given_name"] for r in records] == ["Mohamed"]


def test_a_message_signed_with_another_key_is_refused(client, make_caller, shared_people):
    caller = make_caller()
    body = caller.envelope("search", search_message("idtype-value", {"type": "CNIE", "value": "BE123456"}), sign=False)
    body["signature"] = signatures.sign(
        private_key=Ed25519PrivateKey.generate(), key_id="x|k|ed25519", header=body["header"], message=body["message"]
    )
    _assert_refused(_post(client, caller, body), "err.signature.invalid")


def test_another_clients_signature_does_not_open_this_clients_account(client, make_caller, shared_people):
    caller, other = make_caller(), make_caller()
    body = other.envelope("search", search_message("idtype-value", {"type": "CNIE", "value": "BE123456"}))
    body["header"]["sender_id"] = caller.sender_id
    body["signature"] = signatures.sign(
        private_key=other.key, key_id="k", header=body["header"], message=body["message"]
    )
    _assert_refused(_post(client, caller, body), "err.signature.invalid")


def test_a_body_altered_after_signing_is_refused(client, make_caller, shared_people):
    caller = make_caller()
    body = _search_body(caller, shared_people)
    body["message"]["search_request"][0]["search_criteria"]["query"]["value"] = "ZZ999999"
    _assert_refused(_post(client, caller, body), "err.signature.invalid")


def test_an_altered_header_is_refused_too(client, make_caller, shared_people):
    caller = make_caller()
    body = _search_body(caller, shared_people)
    body["header"]["message_id"] = "replayed-with-another-id"
    _assert_refused(_post(client, caller, body), "err.signature.invalid")


@pytest.mark.parametrize(("created_ago", "lifetime"), [(600, 300), (7200, 7300)], ids=["expired", "too-long-lived"])
def test_an_expired_or_overlong_signature_is_refused(client, make_caller, shared_people, created_ago, lifetime):
    caller = make_caller()
    body = _search_body(caller, shared_people)
    body["signature"] = signatures.sign(
        private_key=caller.key,
        key_id="k",
        header=body["header"],
        message=body["message"],
        now=int(time.time()) - created_ago,
        lifetime=lifetime,
    )
    _assert_refused(_post(client, caller, body), "err.signature.invalid")


@pytest.mark.parametrize("signature", [None, "", "invalid-signature", 'algorithm="rsa",signature="abc"'])
def test_a_missing_or_unreadable_signature_is_refused(client, make_caller, shared_people, signature):
    caller = make_caller()
    body = _search_body(caller, shared_people)
    if signature is None:
        del body["signature"]
    else:
        body["signature"] = signature
    code = "err.signature.missing" if not signature else "err.signature.invalid"
    _assert_refused(_post(client, caller, body), code)


def test_a_client_without_a_registered_key_cannot_be_answered(client, make_caller, shared_people):
    caller = make_caller()
    caller.client.public_key = ""
    caller.client.save()
    _assert_refused(_post(client, caller, _search_body(caller, shared_people)), "err.signature.invalid")


def test_answers_and_acknowledgements_are_signed_with_guichets_published_key(client, make_caller, shared_people):
    caller = make_caller(callbacks=["http://127.0.0.1:9/registry/on-search"])
    keys = client.get(reverse("dci:keys")).json()
    public = keys["keys"][0]["public_key"]
    answer = _post(client, caller, _search_body(caller, shared_people)).json()
    signatures.verify(text=answer["signature"], public_key=public, header=answer["header"], message=answer["message"])
    assert answer["header"]["sender_id"] == keys["sender_id"] == "guichet"
    body = caller.envelope(
        "search",
        search_message(
            "predicate", [{"expression1": {"attribute_name": "sex", "operator": "eq", "attribute_value": "M"}}]
        ),
        sender_uri=caller.callbacks[0],
    )
    ack = client.post(reverse("dci:search"), body, content_type="application/json", **caller.headers()).json()
    assert ack["message"]["ack_status"] == "ACK"
    signatures.verify(text=ack["signature"], public_key=public, header=None, message=ack["message"])
    refused = _post(client, caller, {"header": {}, "message": {}}).json()
    signatures.verify(text=refused["signature"], public_key=public, header=None, message=refused["message"])


def test_the_previous_key_stays_published_during_a_rotation(client, settings):
    old = Ed25519PrivateKey.generate()
    new = Ed25519PrivateKey.generate()
    settings.GUICHET_DCI_SIGNING_KEY = signatures.private_key_text(new)
    settings.GUICHET_DCI_SIGNING_KEY_ID = "2027-01"
    settings.GUICHET_DCI_PREVIOUS_PUBLIC_KEYS = [f"2026-12={signatures.public_key_text(old)}"]
    keys = client.get(reverse("dci:keys")).json()["keys"]
    assert [(k["key_id"], k["public_key"]) for k in keys] == [
        ("2027-01", signatures.public_key_text(new)),
        ("2026-12", signatures.public_key_text(old)),
    ]
    assert signatures.guichet_key_id() == "guichet|2027-01|ed25519"


def test_check_deploy_warns_while_guichet_signs_with_the_development_key(settings):
    assert [message.id for message in signing_key_check()] == ["dci.W001"]
    settings.GUICHET_DCI_SIGNING_KEY = signatures.private_key_text(Ed25519PrivateKey.generate())
    assert signing_key_check() == []
