"""DCI test set-up: client systems with their own Ed25519 keys, persons who consent (or not) to sharing, and signed
envelopes as a client's gateway would send them."""

import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone

from guichet.accounts.api_clients import api_client_create
from guichet.accounts.models import ApiClient, ApiPermission
from guichet.interop.dci import signatures
from guichet.interop.dci.envelope import new_id, now_iso, sender_id_of
from guichet.registry.models import Consent
from guichet.registry.tests.factories import ConsentFactory


@dataclass
class Caller:
    """A client system as the tests drive it: its row, its token and its private key."""

    client: ApiClient
    token: str
    key: Ed25519PrivateKey
    callbacks: list[str] = field(default_factory=list)

    @property
    def sender_id(self) -> str:
        return sender_id_of(self.client)

    def headers(self) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token}"}

    def envelope(self, action: str, message: dict, *, sender_uri: str | None = None, sign: bool = True, **header):
        head = {
            "version": "1.0.0",
            "message_id": new_id("m"),
            "message_ts": now_iso(),
            "action": action,
            "sender_id": self.sender_id,
            "receiver_id": "guichet",
            "total_count": 1,
            **header,
        }
        if sender_uri:
            head["sender_uri"] = sender_uri
        body: dict[str, Any] = {"header": head, "message": message}
        if sign:
            body["signature"] = signatures.sign(
                private_key=self.key, key_id=f"{self.sender_id}|k1|ed25519", header=head, message=message
            )
        return body


def public_text(key: Ed25519PrivateKey) -> str:
    return signatures.public_key_text(key)


@pytest.fixture
def make_caller(personas):
    """A client system of the given scope and permissions, with its own key and callback addresses."""
    counter = iter(range(1, 100))

    def make(*, permissions=(ApiPermission.READ_PERSONS,), callbacks=(), expires_in_days=30, **scope) -> Caller:
        key = Ed25519PrivateKey.generate()
        if not scope:
            scope = {"national": True}
        client, token = api_client_create(
            actor=personas["admin"],
            name=f"Programme {next(counter)}",
            contact="mis@example.org",
            permissions=list(permissions),
            expires_at=timezone.now() + datetime.timedelta(days=expires_in_days),
            public_key=public_text(key),
            callback_urls=list(callbacks),
            **scope,
        )
        return Caller(client=client, token=token, key=key, callbacks=list(callbacks))

    return make


def sharing(person, *, withdrawn=False):
    """The person consents to their file being shared (withdrawn later when asked)."""
    ConsentFactory(
        person=person,
        purpose=Consent.Purpose.SHARING,
        withdrawn_on=timezone.localdate() if withdrawn else None,
    )
    return person


@pytest.fixture
def shared_people(people):
    """The three persons of `people` (Casablanca, Settat, Rabat), each consenting to sharing."""
    for person in people.values():
        sharing(person)
    return people


def search_message(query_type: str, query, **criteria) -> dict:
    return {
        "transaction_id": new_id("t"),
        "search_request": [
            {
                "reference_id": new_id("r"),
                "timestamp": now_iso(),
                "search_criteria": {"query_type": query_type, "query": query, **criteria},
            }
        ],
    }
