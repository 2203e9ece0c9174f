"""Every write of the DCI API, one transaction each: a message received and answered (sync) or acknowledged with
its callback queued (async), subscriptions opened and ended. Callbacks are enqueued once the transaction commits."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.accounts.models import ApiClient
from guichet.audit.services import record_reads_with
from guichet.common.kept_writes import KeptInsert

from . import messages, search
from .delivery import callback_queue
from .envelope import Incoming, callback_header, new_id, signed
from .models import Callback, Subscription, Transaction
from .records import answer_search
from .status import status_message


def _transaction(*, client: ApiClient, kind: str, incoming: Incoming, is_async: bool, **done) -> Transaction:
    """The record of a message received, written; a synchronous one is written once, already answered (`done`)."""
    return _KEPT_INSERT.insert(_transaction_row(client=client, kind=kind, incoming=incoming, is_async=is_async, **done))


def _transaction_row(*, client: ApiClient, kind: str, incoming: Incoming, is_async: bool, **done) -> Transaction:
    """The record of a message received, not yet written."""
    values = {
        "status": Transaction.Status.PENDING if is_async else Transaction.Status.RECEIVED,
        "request": incoming.message if is_async else {},
        **done,
    }
    return Transaction(
        client=client,
        kind=kind,
        transaction_id=str(incoming.message["transaction_id"]),
        correlation_id=new_id("corr"),
        message_id=str(incoming.header["message_id"]),
        is_async=is_async,
        sender_uri=incoming.sender_uri,
        **values,
    )


# A DCI message's record, written on every call of the API: its INSERT written once (0.5 ms of Python otherwise).
_KEPT_INSERT = KeptInsert(Transaction)


def _outcome(answer: dict) -> dict:
    return {key: answer[key] for key in ("reference_id", "status", "status_reason_code") if key in answer}


def _status_of(answers: list[dict]) -> str:
    return Transaction.Status.SUCCEEDED if any(a["status"] == "succ" for a in answers) else Transaction.Status.REJECTED


def search_answer(*, client: ApiClient, incoming: Incoming, ip_address: str | None) -> dict[str, Any]:
    """A synchronous search: each request answered now, each record read audited; the signed envelope.

    It writes only records of reads, once every answer is ready: the audit of what was sent and the trace of the
    search, together, all or nothing, committed without waiting for the disk (audit.services.record_reads_with;
    for one record, one statement)."""
    items = messages.search_message(incoming.message)
    reads: list = []
    answers = [answer_search(client=client, item=item, ip_address=ip_address, reads=reads) for item in items]
    txn = _transaction_row(
        client=client,
        kind=Transaction.Kind.SEARCH,
        incoming=incoming,
        is_async=False,
        outcome=[_outcome(answer) for answer in answers],
        status=_status_of(answers),
        completed_at=timezone.now(),
    )
    record_reads_with(reads, insert=_KEPT_INSERT, row=txn)
    message = {"transaction_id": txn.transaction_id, "correlation_id": txn.correlation_id, "search_response": answers}
    header = callback_header(
        action="on-search", receiver_id=str(incoming.header["sender_id"]), status=txn.status, total=len(items)
    )
    return signed(header, message)


@transaction.atomic
def search_accept(*, client: ApiClient, incoming: Incoming) -> Transaction:
    """An asynchronous search: checked, kept, and its on-search callback queued for the worker."""
    messages.search_message(incoming.message)
    txn = _transaction(client=client, kind=Transaction.Kind.SEARCH, incoming=incoming, is_async=True)
    callback_queue(client=client, url=incoming.sender_uri, action=Callback.Action.ON_SEARCH, txn=txn)
    return txn


@transaction.atomic
def txn_status_answer(*, client: ApiClient, incoming: Incoming) -> dict[str, Any]:
    messages.txn_status_message(incoming.message)
    txn = _transaction(client=client, kind=Transaction.Kind.TXN_STATUS, incoming=incoming, is_async=False)
    message = status_message(client=client, message=incoming.message, correlation_id=txn.correlation_id)
    txn.status, txn.completed_at = Transaction.Status.SUCCEEDED, timezone.now()
    txn.save(update_fields=["status", "completed_at"])
    header = callback_header(action="txn-on-status", receiver_id=str(incoming.header["sender_id"]))
    return signed(header, message)


@transaction.atomic
def txn_status_accept(*, client: ApiClient, incoming: Incoming) -> Transaction:
    messages.txn_status_message(incoming.message)
    txn = _transaction(client=client, kind=Transaction.Kind.TXN_STATUS, incoming=incoming, is_async=True)
    callback_queue(client=client, url=incoming.sender_uri, action=Callback.Action.TXN_ON_STATUS, txn=txn)
    return txn


def _notify_uri(client: ApiClient, sender_uri: str) -> str:
    """Where notifications go: the client's registered address ending in /notify, else the subscribing address."""
    return next((url for url in client.callback_urls if url.rstrip("/").endswith("/notify")), sender_uri)


