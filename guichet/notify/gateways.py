"""Where messages leave Guichet: text-message gateways chosen by settings, and e-mail through Django.

Every gateway receives the outbox message's idempotency key (its kind and id: `guichet-request-17`,
`guichet-access-code-17`), so that a message a worker sent just before dying, and that another worker sends
again, reaches the citizen once, and two kinds of message never pass for duplicates of each other.

No gateway writes a message's text to the log, except the console one, for development and the demo.
"""

import fcntl
import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage

from .models import OutboxMessage, idempotency_key

logger = logging.getLogger("guichet.notify")
# Only the console gateway writes texts (access codes included) here: never configure it in production.
console_logger = logging.getLogger("guichet.notify.console")


class GatewayError(Exception):
    """The gateway did not take the message; the delivery will be tried again later."""


@dataclass(frozen=True)
class Outgoing:
    id: int  # the outbox message id
    to: str
    text: str = field(repr=False)  # never in a traceback's or a log's picture of the message
    subject: str = ""
    key: str = ""  # the idempotency key; by default that of a request's message with this id

    @property
    def idempotency_key(self) -> str:
        return self.key or idempotency_key(kind=OutboxMessage.Kind.REQUEST, number=self.id)


class Gateway(Protocol):
    def send(self, message: Outgoing) -> None:
        """Hand the message over, or raise GatewayError (any other exception counts as a failure too)."""


class ConsoleGateway:
    """Writes the message, text included, to the log: for development and the laptop demo only, where the
    log is the phone. The one place where a message's text (an access code too) is logged."""

    def send(self, message: Outgoing) -> None:
        console_logger.warning(
            "SMS %s to %s (console gateway, development only): %s", message.idempotency_key, message.to, message.text
        )


class FileGateway:
    """Appends one JSON line per message to a file, and never writes the same id twice."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    def send(self, message: Outgoing) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a+b") as handle:
            # An exclusive lock: two workers checking then appending the same id cannot interleave.
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                handle.seek(0)
                content = handle.read()
                if message.idempotency_key in _keys_in(content):
                    logger.info("SMS %s already in %s: not written again", message.idempotency_key, self.path)
                    return
                line = {
                    "id": message.id,
                    "key": message.idempotency_key,
                    "to": message.to,
                    "text": message.text,
                    "sender": settings.GUICHET_SMS_SENDER,
                }
                # A line a crash cut short stays on its own: the new one starts on a fresh line.
                start = b"\n" if content and not content.endswith(b"\n") else b""
                handle.write(start + json.dumps(line, ensure_ascii=False).encode() + b"\n")
                handle.flush()
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def sent_keys(self) -> list[str]:
        return _keys_in(self.path.read_bytes()) if self.path.exists() else []


def _keys_in(content: bytes) -> list[str]:
    keys = []
    for line in content.decode("utf-8", errors="replace").splitlines():
        try:
            keys.append(json.loads(line)["key"])
        except (ValueError, KeyError, TypeError):
            continue  # a line cut short by a crash: it was never acknowledged, so it does not count
    return keys


class HttpGateway:
    """POSTs {to, text, sender, id} as JSON with a Bearer token and an Idempotency-Key header (both the key)."""

    def __init__(self, url: str, token: str, sender: str, timeout: float = 10.0) -> None:
        if not url:
            raise ImproperlyConfigured("GUICHET_SMS_HTTP_URL is required by the http text-message gateway")
        self.url, self.token, self.sender, self.timeout = url, token, sender, timeout

    def send(self, message: Outgoing) -> None:
        payload = {"to": message.to, "text": message.text, "sender": self.sender, "id": message.idempotency_key}
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Accept": "application/json",
            "Idempotency-Key": message.idempotency_key,
        }
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        http_request = urllib.request.Request(  # noqa: S310 - the address is the operator's setting
            self.url, data=json.dumps(payload).encode(), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(http_request, timeout=self.timeout) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as error:
            raise GatewayError(f"HTTP {error.code} from the text-message gateway") from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise GatewayError(f"text-message gateway unreachable: {error}") from error
        if not 200 <= status < 300:
            raise GatewayError(f"HTTP {status} from the text-message gateway")


class EmailGateway:
    """Sends through Django's e-mail backend; the Message-ID carries the idempotency key for deduplication."""

    def send(self, message: Outgoing) -> None:
        domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
        EmailMessage(
            subject=message.subject,
            body=message.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to],
            headers={"Message-ID": f"<{message.idempotency_key}@{domain}>"},
        ).send()


def sms_gateway() -> Gateway:
    backend = settings.GUICHET_SMS_BACKEND
    if backend == "console":
        return ConsoleGateway()
    if backend == "file":
        return FileGateway(settings.GUICHET_SMS_FILE)
    if backend == "http":
        return HttpGateway(
            url=settings.GUICHET_SMS_HTTP_URL,
            token=settings.GUICHET_SMS_HTTP_TOKEN,
            sender=settings.GUICHET_SMS_SENDER,
            timeout=settings.GUICHET_SMS_HTTP_TIMEOUT,
        )
    raise ImproperlyConfigured(f"GUICHET_SMS_BACKEND must be console, file or http, not {backend!r}")


def gateway_for(channel: str) -> Gateway:
    return EmailGateway() if channel == "email" else sms_gateway()
