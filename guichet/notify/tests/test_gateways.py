"""Each gateway hands the message over with its id as the idempotency key, and fails loudly otherwise."""

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured

from guichet.notify.gateways import (
    ConsoleGateway,
    EmailGateway,
    FileGateway,
    GatewayError,
    HttpGateway,
    Outgoing,
    gateway_for,
    sms_gateway,
)

MESSAGE = Outgoing(id=42, to="+212612345678", text="Votre demande 12345 67890 est acceptée.")


@pytest.fixture
def sms_server():
    """A text-message provider on 127.0.0.1 that records what it receives and answers with `status`."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers["Content-Length"])
            received.append({"headers": dict(self.headers), "body": json.loads(self.rfile.read(length))})
            self.send_response(self.server.answer)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"accepted": true}')

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.answer = 202
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.received = received
    server.url = f"http://127.0.0.1:{server.server_address[1]}/sms"
    yield server
    server.shutdown()
    server.server_close()


def test_http_gateway_posts_json_with_the_token_and_the_idempotency_key(sms_server):
    HttpGateway(url=sms_server.url, token="s3cret", sender="Guichet").send(MESSAGE)

    [call] = sms_server.received
    assert call["headers"]["Authorization"] == "Bearer s3cret"
    assert call["headers"]["Idempotency-Key"] == "guichet-request-42"
    assert call["headers"]["Content-Type"].startswith("application/json")
    assert call["body"] == {
        "to": "+212612345678",
        "text": MESSAGE.text,
        "sender": "Guichet",
        "id": "guichet-request-42",
    }


def test_http_gateway_sends_the_same_key_when_a_message_is_sent_again(sms_server):
    gateway = HttpGateway(url=sms_server.url, token="t", sender="Guichet")
    gateway.send(MESSAGE)
    gateway.send(MESSAGE)

    keys = [call["headers"]["Idempotency-Key"] for call in sms_server.received]
    assert keys == ["guichet-request-42", "guichet-request-42"]


def test_http_gateway_raises_on_an_error_status(sms_server):
    sms_server.answer = 503

    with pytest.raises(GatewayError, match="503"):
        HttpGateway(url=sms_server.url, token="t", sender="Guichet").send(MESSAGE)


def test_http_gateway_raises_when_the_provider_is_unreachable(sms_server):
    url = sms_server.url
    sms_server.shutdown()
    sms_server.server_close()

    with pytest.raises(GatewayError, match="unreachable"):
        HttpGateway(url=url, token="t", sender="Guichet", timeout=2).send(MESSAGE)


def test_http_gateway_is_chosen_by_settings(settings, sms_server):
    settings.GUICHET_SMS_BACKEND = "http"
    settings.GUICHET_SMS_HTTP_URL = sms_server.url
    settings.GUICHET_SMS_HTTP_TOKEN = "from-settings"
    settings.GUICHET_SMS_SENDER = "GUICHET"

    sms_gateway().send(MESSAGE)

    [call] = sms_server.received
    assert call["headers"]["Authorization"] == "Bearer from-settings"
    assert call["body"]["sender"] == "GUICHET"


def test_file_gateway_appends_json_lines_and_never_writes_an_id_twice(tmp_path, settings):
    settings.GUICHET_SMS_SENDER = "Guichet"
    gateway = FileGateway(tmp_path / "out" / "sms.jsonl")

    gateway.send(MESSAGE)
    gateway.send(MESSAGE)
    gateway.send(Outgoing(id=43, to="+212600000000", text="طلبكم مقبول"))

    lines = [json.loads(line) for line in (tmp_path / "out" / "sms.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == [42, 43]
    assert lines[0] == {
        "id": 42,
        "key": "guichet-request-42",
        "to": "+212612345678",
        "text": MESSAGE.text,
        "sender": "Guichet",
    }
    assert lines[1]["text"] == "طلبكم مقبول"


def test_file_gateway_ignores_a_line_cut_short_by_a_crash(tmp_path):
    path = tmp_path / "sms.jsonl"
    path.write_text('{"id": 42, "key": "guichet-request-42", "to": "+2126', encoding="utf-8")

    FileGateway(path).send(MESSAGE)

    assert FileGateway(path).sent_keys() == ["guichet-request-42"]


def test_console_gateway_logs_the_message(caplog):
    with caplog.at_level(logging.INFO, logger="guichet.notify"):
        ConsoleGateway().send(MESSAGE)

    assert "+212612345678" in caplog.text
    assert MESSAGE.text in caplog.text


def test_email_gateway_sends_with_the_outbox_id_as_message_id(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DEFAULT_FROM_EMAIL = "guichet@social.example.ma"

    gateway_for("email").send(Outgoing(id=7, to="citizen@example.ma", text="Bonjour", subject="Votre demande"))

    [email] = mail.outbox
    assert email.to == ["citizen@example.ma"]
    assert email.subject == "Votre demande"
    assert email.extra_headers["Message-ID"] == "<guichet-request-7@social.example.ma>"
    assert isinstance(gateway_for("email"), EmailGateway)


def test_an_unknown_backend_is_a_configuration_error(settings):
    settings.GUICHET_SMS_BACKEND = "pigeon"

    with pytest.raises(ImproperlyConfigured):
        sms_gateway()


def test_http_gateway_needs_an_address(settings):
    settings.GUICHET_SMS_BACKEND = "http"
    settings.GUICHET_SMS_HTTP_URL = ""

    with pytest.raises(ImproperlyConfigured):
        sms_gateway()


def test_two_kinds_of_message_with_the_same_number_get_different_keys(sms_server, tmp_path):
    """An access code and a request's message that share a number: the gateway must not take one for the
    other's duplicate (the access-code SMS used to reuse the outbox's numbers)."""
    status = Outgoing(id=42, to="+212612345678", text="Votre demande est acceptée.", key="guichet-request-42")
    code = Outgoing(id=42, to="+212612345678", text="Code 1234 5678", key="guichet-access-code-42")
    gateway = HttpGateway(url=sms_server.url, token="t", sender="Guichet")
    gateway.send(status)
    gateway.send(code)
    keys = [call["headers"]["Idempotency-Key"] for call in sms_server.received]
    assert keys == ["guichet-request-42", "guichet-access-code-42"]

    file_gateway = FileGateway(tmp_path / "sms.jsonl")
    file_gateway.send(status)
    file_gateway.send(code)
    assert file_gateway.sent_keys() == ["guichet-request-42", "guichet-access-code-42"]


def test_the_text_is_not_in_the_picture_of_a_message():
    assert MESSAGE.text not in repr(MESSAGE)
