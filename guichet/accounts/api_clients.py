"""Client systems: registering one, its token (shown once, kept hashed), renewing and revoking it — each audited.

A token reads `gch_<prefix>_<secret>`: the prefix finds the client's row by index, the SHA-256 of the whole token
is compared in constant time. Nothing that could rebuild the token is stored; a lost token is renewed, never shown
again.
"""

import base64
import binascii
import copy
import datetime
import hashlib
import hmac
import secrets
from typing import Any
from urllib.parse import urlsplit

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_record, changes_between
from guichet.common.exceptions import NotAllowed, ValidationError
from guichet.common.versioning import version_claim, version_swap

from .models import ApiClient, ApiPermission, Role, User
from .permissions import can_manage_staff

TOKEN_START = "gch_"
PREFIX_LENGTH = 8
USERNAME_START = "api:"
# Calls a client may make per minute: at least one, and no more than the whole server could answer.
RATE_LIMITS = (1, 100_000)
# What an administrator may change on a registered client (its token is renewed, its revocation is its own action).
CLIENT_FIELDS = (
    "name",
    "contact",
    "permissions",
    "province",
    "region",
    "national",
    "expires_at",
    "public_key",
    "callback_urls",
    "rate_per_minute",
)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> tuple[str, str]:
    """A fresh (prefix, token) pair: 8 characters to find the row, 256 random bits to prove it."""
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    return prefix, f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"


def client_username(name: str) -> str:
    """The account a client acts as is named after it, so the audit log says which system did what."""
    return f"{USERNAME_START}{slugify(name)[:140]}"


def _checked(
    *,
    name: str,
    permissions: list[str],
    province,
    region,
    national: bool,
    expires_at: datetime.datetime,
    public_key: str,
    callback_urls: list[str],
    rate_per_minute: int = 600,
) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    if not name.strip():
        errors["name"] = _("Give the client system a name.")
    elif not slugify(name):
        errors["name"] = _("The name needs at least one letter or digit in Latin script.")
    unknown = sorted(set(permissions) - set(ApiPermission.values))
    if unknown or not permissions:
        errors["permissions"] = _("Choose at least one permission among those listed.")
    if [bool(province), bool(region), bool(national)].count(True) != 1:
        errors["province"] = _("Choose the province or the region this system covers, or tick national scope.")
    if expires_at <= timezone.now():
        errors["expires_at"] = _("The expiry date must be in the future.")
    if public_key.strip():
        try:
            raw = _decode_key(public_key)
        except ValueError:
            raw = b""
        if len(raw) != 32:
            errors["public_key"] = _("Paste the Ed25519 public key as base64 of its 32 bytes.")
    for url in callback_urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            errors["callback_urls"] = _("Each callback address must be a full http:// or https:// address.")
            break
    if not RATE_LIMITS[0] <= rate_per_minute <= RATE_LIMITS[1]:
        errors["rate_per_minute"] = _("Give a number of calls per minute between %(low)d and %(high)d.") % {
            "low": RATE_LIMITS[0],
            "high": RATE_LIMITS[1],
        }
    if errors:
        raise ValidationError(errors)
    return {"public_key": public_key.strip(), "callback_urls": list(dict.fromkeys(callback_urls))}


def _decode_key(text: str) -> bytes:
    try:
        return base64.b64decode(text.strip(), validate=True)
    except binascii.Error as error:
        raise ValueError(str(error)) from error


@transaction.atomic
def api_client_create(
    *,
    actor: User,
    name: str,
    contact: str,
    permissions: list[str],
    expires_at: datetime.datetime,
    province=None,
    region=None,
    national: bool = False,
    public_key: str = "",
    callback_urls: list[str] | tuple = (),
    rate_per_minute: int = 600,
    ip_address: str | None = None,
) -> tuple[ApiClient, str]:
    """Register a client system; returns it and its token, which is never shown again."""
    if not can_manage_staff(actor):
        raise NotAllowed
    cleaned = _checked(
        name=name,
        permissions=list(permissions),
        province=province,
        region=region,
        national=national,
        expires_at=expires_at,
        public_key=public_key,
        callback_urls=list(callback_urls),
        rate_per_minute=rate_per_minute,
    )
    username = client_username(name)
    if _name_taken(name, username=username):
        raise ValidationError({"name": _("A client system with this name exists already.")})
    user = User(
        username=username,
        first_name=name.strip()[:150],
        role=Role.API_CLIENT,
        province=province,
        region=region if province is None else None,
        national=bool(national) and province is None and region is None,
    )
    user.set_unusable_password()  # it never signs in to the pages: its token opens the API only
    # "api:" cannot start a staff username (Django's validator refuses ":"), so no staff account can take it.
    user.full_clean(exclude=["password", "username"])
    user.save()
    prefix, token = _new_token()
    client = ApiClient(
        user=user,
        name=name.strip(),
        contact=contact.strip(),
        permissions=sorted(set(permissions)),
        token_prefix=prefix,
        token_hash=_hash(token),
        expires_at=expires_at,
        rate_per_minute=rate_per_minute,
        **cleaned,
    )
    client.full_clean(exclude=["user"])
    client.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=client,
        changes={"name": [None, client.name], "permissions": [None, ", ".join(client.permissions)]},
        ip_address=ip_address,
    )
    return client, token


def _name_taken(name: str, *, username: str, client: ApiClient | None = None) -> bool:
    others = ApiClient.objects.filter(name__iexact=name.strip())
    accounts = User.objects.filter(username=username)
    if client is not None:
        others, accounts = others.exclude(pk=client.pk), accounts.exclude(pk=client.user_id)
    return others.exists() or accounts.exists()


