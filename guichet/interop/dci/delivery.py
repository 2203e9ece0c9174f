"""The worker's side of the DCI API: callbacks delivered only to addresses registered for the client, signed, retried
with back-off; and the sweep that turns new registrations into notifications for subscribers.

A callback is claimed with a lease (one UPDATE: two workers cannot both send it), built when it leaves (records are
never stored; each record read is audited then), posted without following redirects (a registered address cannot
send us elsewhere), and its header keeps the same message_id at every attempt (the receiver's idempotency key).
"""

import functools
import json
import logging
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.accounts import permissions as roles
from guichet.accounts.models import ApiClient, ApiPermission
from guichet.registry.models import Person

from . import records, search, tasks  # tasks reads this module only when a task runs
from .envelope import callback_header, new_id, now_iso, sender_id_of, signed
from .models import Callback, Subscription, Transaction
from .status import status_message

logger = logging.getLogger("guichet.dci")

Status = Callback.Status


def enqueue(*, callback_id: int, run_after: datetime | None = None) -> None:
    task = tasks.deliver_callback.using(run_after=run_after) if run_after else tasks.deliver_callback
    task.enqueue(callback_id)


def callback_queue(*, client: ApiClient, url: str, action: str, txn=None, subscription=None, person_ids=()) -> Callback:
    """Owe a client a callback; only an address registered for it is ever written (the worker checks again)."""
    if not client.accepts_callback(url):
        raise ValueError("callback address not registered for this client")
    callback = Callback.objects.create(
        client=client,
        url=url,
        action=action,
        txn=txn,
        subscription=subscription,
        person_ids=list(person_ids),
        message_id=new_id("msg"),
    )
    transaction.on_commit(functools.partial(enqueue, callback_id=callback.pk), robust=True)
    return callback


def backoff(attempts: int) -> timedelta:
    """The wait after the n-th failed attempt: the base, doubled each time, at most the ceiling."""
    base, ceiling = settings.GUICHET_DCI_CALLBACK_BACKOFF_SECONDS, settings.GUICHET_DCI_CALLBACK_BACKOFF_MAX_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), ceiling))


def claim(*, callback_id: int, now: datetime) -> Callback | None:
    lease = timedelta(seconds=settings.GUICHET_DCI_CALLBACK_LEASE_SECONDS)
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    claimable = (Q(status__in=[Status.PENDING, Status.FAILED]) & due) | Q(
        status=Status.SENDING, next_attempt_at__lte=now
    )
    taken = Callback.objects.filter(
        claimable, pk=callback_id, attempts__lt=settings.GUICHET_DCI_CALLBACK_MAX_ATTEMPTS
    ).update(status=Status.SENDING, attempts=F("attempts") + 1, next_attempt_at=now + lease)
    return Callback.objects.select_related("client__user", "txn", "subscription").get(pk=callback_id) if taken else None


def deliver(*, callback_id: int) -> str:
    """One attempt at one callback: "sent", "failed", "dead", "refused" or "skipped"."""
    callback = claim(callback_id=callback_id, now=timezone.now())
    if callback is None:
        return "skipped"
    client = callback.client
    if not client.is_usable() or not client.accepts_callback(callback.url):
        # The address was unregistered (or the client revoked) since the callback was queued: never sent.
        Callback.objects.filter(pk=callback.pk).update(
            status=Status.REFUSED, next_attempt_at=None, last_error="address not registered or client not usable"
        )
        _forget_request(callback)
        return Status.REFUSED
    try:
        body = build(callback)
        if body is not None:
            post(callback.url, body)
    except Exception as error:  # whatever went wrong, the callback is retried
        logger.warning(
            "callback %s not delivered (attempt %s): %s", callback.pk, callback.attempts, type(error).__name__
        )
        return mark_failed(callback=callback, error=f"{type(error).__name__}: {error}")
    mark_sent(callback=callback)
    return Status.SENT


def mark_sent(*, callback: Callback) -> None:
    with transaction.atomic():
        Callback.objects.filter(pk=callback.pk).update(
            status=Status.SENT, sent_at=timezone.now(), next_attempt_at=None, last_error=""
        )
        _forget_request(callback)


def _forget_request(callback: Callback) -> None:
    """Answered, refused or given up: the identifiers a search asked for are not kept."""
    if callback.txn_id:
        Transaction.objects.filter(pk=callback.txn_id).update(request={}, completed_at=timezone.now())


