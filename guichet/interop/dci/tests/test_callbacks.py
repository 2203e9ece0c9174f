"""Asynchronous DCI calls: the worker delivers the callback, signed, to the address registered for the client — and
to no other — retrying with back-off; subscribers hear of new registrations they may receive."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from guichet.accounts.models import ApiPermission
from guichet.audit.models import AuditEntry
from guichet.interop.dci import delivery, signatures
from guichet.interop.dci.models import Callback, Subscription, Transaction
from guichet.notify.tests.secrets import run_worker_once
from guichet.registry.tests.factories import PersonFactory

from .conftest import search_message, sharing

# Callbacks are enqueued when the request's transaction commits, and the real worker runs them.
pytestmark = pytest.mark.django_db(transaction=True)


class Receiver:
    """A client system's callback server on this machine: records every POST, answers as told."""

    def __init__(self):
        self.received: list[tuple[str, dict]] = []
        self.status, self.answer, self.location = 200, {"message": {"ack_status": "ACK"}}, ""
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.received.append((self.path, json.loads(body)))
                self.send_response(receiver.status)
                if receiver.location:
                    self.send_header("Location", receiver.location)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(json.dumps(receiver.answer).encode())

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def at(self, path: str) -> str:
        return f"{self.url}/{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    found = Receiver()
    yield found
    found.close()


def _post(client, caller, name, body):
    return client.post(reverse(f"dci:{name}"), body, content_type="application/json", **caller.headers())


def _search(caller, receiver, query=None):
    query = query or {"type": "CNIE", "value": "BE123456"}
    return caller.envelope(
        "search", search_message("idtype-value", query), sender_uri=receiver.at("registry/on-search")
    )


def _guichet_signed(body) -> None:
    public = signatures.public_key_text(signatures.guichet_key())
    signatures.verify(text=body["signature"], public_key=public, header=body["header"], message=body["message"])


def test_an_async_search_is_answered_by_a_signed_callback_to_the_registered_address(
    client, make_caller, shared_people, receiver
):
    caller = make_caller(callbacks=[receiver.at("registry/on-search")])
    body = _search(caller, receiver)
    ack = _post(client, caller, "search", body).json()["message"]
    assert ack["ack_status"] == "ACK" and receiver.received == []
    run_worker_once()
    [(path, callback)] = receiver.received
    assert path == "/registry/on-search"
    _guichet_signed(callback)
    assert callback["header"]["action"] == "on-search"
    assert callback["header"]["receiver_id"] == caller.sender_id
    message = callback["message"]
    assert (message["transaction_id"], message["correlation_id"]) == (
        body["message"]["transaction_id"],
        ack["correlation_id"],
    )
    [record] = message["search_response"][0]["data"]["reg_records"]
    assert record["demographic_info"]["identifier"][1] == {
        "@type": "Identifier",
        "identifier_type": "CNIE",
        "identifier_value": "BE123456",
    }
    # The read is the client's, at the time the callback left; the criteria are not kept once answered.
    assert AuditEntry.objects.filter(actor=caller.client.user, person=shared_people["casa"], action="view").exists()
    txn = Transaction.objects.get(correlation_id=ack["correlation_id"])
    assert txn.request == {} and txn.status == "succ" and txn.outcome[0]["status"] == "succ"
    assert Callback.objects.get().status == Callback.Status.SENT


def test_a_sender_uri_not_registered_for_the_client_is_refused_and_never_called(
    client, make_caller, shared_people, receiver
):
    caller = make_caller(callbacks=[receiver.at("registry/on-search")])
    body = caller.envelope(
        "search",
        search_message("idtype-value", {"type": "CNIE", "value": "BE123456"}),
        sender_uri=receiver.at("elsewhere"),
    )
    response = _post(client, caller, "search", body)
    assert response.status_code == 403
    assert response.json()["message"]["error"]["code"] == "err.sender_uri.invalid"
    run_worker_once()
    assert receiver.received == [] and not Callback.objects.exists() and not Transaction.objects.exists()


def test_another_clients_address_is_not_this_clients(client, make_caller, shared_people, receiver):
    make_caller(callbacks=[receiver.at("registry/on-search")])
    caller = make_caller(callbacks=[receiver.at("mine/on-search")])
    response = _post(client, caller, "search", _search(caller, receiver))
    assert response.status_code == 403
    run_worker_once()
    assert receiver.received == []


def test_an_address_unregistered_after_the_request_is_never_called(client, make_caller, shared_people, receiver):
    caller = make_caller(callbacks=[receiver.at("registry/on-search")])
    assert _post(client, caller, "search", _search(caller, receiver)).status_code == 200
    caller.client.callback_urls = [receiver.at("registry/other")]
    caller.client.save()
    run_worker_once()
    assert receiver.received == []
    assert Callback.objects.get().status == Callback.Status.REFUSED
    assert not AuditEntry.objects.filter(actor=caller.client.user, action="view").exists()