def _described(client: ApiClient) -> dict[str, Any]:
    """What an audit entry says of a client's settings (lists joined, the territory by its account's)."""
    user = client.user
    values: dict[str, Any] = {name: getattr(client, name) for name in CLIENT_FIELDS if hasattr(client, name)}
    values.update(province=user.province_id, region=user.region_id, national=user.national)
    values["permissions"] = ", ".join(client.permissions)
    values["callback_urls"] = " ".join(client.callback_urls)
    return values


@transaction.atomic
def api_client_update(
    *,
    actor: User,
    client: ApiClient,
    expected_version: int | None,
    data: dict[str, Any],
    ip_address: str | None = None,
) -> ApiClient:
    """Change what a client may do, where, until when, and how it is reached (a new public key is a key rotation:
    messages signed with the old key are refused from now on). Refused when the client changed since the form was
    opened; its token is untouched."""
    if not can_manage_staff(actor):
        raise NotAllowed
    current = ApiClient.objects.select_for_update().select_related("user").get(pk=client.pk)
    version_claim(current, expected=expected_version)
    values = {name: data.get(name, _current_value(current, name)) for name in CLIENT_FIELDS}
    cleaned = _checked(
        name=values["name"],
        permissions=list(values["permissions"]),
        province=values["province"],
        region=values["region"],
        national=bool(values["national"]),
        expires_at=values["expires_at"],
        public_key=values["public_key"],
        callback_urls=list(values["callback_urls"]),
        rate_per_minute=values["rate_per_minute"],
    )
    username = client_username(values["name"])
    if _name_taken(values["name"], username=username, client=current):
        raise ValidationError({"name": _("A client system with this name exists already.")})
    before = _described(current)
    current.name = values["name"].strip()
    current.contact = values["contact"].strip()
    current.permissions = sorted(set(values["permissions"]))
    current.expires_at = values["expires_at"]
    current.rate_per_minute = values["rate_per_minute"]
    current.public_key = cleaned["public_key"]
    current.callback_urls = cleaned["callback_urls"]
    user = current.user
    user.username, user.first_name = username, current.name[:150]
    user.province = values["province"]
    user.region = values["region"] if values["province"] is None else None
    user.national = bool(values["national"]) and user.province is None and user.region is None
    user.full_clean(exclude=["password", "username"])
    user.save()
    current.full_clean(exclude=["user"])
    current.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=current,
        changes=changes_between(before, _described(current)),
        ip_address=ip_address,
    )
    return current


def _current_value(client: ApiClient, name: str) -> Any:
    if name in ("province", "region", "national"):
        return getattr(client.user, name)
    return getattr(client, name)


@transaction.atomic
def api_client_token_renew(
    *, actor: User, client: ApiClient, expires_at: datetime.datetime | None = None, ip_address: str | None = None
) -> str:
    """A new token for the client (the old one stops working at once); returns it, shown once."""
    if not can_manage_staff(actor):
        raise NotAllowed
    prefix, token = _new_token()
    values: dict[str, Any] = {"token_prefix": prefix, "token_hash": _hash(token), "revoked_at": None}
    if expires_at is not None:
        if expires_at <= timezone.now():
            raise ValidationError({"expires_at": _("The expiry date must be in the future.")})
        values["expires_at"] = expires_at
    version_swap(client, expected=client.version, values=values)
    audit_record(
        actor=actor, action=AuditEntry.Action.UPDATE, obj=client, changes={"token": ["…", "…"]}, ip_address=ip_address
    )
    return token


@transaction.atomic
def api_client_revoke(*, actor: User, client: ApiClient, ip_address: str | None = None) -> ApiClient:
    """The client's token stops working now; the client and what it did stay on record."""
    if not can_manage_staff(actor):
        raise NotAllowed
    if client.revoked_at is None:
        version_swap(client, expected=client.version, values={"revoked_at": timezone.now()})
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=client,
            changes={"revoked_at": [None, str(client.revoked_at)]},
            ip_address=ip_address,
        )
    return client


# Clients already read by this process, by token digest: (version, client). Each call still asks the database for
# the row's version (one indexed read of three columns, no ORM query to build), so a token revoked, renewed or a
# client changed anywhere is seen at once: every change goes through the services above, which bump the version.
_read: dict[str, tuple[int, ApiClient]] = {}
_READ_MAX = 1000
_VERSION_OF_PREFIX = "SELECT id, version, token_hash FROM accounts_apiclient WHERE token_prefix = %s"


def api_client_for_token(token: str) -> ApiClient | None:
    """The usable client whose token this is, or None (unknown, altered, revoked or expired)."""
    if not token.startswith(TOKEN_START):
        return None
    prefix = token[len(TOKEN_START) : len(TOKEN_START) + PREFIX_LENGTH]
    digest = _hash(token)
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_OF_PREFIX, [prefix])
        row = cursor.fetchone()
    if row is None or not hmac.compare_digest(row[2], digest):
        return None
    pk, version, _digest = row
    known = _read.get(digest)
    if known is None or known[0] != version:
        client = ApiClient.objects.select_related("user", "user__province").filter(pk=pk).first()
        if client is None:
            return None
        if len(_read) >= _READ_MAX:
            _read.clear()
        _read[digest] = (client.version, client)
    else:
        client = known[1]
    if not client.is_usable() or not client.user.is_active:
        return None
    return _own_copy(client)


def _own_copy(client: ApiClient) -> ApiClient:
    """A copy of the client and of its account for this request alone: whatever a request sets on them (DRF and
    Django attach attributes to request.user) never reaches another request of the same process."""
    mine = copy.copy(client)
    mine.user = copy.copy(client.user)
    ApiClient.user.field.remote_field.set_cached_value(mine.user, mine)  # user.api_client is this copy
    return mine
