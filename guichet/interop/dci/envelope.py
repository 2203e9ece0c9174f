"""The DCI message envelope (signature, header, message): read leniently, checked, answered strictly.

Every request is `{"signature": …, "header": {…}, "message": {…}}`. What is wrong with the envelope itself
(unreadable, a header field missing, not addressed to us, not signed by the sender) is an `EnvelopeError`, answered
with an ERR acknowledgement carrying one of the spec's error codes; what is wrong with one search request inside a
valid message is answered per request (status "rjct" and a reason code) by the operation.
"""

import datetime
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from guichet.accounts.models import ApiClient

from . import signatures

VERSION = "1.0.0"
MAX_ID_LENGTH = 99


class EnvelopeError(Exception):
    """A message refused as a whole: `code` is the spec's error code (err.request.bad, err.signature.invalid…)."""

    def __init__(self, code: str, message: str, *, http_status: int = 400):
        super().__init__(message)
        self.code = code
        self.message = message
        self.http_status = http_status


@dataclass
class Incoming:
    header: dict[str, Any]
    message: dict[str, Any]
    sender_uri: str


def now_iso() -> str:
    return timezone.now().isoformat(timespec="milliseconds")


def new_id(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(12)}"


def sender_id_of(client: ApiClient) -> str:
    """The sender_id a client writes in its headers: its account's name without the `api:` mark (its slug)."""
    return client.user.username.removeprefix("api:")


def read(body: Any, *, client: ApiClient, action: str, needs_callback: bool) -> Incoming:
    """Check the envelope of a request: its shape, header, addressee, sender, callback address and signature."""
    if not isinstance(body, dict):
        raise EnvelopeError("err.request.bad", _("The body must be a JSON object with a header and a message."))
    header, message = body.get("header"), body.get("message")
    if not isinstance(header, dict):
        raise EnvelopeError("err.request.bad", _("The header is missing."))
    if not isinstance(message, dict):
        raise EnvelopeError("err.request.bad", _("The message is missing."))
    if message.get("header") is not None and message.get("ciphertext") is not None:
        raise EnvelopeError(
            "err.encryption.invalid", _("Encrypted messages are not accepted: send the message in clear over HTTPS.")
        )
    _check_header(header, action=action)
    if str(header.get("sender_id", "")) != sender_id_of(client):
        raise EnvelopeError(
            "err.sender_id.invalid",
            _("sender_id must be the name this client system was registered under: %(name)s.")
            % {"name": sender_id_of(client)},
            http_status=403,
        )
    receiver = header.get("receiver_id")
    if receiver not in (None, "", settings.GUICHET_DCI_REGISTRY_ID):
        raise EnvelopeError(
            "err.receiver_id.invalid",
            _("receiver_id must be %(name)s.") % {"name": settings.GUICHET_DCI_REGISTRY_ID},
        )
    sender_uri = ""
    if needs_callback:
        sender_uri = str(header.get("sender_uri") or "") or (client.callback_urls[0] if client.callback_urls else "")
        if not sender_uri or not client.accepts_callback(sender_uri):
            raise EnvelopeError(
                "err.sender_uri.invalid",
                _("sender_uri must be one of the callback addresses registered for this client system."),
                http_status=403,
            )
    _check_signature(body.get("signature"), client=client, header=header, message=message)
    return Incoming(header=header, message=message, sender_uri=sender_uri)


def _check_header(header: dict, *, action: str) -> None:
    for name in ("message_id", "message_ts", "action", "sender_id"):
        if header.get(name) in (None, ""):
            raise EnvelopeError("err.request.bad", _("The header needs %(field)s.") % {"field": name})
    version = str(header.get("version") or VERSION)
    if version.split(".")[0] != VERSION.split(".")[0]:
        raise EnvelopeError(
            "err.version.not_supported", _("Version %(version)s is not supported: send 1.0.0.") % {"version": version}
        )
    if header.get("action") != action:
        raise EnvelopeError("err.request.bad", _("The header's action must be %(action)s here.") % {"action": action})
    if not is_timestamp(header.get("message_ts")):
        raise EnvelopeError("err.request.bad", _("message_ts must be an ISO 8601 date and time with its time zone."))
    if len(str(header["message_id"])) > MAX_ID_LENGTH:
        raise EnvelopeError("err.request.bad", _("message_id is longer than 99 characters."))


def _check_signature(text: Any, *, client: ApiClient, header: dict, message: dict) -> None:
    if not client.public_key:
        raise EnvelopeError(
            "err.signature.invalid",
            _("No public key is registered for this client system: its messages cannot be verified."),
            http_status=401,
        )
    try:
        signatures.verify(text=text, public_key=client.public_key, header=header, message=message)
    except signatures.SignatureMissing as error:
        raise EnvelopeError("err.signature.missing", _("The message is not signed."), http_status=401) from error
    except signatures.SignatureInvalid as error:
        raise EnvelopeError(
            "err.signature.invalid",
            _("The signature does not match this message and the client system's key, or it has expired."),
            http_status=401,
        ) from error


def is_timestamp(value: Any) -> bool:
    """An ISO 8601 date and time with its time zone (the spec's date-time)."""
    if not isinstance(value, str):
        return False
    try:
        moment = parse_datetime(value)
    except ValueError:
        return False
    return isinstance(moment, datetime.datetime) and moment.tzinfo is not None


def ack(correlation_id: str) -> dict[str, Any]:
    return signed(None, {"ack_status": "ACK", "timestamp": now_iso(), "correlation_id": correlation_id})


def err(code: str, text: str, correlation_id: str = "") -> dict[str, Any]:
    message = {
        "ack_status": "ERR",
        "timestamp": now_iso(),
        "correlation_id": correlation_id or new_id("err"),
        "error": {"code": code, "message": text[:999]},
    }
    return signed(None, message)


def callback_header(*, action: str, receiver_id: str, status: str = "succ", total: int = 1, completed: int = 1) -> dict:
    """The header of an answer or a callback sent by Guichet."""
    return {
        "version": VERSION,
        "message_id": new_id("msg"),
        "message_ts": now_iso(),
        "action": action,
        "status": status,
        "total_count": total,
        "completed_count": completed,
        "sender_id": settings.GUICHET_DCI_REGISTRY_ID,
        "receiver_id": receiver_id,
        "is_msg_encrypted": False,
    }


def signed(header: dict | None, message: dict) -> dict[str, Any]:
    """An envelope signed with Guichet's key (an acknowledgement has no header: the signature covers the message)."""
    body: dict[str, Any] = {"signature": signatures.sign_as_guichet(header=header, message=message)}
    if header is not None:
        body["header"] = header
    body["message"] = message
    return body
