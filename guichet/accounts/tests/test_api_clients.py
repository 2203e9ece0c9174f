"""Client systems: the token is shown once and kept hashed; revoked, expired or altered tokens open nothing; the
client is scoped and allowed exactly as registered."""

import datetime

import pytest
from django.utils import timezone

from guichet.accounts import permissions as roles
from guichet.accounts.api_clients import (
    api_client_create,
    api_client_for_token,
    api_client_revoke,
    api_client_token_renew,
)
from guichet.accounts.models import ApiClient, ApiPermission, Role
from guichet.accounts.scopes import scope_of
from guichet.audit.models import AuditEntry
from guichet.common.exceptions import NotAllowed, ValidationError

pytestmark = pytest.mark.django_db


def test_the_token_opens_the_api_and_is_kept_only_as_a_hash(api_clients, territory):
    client, token = api_clients("read_persons", province=territory["casablanca"])
    assert token.startswith("gch_")
    stored = ApiClient.objects.get(pk=client.pk)
    assert token not in (stored.token_hash, stored.token_prefix) and token[12:] not in stored.token_hash
    assert api_client_for_token(token) == client
    assert client.user.role == Role.API_CLIENT and not client.user.has_usable_password()
    assert client.user.username == "api:system-1"


def test_an_altered_unknown_revoked_or_expired_token_opens_nothing(api_clients, personas):
    client, token = api_clients("read_persons")
    assert api_client_for_token(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert api_client_for_token("gch_00000000_nothing") is None
    assert api_client_for_token("") is None
    api_client_revoke(actor=personas["admin"], client=client)
    assert api_client_for_token(token) is None
    assert scope_of(client.user).level == "none"
    expired, expired_token = api_clients("read_persons")
    ApiClient.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert api_client_for_token(expired_token) is None


def test_renewing_the_token_stops_the_old_one(api_clients, personas):
    client, old = api_clients("read_persons")
    api_client_revoke(actor=personas["admin"], client=client)
    new = api_client_token_renew(actor=personas["admin"], client=client)
    assert api_client_for_token(old) is None
    assert api_client_for_token(new) == client


def test_the_client_is_scoped_and_allowed_as_registered(api_clients, territory):
    reader, _ = api_clients("read_persons", "read_requests", region=territory["casa_settat"])
    writer, _ = api_clients("write_persons", "file_requests", "see_disability", province=territory["rabat"])
    assert scope_of(reader.user).level == "region" and scope_of(reader.user).region_id == territory["casa_settat"].pk
    assert roles.reads_persons(reader.user) and roles.reads_requests_of_territory(reader.user)
    assert not roles.can_register_persons(reader.user) and not roles.can_file_requests(reader.user)
    assert not roles.can_see_disability(reader.user)
    assert roles.can_register_persons(writer.user) and roles.can_file_requests(writer.user)
    assert roles.can_see_disability(writer.user) and not roles.reads_requests_of_territory(writer.user)


def test_only_an_administrator_registers_a_client_and_bad_input_is_named(personas, territory):
    later = timezone.now() + datetime.timedelta(days=10)
    with pytest.raises(NotAllowed):
        api_client_create(
            actor=personas["supervisor_national"],
            name="RSU",
            contact="x",
            permissions=["read_persons"],
            expires_at=later,
            national=True,
        )
    with pytest.raises(ValidationError) as refused:
        api_client_create(
            actor=personas["admin"],
            name=" ",
            contact="x",
            permissions=["fly"],
            expires_at=timezone.now(),
            public_key="not a key",
            callback_urls=["ftp://x"],
        )
    assert set(refused.value.message_dict) == {
        "name",
        "permissions",
        "province",
        "expires_at",
        "public_key",
        "callback_urls",
    }
    assert not ApiClient.objects.exists()


def test_registering_revoking_and_renewing_are_audited(api_clients, personas):
    client, _ = api_clients(ApiPermission.SUBSCRIBE)
    api_client_revoke(actor=personas["admin"], client=client)
    api_client_token_renew(actor=personas["admin"], client=client)
    entries = AuditEntry.objects.filter(object_type="accounts.apiclient", object_id=str(client.pk))
    assert entries.count() == 3
    assert all(entry.actor == personas["admin"] for entry in entries)
    assert not any("gch_" in str(entry.changes) for entry in entries)


def test_callbacks_go_only_to_registered_addresses(personas):
    client, _ = api_client_create(
        actor=personas["admin"],
        name="MIS",
        contact="x",
        permissions=["subscribe"],
        expires_at=timezone.now() + datetime.timedelta(days=1),
        national=True,
        callback_urls=["https://mis.example.org/dci/on-search"],
    )
    assert client.accepts_callback("https://mis.example.org/dci/on-search")
    assert not client.accepts_callback("https://mis.example.org/dci/on-search/../x")
    assert not client.accepts_callback("https://evil.example.org/dci/on-search")