def test_a_failing_receiver_is_retried_with_back_off_then_given_up(
    client, make_caller, shared_people, receiver, settings
):
    settings.GUICHET_DCI_CALLBACK_MAX_ATTEMPTS = 3
    settings.GUICHET_DCI_CALLBACK_BACKOFF_SECONDS = 30
    caller = make_caller(callbacks=[receiver.at("registry/on-search")])
    _post(client, caller, "search", _search(caller, receiver))
    receiver.status = 503
    before = timezone.now()
    run_worker_once()
    callback = Callback.objects.get()
    assert (callback.status, callback.attempts) == (Callback.Status.FAILED, 1)
    assert "503" in callback.last_error
    assert before + timedelta(seconds=29) < callback.next_attempt_at < timezone.now() + timedelta(seconds=31)
    run_worker_once()  # not due yet: nothing sent
    assert len(receiver.received) == 1
    settings.GUICHET_DCI_CALLBACK_BACKOFF_SECONDS = 0  # the waits pass
    Callback.objects.update(next_attempt_at=timezone.now())
    delivery.callbacks_sweep(now=timezone.now() + timedelta(hours=1))
    run_worker_once()
    callback.refresh_from_db()
    assert (callback.status, callback.attempts) == (Callback.Status.DEAD, 3)
    assert Transaction.objects.get().request == {}  # given up: the criteria are not kept either
    # The same message each time: its message_id is the receiver's idempotency key.
    assert len(receiver.received) == 3
    assert len({body["header"]["message_id"] for _, body in receiver.received}) == 1


def test_back_off_doubles_up_to_its_ceiling(settings):
    settings.GUICHET_DCI_CALLBACK_BACKOFF_SECONDS = 30
    settings.GUICHET_DCI_CALLBACK_BACKOFF_MAX_SECONDS = 100
    assert [delivery.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 100, 100]


def test_a_redirect_from_the_registered_address_is_not_followed(client, make_caller, shared_people, receiver):
    caller = make_caller(callbacks=[receiver.at("registry/on-search")])
    _post(client, caller, "search", _search(caller, receiver))
    receiver.status, receiver.location = 302, receiver.at("stolen")
    run_worker_once()
    assert [path for path, _ in receiver.received] == ["/registry/on-search"]
    assert Callback.objects.get().status == Callback.Status.FAILED


def test_an_err_acknowledgement_is_a_failed_delivery(client, make_caller, shared_people, receiver):
    caller = make_caller(callbacks=[receiver.at("registry/on-search")])
    _post(client, caller, "search", _search(caller, receiver))
    receiver.answer = {"message": {"ack_status": "ERR", "error": {"code": "err.request.bad", "message": "no"}}}
    run_worker_once()
    callback = Callback.objects.get()
    assert callback.status == Callback.Status.FAILED and "err.request.bad" in callback.last_error


def test_async_status_subscribe_and_unsubscribe_each_call_back(client, make_caller, shared_people, receiver):
    paths = ["registry/on-search", "registry/txn/on-status", "registry/on-subscribe", "registry/on-unsubscribe"]
    caller = make_caller(
        permissions=[ApiPermission.READ_PERSONS, ApiPermission.SUBSCRIBE], callbacks=[receiver.at(p) for p in paths]
    )
    search = _search(caller, receiver)
    _post(client, caller, "search", search)
    status = caller.envelope(
        "txn-status",
        {
            "transaction_id": "t-status",
            "txnstatus_request": {
                "reference_id": "r1",
                "txn_type": "search",
                "attribute_type": "transaction_id",
                "attribute_value": search["message"]["transaction_id"],
            },
        },
        sender_uri=receiver.at(paths[1]),
    )
    _post(client, caller, "txn-status", status)
    subscribe = caller.envelope(
        "subscribe",
        {
            "transaction_id": "t-sub",
            "subscribe_request": [
                {
                    "reference_id": "r-sub",
                    "timestamp": timezone.now().isoformat(),
                    "subscribe_criteria": {"reg_event_type": "REGISTER", "filter": [], "notify_record_type": "Member"},
                }
            ],
        },
        sender_uri=receiver.at(paths[2]),
    )
    _post(client, caller, "subscribe", subscribe)
    run_worker_once()
    by_action = {body["header"]["action"]: body["message"] for _, body in receiver.received}
    assert by_action["txn-on-status"]["txnstatus_response"]["txn_status"]["search_response"][0]["status"] == "succ"
    code = by_action["on-subscribe"]["subscribe_response"][0]["subscriptions"][0]["code"]
    assert Subscription.objects.get(code=code).client == caller.client
    unsubscribe = caller.envelope(
        "unsubscribe",
        {"transaction_id": "t-unsub", "timestamp": timezone.now().isoformat(), "subscription_codes": [code, "sub-x"]},
        sender_uri=receiver.at(paths[3]),
    )
    _post(client, caller, "unsubscribe", unsubscribe)
    run_worker_once()
    ended = receiver.received[-1][1]["message"]
    assert ended["subscription_status"] == [{"code": code, "status": "unsubscribe"}]
    assert Subscription.objects.get(code=code).ended_at is not None
    # The unsubscription's own status, asked synchronously: one entry per code, as the spec writes statuses.
    asked = caller.envelope(
        "txn-status",
        {
            "transaction_id": "t-status-2",
            "txnstatus_request": {
                "reference_id": "r2",
                "txn_type": "subscribe",
                "attribute_type": "transaction_id",
                "attribute_value": "t-unsub",
            },
        },
    )
    status = _post(client, caller, "sync-txn-status", asked).json()["message"]["txnstatus_response"]
    assert [(e["reference_id"], e["status"]) for e in status["txn_status"]["search_response"]] == [
        (code, "succ"),
        ("sub-x", "rjct"),
    ]