def mark_failed(*, callback: Callback, error: str) -> str:
    now = timezone.now()
    if callback.attempts >= settings.GUICHET_DCI_CALLBACK_MAX_ATTEMPTS:
        status, next_attempt_at = Status.DEAD, None
    else:
        status, next_attempt_at = Status.FAILED, now + backoff(callback.attempts)
    Callback.objects.filter(pk=callback.pk, status=Status.SENDING).update(
        status=status, next_attempt_at=next_attempt_at, last_error=error[:2000]
    )
    if next_attempt_at is not None:
        enqueue(callback_id=callback.pk, run_after=next_attempt_at)
    else:
        _forget_request(callback)
    return status


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise urllib.error.HTTPError(req.full_url, code, "redirects are not followed", headers, fp)


_opener = urllib.request.build_opener(_NoRedirect)


def post(url: str, body: dict[str, Any]) -> None:
    """POST the signed envelope; anything but a 2xx without an ERR acknowledgement is a failure."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise ValueError("only http and https addresses are called back")
    data = json.dumps(body, ensure_ascii=False).encode()
    # The scheme is checked just above (and registered addresses are http(s) only).
    request = urllib.request.Request(url, data=data, method="POST", headers={"Content-Type": "application/json"})  # noqa: S310
    with _opener.open(request, timeout=settings.GUICHET_DCI_CALLBACK_TIMEOUT) as response:
        answer = response.read(65536)
    try:
        acknowledgement = json.loads(answer or b"{}")
    except ValueError:
        return
    message = acknowledgement.get("message") if isinstance(acknowledgement, dict) else None
    if isinstance(message, dict) and message.get("ack_status") == "ERR":
        error = message.get("error") or {}
        raise RuntimeError(f"ERR {error.get('code', '')}: {str(error.get('message', ''))[:500]}")


# --- building the callbacks -------------------------------------------------------------------------------------


@transaction.atomic
def build(callback: Callback) -> dict[str, Any] | None:
    """The signed envelope of the callback, read now (the records' reads audited); None when nothing is left to say."""
    client, txn = callback.client, callback.txn
    if callback.action == Callback.Action.NOTIFY:
        message = _notify_message(callback)
        if message is None:
            return None
    elif callback.action == Callback.Action.ON_SEARCH:
        message = _search_message(callback)
    elif callback.action == Callback.Action.TXN_ON_STATUS:
        assert txn is not None
        message = status_message(client=client, message=txn.request, correlation_id=txn.correlation_id)
    elif callback.action == Callback.Action.ON_SUBSCRIBE:
        message = _subscribe_message(callback)
    else:
        message = _unsubscribe_message(callback)
    total = len(
        message.get("search_response") or message.get("subscribe_response") or message.get("notify_event") or [1]
    )
    header = callback_header(action=callback.action, receiver_id=sender_id_of(client), total=total, completed=total)
    header["message_id"] = callback.message_id
    return signed(header, message)


def _search_message(callback: Callback) -> dict[str, Any]:
    txn = callback.txn
    assert txn is not None
    client = callback.client
    items = (txn.request or {}).get("search_request") or []
    if roles.reads_persons(client.user) and client.allows(ApiPermission.READ_PERSONS):
        answers = [records.answer_search(client=client, item=item, ip_address=None) for item in items]
    else:
        refused = _("This client system may no longer read persons.")
        answers = [
            {
                "reference_id": str(item.get("reference_id", "")),
                "timestamp": now_iso(),
                "status": "rjct",
                "status_reason_code": "rjct.search_criteria.invalid",
                "status_reason_message": refused,
            }
            for item in items
        ]
    txn.outcome = [{k: a[k] for k in ("reference_id", "status", "status_reason_code") if k in a} for a in answers]
    txn.status = (
        Transaction.Status.SUCCEEDED if any(a["status"] == "succ" for a in answers) else Transaction.Status.REJECTED
    )
    txn.save(update_fields=["outcome", "status"])
    return {"transaction_id": txn.transaction_id, "correlation_id": txn.correlation_id, "search_response": answers}


def _subscribe_message(callback: Callback) -> dict[str, Any]:
    txn = callback.txn
    assert txn is not None
    now = now_iso()
    entries = []
    for entry in txn.outcome:
        item: dict[str, Any] = {"reference_id": entry["reference_id"], "timestamp": now, "status": entry["status"]}
        if entry["status"] == "succ":
            item["subscriptions"] = [{"code": entry["code"], "status": "subscribe", "timestamp": now}]
        else:
            item["status_reason_code"] = entry["status_reason_code"]
            item["status_reason_message"] = entry.get("message", "")[:999]
        entries.append(item)
    return {"transaction_id": txn.transaction_id, "correlation_id": txn.correlation_id, "subscribe_response": entries}


def _unsubscribe_message(callback: Callback) -> dict[str, Any]:
    txn = callback.txn
    assert txn is not None
    ended = [entry for entry in txn.outcome if entry["status"] == "succ"]
    message: dict[str, Any] = {
        "transaction_id": txn.transaction_id,
        "correlation_id": txn.correlation_id,
        "timestamp": now_iso(),
        "status": "succ" if ended else "rjct",
        "subscription_status": [{"code": entry["code"], "status": "unsubscribe"} for entry in ended],
    }
    if not ended and txn.outcome:
        message["status_reason_code"] = txn.outcome[0]["status_reason_code"]
        message["status_reason_message"] = _("No subscription of this client system has these codes, or it ended.")
    return message


def _notify_message(callback: Callback) -> dict[str, Any] | None:
    """One event per person registered, read again now: still shareable, subscription still open."""
    subscription = callback.subscription
    client = callback.client
    if subscription is None or subscription.ended_at is not None or not _may_hear(client):
        return None
    persons = search.shareable_persons(client).filter(pk__in=callback.person_ids).order_by("pk")
    if subscription.record_type == "Group":
        events = [
            (person, records.groups(client, Person.objects.filter(pk=person.pk), size=1, number=1, ip_address=None)[0])
            for person in persons
        ]
        pairs = [(person, found[0]) for person, found in events if found]
        record_type = "Group"
    else:
        page = list(records.with_details(persons, disability=search.sees_disability(client)))
        pairs = list(zip(page, records.members(client, page, ip_address=None), strict=True))
        record_type = "Member"
    if not pairs:
        return None
    now = now_iso()
    events_out = [
        {
            "reference_id": f"{subscription.code}-{person.social_id}",
            "timestamp": now,
            "data": {
                "version": "1.0.0",
                "reg_event_type": subscription.event_type,
                "reg_record_type": record_type,
                "reg_records": record,
            },
        }
        for person, record in pairs
    ]
    return {"transaction_id": callback.message_id, "notify_event": events_out}


def _may_hear(client: ApiClient) -> bool:
    """A subscriber is told of registrations while it may both subscribe and read persons."""
    return client.allows(ApiPermission.SUBSCRIBE) and client.allows(ApiPermission.READ_PERSONS)


# --- sweeps -------------------------------------------------------------------------------------------------------


def registrations_sweep(*, now: datetime | None = None) -> int:
    """Queue a notify callback for each open subscription with new registrations matching it; how many were queued.

    Persons are read in key order after the subscription's cursor, once registered for GUICHET_DCI_NOTIFY_DELAY_SECONDS
    (a registration still being written is not skipped by a later one committed first)."""
    now = now or timezone.now()
    settled = now - timedelta(seconds=settings.GUICHET_DCI_NOTIFY_DELAY_SECONDS)
    queued = 0
    for subscription in Subscription.objects.filter(ended_at__isnull=True).select_related("client__user"):
        client = subscription.client
        if not client.is_usable() or not _may_hear(client):
            continue
        new = list(
            Person.objects.filter(pk__gt=subscription.cursor, created_at__lte=settled)
            .order_by("pk")
            .values_list("pk", flat=True)[: settings.GUICHET_DCI_NOTIFY_BATCH]
        )
        if not new:
            continue
        try:
            matching = search.persons_matching(client, subscription.criteria) if subscription.criteria else None
        except search.Rejected:
            matching = None
        chosen = (matching if matching is not None else search.shareable_persons(client)).filter(pk__in=new)
        person_ids = list(chosen.values_list("pk", flat=True))
        with transaction.atomic():
            # Moved from where this sweep read it, or another sweep got there first and tells them.
            moved = Subscription.objects.filter(pk=subscription.pk, cursor=subscription.cursor).update(cursor=new[-1])
            if moved and person_ids and client.accepts_callback(subscription.notify_uri):
                callback_queue(
                    client=client,
                    url=subscription.notify_uri,
                    action=Callback.Action.NOTIFY,
                    subscription=subscription,
                    person_ids=person_ids,
                )
                queued += 1
    return queued


def callbacks_sweep(*, now: datetime | None = None, limit: int = 1000) -> int:
    """Re-enqueue the callbacks whose task was lost or whose worker died holding them; how many."""
    now = now or timezone.now()
    grace = now - timedelta(seconds=settings.GUICHET_DCI_CALLBACK_LEASE_SECONDS)
    lost = Q(status__in=[Status.PENDING, Status.FAILED]) & (
        Q(next_attempt_at__lte=grace) | Q(next_attempt_at__isnull=True, created_at__lte=grace)
    )
    held = Q(status=Status.SENDING, next_attempt_at__lte=now)
    ids = list(Callback.objects.filter(lost | held).order_by("pk").values_list("pk", flat=True)[:limit])
    for callback_id in ids:
        enqueue(callback_id=callback_id)
    return len(ids)
