"""The DCI envelope's signature: Ed25519 over a digest of the header and message, in the spec's format.

The social registry spec gives the form `keyId="{sender_id}|{key_id}|ed25519", algorithm="ed25519",
created="…", expires="…", headers="(created) (expires) digest", signature="…"` and leaves the rest to the
implementer. We sign, as Beckn-style gateways do, the three lines

    (created): <unix time>
    (expires): <unix time>
    digest: BLAKE-512=<base64 of the BLAKE2b-512 of the canonical JSON of {"header": …, "message": …}>

The JSON is canonical (keys sorted, no spaces, UTF-8) so that a body parsed and written again signs the same.
A client's key is its ApiClient.public_key; Guichet's own key comes from the settings (GUICHET_DCI_SIGNING_KEY).
"""

import base64
import binascii
import hashlib
import json
import re
import time
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from django.conf import settings

ALGORITHM = "ed25519"
# A signature says when it stops being valid; we accept at most this much clock drift on `created`.
CLOCK_SKEW_SECONDS = 60


class SignatureMissing(Exception):
    """The envelope carries no signature."""


class SignatureInvalid(Exception):
    """The signature cannot be read, is not the sender's, does not cover this body, or has expired."""


@dataclass(frozen=True)
class Signature:
    key_id: str
    created: int
    expires: int
    value: bytes


def canonical(header: Any, message: Any) -> bytes:
    """The bytes a signature covers: header and message (header left out when there is none, e.g. an ACK)."""
    body: dict[str, Any] = {"message": message}
    if header is not None:
        body["header"] = header
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def signing_string(*, created: int, expires: int, header: Any, message: Any) -> bytes:
    digest = base64.b64encode(hashlib.blake2b(canonical(header, message), digest_size=64).digest()).decode()
    return f"(created): {created}\n(expires): {expires}\ndigest: BLAKE-512={digest}".encode()


def sign(
    *,
    private_key: Ed25519PrivateKey,
    key_id: str,
    header: Any,
    message: Any,
    now: int | None = None,
    lifetime: int | None = None,
) -> str:
    """The signature field for this header and message, valid `lifetime` seconds from now."""
    created = int(now if now is not None else time.time())
    expires = created + (lifetime if lifetime is not None else settings.GUICHET_DCI_SIGNATURE_LIFETIME_SECONDS)
    value = private_key.sign(signing_string(created=created, expires=expires, header=header, message=message))
    return (
        f'keyId="{key_id}",algorithm="{ALGORITHM}",created="{created}",expires="{expires}",'
        f'headers="(created) (expires) digest",signature="{base64.b64encode(value).decode()}"'
    )


_PARAM = re.compile(r'([A-Za-z]+)\s*=\s*"([^"]*)"')


def parse(text: Any) -> Signature:
    """Read the signature field (an optional leading `Signature:` and `kidId` for `keyId` are tolerated)."""
    if text is None or (isinstance(text, str) and not text.strip()):
        raise SignatureMissing
    if not isinstance(text, str):
        raise SignatureInvalid("not a string")
    params = {name.lower(): value for name, value in _PARAM.findall(text)}
    if params.get("algorithm", "").lower() != ALGORITHM:
        raise SignatureInvalid("algorithm")
    try:
        created, expires = int(params["created"]), int(params["expires"])
        value = base64.b64decode(params["signature"], validate=True)
    except (KeyError, ValueError, binascii.Error) as error:
        raise SignatureInvalid("unreadable") from error
    return Signature(
        key_id=params.get("keyid") or params.get("kidid") or "", created=created, expires=expires, value=value
    )


def verify(*, text: Any, public_key: str, header: Any, message: Any, now: int | None = None) -> Signature:
    """Check that the sender holding `public_key` (base64 of 32 raw bytes) signed this header and message, and
    that the signature is in force now. Raises SignatureMissing or SignatureInvalid."""
    signature = parse(text)
    moment = int(now if now is not None else time.time())
    if signature.created > moment + CLOCK_SKEW_SECONDS or signature.expires <= moment:
        raise SignatureInvalid("expired")
    if signature.expires - signature.created > settings.GUICHET_DCI_SIGNATURE_MAX_LIFETIME_SECONDS:
        raise SignatureInvalid("lifetime")
    try:
        key = public_key_from_text(public_key)
        key.verify(
            signature.value,
            signing_string(created=signature.created, expires=signature.expires, header=header, message=message),
        )
    except (ValueError, InvalidSignature) as error:
        raise SignatureInvalid("mismatch") from error
    return signature


def public_key_from_text(text: str) -> Ed25519PublicKey:
    try:
        raw = base64.b64decode((text or "").strip(), validate=True)
    except binascii.Error as error:
        raise ValueError("not base64") from error
    return Ed25519PublicKey.from_public_bytes(raw)


def private_key_from_text(text: str) -> Ed25519PrivateKey:
    """A private key given as base64 of its 32-byte seed."""
    try:
        raw = base64.b64decode((text or "").strip(), validate=True)
    except binascii.Error as error:
        raise ValueError("not base64") from error
    return Ed25519PrivateKey.from_private_bytes(raw)


def public_key_text(private_key: Ed25519PrivateKey) -> str:
    raw = private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def private_key_text(private_key: Ed25519PrivateKey) -> str:
    """A private key as GUICHET_DCI_SIGNING_KEY takes it: base64 of its 32-byte seed."""
    return base64.b64encode(private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())).decode()


def guichet_key() -> Ed25519PrivateKey:
    return private_key_from_text(settings.GUICHET_DCI_SIGNING_KEY)


def guichet_key_id() -> str:
    """`{sender_id}|{key id}|ed25519`, as the spec writes a key's name: the key id changes at each rotation."""
    return f"{settings.GUICHET_DCI_REGISTRY_ID}|{settings.GUICHET_DCI_SIGNING_KEY_ID}|{ALGORITHM}"


def sign_as_guichet(*, header: Any, message: Any) -> str:
    return sign(private_key=guichet_key(), key_id=guichet_key_id(), header=header, message=message)


def published_keys() -> list[dict[str, str]]:
    """Guichet's public keys a receiver may meet: the current one, then those of GUICHET_DCI_PREVIOUS_PUBLIC_KEYS
    (`key_id=base64`) still published during a rotation."""
    keys = [{"key_id": settings.GUICHET_DCI_SIGNING_KEY_ID, "public_key": public_key_text(guichet_key())}]
    for item in settings.GUICHET_DCI_PREVIOUS_PUBLIC_KEYS:
        key_id, _, public = item.partition("=")
        if key_id and public:
            keys.append({"key_id": key_id.strip(), "public_key": public.strip()})
    for key in keys:
        key["algorithm"] = ALGORITHM
    return keys