def _subscribe(client, caller, receiver, criteria):
    body = caller.envelope(
        "subscribe",
        {
            "transaction_id": "t-sub",
            "subscribe_request": [
                {"reference_id": "r-sub", "timestamp": timezone.now().isoformat(), "subscribe_criteria": criteria}
            ],
        },
        sender_uri=receiver.at("registry/on-subscribe"),
    )
    assert _post(client, caller, "subscribe", body).json()["message"]["ack_status"] == "ACK"
    run_worker_once()
    return receiver.received[-1][1]["message"]["subscribe_response"][0]


def test_subscribers_hear_of_the_registrations_they_may_receive(
    client, make_caller, territory, shared_people, receiver, settings
):
    settings.GUICHET_DCI_NOTIFY_DELAY_SECONDS = 0
    caller = make_caller(
        permissions=[ApiPermission.READ_PERSONS, ApiPermission.SUBSCRIBE],
        callbacks=[receiver.at("registry/on-subscribe"), receiver.at("registry/notify")],
        region=territory["casa_settat"],
    )
    women = [{"expression1": {"attribute_name": "sex", "operator": "eq", "attribute_value": "female"}}]
    answer = _subscribe(
        client, caller, receiver, {"reg_event_type": "REGISTER", "filter": women, "notify_record_type": "Member"}
    )
    assert answer["status"] == "succ"
    # Registered before the subscription: not told. After: a woman in the region who consents to sharing is told;
    # a man, a woman in Rabat (outside the client's region) and a woman who did not consent are not.
    told = sharing(PersonFactory(given_name_latin="Salma", commune=territory["anfa"]))
    sharing(PersonFactory(given_name_latin="Omar", sex="M", commune=territory["anfa"]))
    sharing(PersonFactory(given_name_latin="Rim", commune=territory["agdal"]))
    PersonFactory(given_name_latin="Nadia", commune=territory["settat_city"])
    call_command("dci_sweep", stdout=open("/dev/null", "w"))  # noqa: SIM115 — the command's report is not read here
    run_worker_once()
    [(path, notify)] = [(p, b) for p, b in receiver.received if b["header"]["action"] == "notify"]
    assert path == "/registry/notify"
    _guichet_signed(notify)
    events = notify["message"]["notify_event"]
    assert [e["data"]["reg_records"]["demographic_info"]["name"]["given_name"] for e in events] == [
        told.given_name_latin
    ]
    assert events[0]["data"]["reg_event_type"] == "REGISTER"
    # Nothing is told twice.
    delivery.registrations_sweep()
    run_worker_once()
    assert sum(b["header"]["action"] == "notify" for _, b in receiver.received) == 1


@pytest.mark.parametrize("permission", [ApiPermission.READ_PERSONS, ApiPermission.SUBSCRIBE])
def test_a_subscription_needs_both_the_subscribe_and_the_read_permissions(client, make_caller, receiver, permission):
    caller = make_caller(permissions=[permission], callbacks=[receiver.at("registry/on-subscribe")])
    body = caller.envelope(
        "subscribe",
        {
            "transaction_id": "t",
            "subscribe_request": [
                {
                    "reference_id": "r",
                    "timestamp": timezone.now().isoformat(),
                    "subscribe_criteria": {"reg_event_type": "REGISTER", "filter": [], "notify_record_type": "Member"},
                }
            ],
        },
        sender_uri=receiver.at("registry/on-subscribe"),
    )
    response = _post(client, caller, "subscribe", body)
    assert response.status_code == 403
    assert response.json()["message"]["error"]["code"] == "err.request.forbidden"
    assert not Subscription.objects.exists()


def test_an_async_search_answers_only_with_the_clients_territory(
    client, make_caller, territory, shared_people, receiver
):
    caller = make_caller(callbacks=[receiver.at("registry/on-search")], province=territory["settat"])
    _post(client, caller, "search", _search(caller, receiver))  # Mohamed's CNIE: he lives in Casablanca
    run_worker_once()
    [(_, callback)] = receiver.received
    answer = callback["message"]["search_response"][0]
    assert answer["status"] == "succ" and answer["data"]["reg_records"] == []
    assert not AuditEntry.objects.filter(actor=caller.client.user, action="view").exists()