def _criteria(subscribe_criteria: dict) -> dict:
    """A subscription's filter read as search criteria: an identifier, a predicate list, or every registration."""
    found = subscribe_criteria.get("filter")
    if isinstance(found, list) and found:
        return {"query_type": "predicate", "query": found}
    if isinstance(found, dict) and "type" in found and "value" in found:
        if subscribe_criteria.get("filter_type") in ("expression", "graphql") or isinstance(found["value"], dict):
            return {"query_type": "expression", "query": found}
        return {"query_type": "idtype-value", "query": found}
    return {}


@transaction.atomic
def subscribe_accept(*, client: ApiClient, incoming: Incoming) -> Transaction:
    """Open a subscription per request whose filter Guichet can evaluate; its on-subscribe callback queued."""
    items = messages.subscribe_message(incoming.message)
    txn = _transaction(client=client, kind=Transaction.Kind.SUBSCRIBE, incoming=incoming, is_async=True)
    cursor = search.latest_person_key()
    outcome = []
    for item in items:
        criteria, wanted = item["subscribe_criteria"], item["subscribe_criteria"].get("reg_event_type", "REGISTER")
        entry = {"reference_id": str(item["reference_id"])}
        try:
            if wanted not in messages.EVENT_TYPES:
                raise search.Rejected("rjct.notify_types.invalid", _("Only REGISTER events are notified."))
            query = _criteria(criteria)
            if query:
                search.persons_matching(client, query)  # a filter Guichet cannot evaluate is refused now
        except search.Rejected as rejected:
            code = rejected.code if rejected.code.startswith("rjct.notify") else "rjct.notify_details.invalid"
            outcome.append({**entry, "status": "rjct", "status_reason_code": code, "message": rejected.message})
            continue
        subscription = Subscription.objects.create(
            client=client,
            code=new_id("sub"),
            reference_id=entry["reference_id"],
            event_type=wanted,
            criteria=query,
            record_type="Group" if criteria.get("notify_record_type") == "Group" else "Member",
            notify_uri=_notify_uri(client, incoming.sender_uri),
            cursor=cursor,
        )
        outcome.append({**entry, "status": "succ", "code": subscription.code})
    txn.outcome = outcome
    txn.save(update_fields=["outcome"])
    callback_queue(client=client, url=incoming.sender_uri, action=Callback.Action.ON_SUBSCRIBE, txn=txn)
    return txn


@transaction.atomic
def unsubscribe_accept(*, client: ApiClient, incoming: Incoming) -> Transaction:
    """End the client's own subscriptions named; another client's code is unknown to it."""
    codes = messages.unsubscribe_message(incoming.message)
    txn = _transaction(client=client, kind=Transaction.Kind.UNSUBSCRIBE, incoming=incoming, is_async=True)
    mine = {s.code: s for s in Subscription.objects.select_for_update().filter(client=client, code__in=codes)}
    now, outcome = timezone.now(), []
    for code in codes:
        subscription = mine.get(code)
        if subscription is None:
            outcome.append({"code": code, "status": "rjct", "status_reason_code": "rjct.subscription_code.invalid"})
        elif subscription.ended_at is not None:
            outcome.append({"code": code, "status": "rjct", "status_reason_code": "rjct.event.already_unsubscribed"})
        else:
            subscription.ended_at = now
            subscription.save(update_fields=["ended_at"])
            outcome.append({"code": code, "status": "succ"})
    txn.outcome = outcome
    txn.save(update_fields=["outcome"])
    callback_queue(client=client, url=incoming.sender_uri, action=Callback.Action.ON_UNSUBSCRIBE, txn=txn)
    return txn
