"""Messages to citizens go through the outbox: written in the same transaction as the event they tell.

A message is delivered at least once by the worker and at most once by the gateway: the (event, channel)
row is the idempotency key, a delivery claims it with a lease before sending, and the gateways receive the
row's key (its kind and id) so that a message sent by a worker that died before saying so is not sent again.

Secrets never rest in clear: the task carries only the row id, the log never the text, and the body is
erased once the message has left (or was given up, or replaced by a newer one).
"""

import functools
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_record, changes_between
from guichet.common.exceptions import NotAllowed, ValidationError

from . import selectors, tasks  # tasks reads this module only when a task runs
from .defaults import TRIGGERS, default_rows
from .gateways import Gateway, Outgoing, gateway_for
from .models import Channel, MessageTemplate, OutboxMessage
from .rendering import render, request_values

logger = logging.getLogger("guichet.notify")

Status = OutboxMessage.Status


def max_attempts() -> int:
    return settings.GUICHET_NOTIFY_MAX_ATTEMPTS


def lease_seconds() -> int:
    """How long a claim holds a message: far longer than a gateway call, short enough to recover soon."""
    return settings.GUICHET_NOTIFY_LEASE_SECONDS


def backoff(attempts: int) -> timedelta:
    """The wait after the n-th failed attempt: 1, 2, 4, 8 … minutes, at most 6 hours."""
    base = settings.GUICHET_NOTIFY_BACKOFF_SECONDS
    ceiling = settings.GUICHET_NOTIFY_BACKOFF_MAX_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), ceiling))


# -- writing messages ---------------------------------------------------------------------------------


def notify_request_event(*, event) -> list[OutboxMessage]:
    """Queue the text message (and e-mail when known) telling the citizen of this request event.

    Called by the cases services inside the transaction that writes the event, for the events the citizen
    is told of (filed, every status change). Returns the OutboxMessage rows of the event: calling it twice
    for one event writes them once. Delivery is enqueued only once the transaction commits.
    """
    trigger = _trigger_of(event)
    if trigger is None:
        return []
    request = event.request
    person = _current_person(request.person)
    language = request.language if request.language in selectors.languages() else settings.LANGUAGE_CODE
    status = event.to_status or request.status
    values = request_values(request=request, status=status, language=language)
    recipients = {Channel.SMS: person.phone, Channel.EMAIL: getattr(person, "email", "")}
    messages = []
    for channel, recipient in recipients.items():
        if not recipient:
            continue
        template = selectors.message_template_for(trigger=trigger, language=language, channel=channel)
        if template is None:
            logger.warning(
                "no %s template for %s in %s: nothing sent for event %s", channel, trigger, language, event.pk
            )
            continue
        subject, body = template
        message, created = OutboxMessage.objects.get_or_create(
            event=event,
            channel=channel,
            defaults={
                "recipient": recipient,
                "language": language,
                "subject": render(subject, values)[:200],
                "body": render(body, values),
            },
        )
        if created:
            transaction.on_commit(functools.partial(enqueue_delivery, message_id=message.pk), robust=True)
        messages.append(message)
    return messages


def _trigger_of(event) -> str | None:
    kind = event.kind
    if kind == "filed":
        # A request created by a referral starts as "referred": its message says where the person goes.
        return "referred" if event.to_status == "referred" else "filed"
    if kind == "status" and event.to_status in TRIGGERS:
        return event.to_status
    return None


def _current_person(person):
    """The person a merged file now lives in (merges leave a redirect, possibly several in a row)."""
    seen = set()
    while person.merged_into_id and person.pk not in seen:
        seen.add(person.pk)
        person = person.merged_into
    return person


def outbox_queue(
    *, kind: str, about: str, recipient: str, language: str, body: str, channel: str = Channel.SMS
) -> OutboxMessage:
    """Queue a message that is not about a request (a learner's access code), in the caller's transaction.

    The pending messages of the same kind about the same thing are replaced: never sent, their text erased.
    Delivery is enqueued once the transaction commits, with the row id only.
    """
    outbox_withdraw(kind=kind, about=about)
    message = OutboxMessage.objects.create(
        kind=kind, about=about, channel=channel, recipient=recipient, language=language, body=body
    )
    transaction.on_commit(lambda: enqueue_delivery(message_id=message.pk), robust=True)
    return message


def outbox_withdraw(*, kind: str, about: str) -> int:
    """The waiting messages of this kind about this thing are not sent, and their text is erased; how many.

    A message a worker holds at this moment may still leave: it was claimed before it was replaced.
    """
    return OutboxMessage.objects.filter(kind=kind, about=about, status__in=[Status.PENDING, Status.FAILED]).update(
        status=Status.REPLACED, body="", next_attempt_at=None
    )


def enqueue_delivery(*, message_id: int, run_after: datetime | None = None) -> None:
    task = tasks.deliver_message.using(run_after=run_after) if run_after else tasks.deliver_message
    task.enqueue(message_id)


# -- delivering them ----------------------------------------------------------------------------------


def outbox_claim(*, message_id: int, now: datetime | None = None) -> OutboxMessage | None:
    """Take the message for one delivery attempt, or None if it is not due or someone else holds it.

    One UPDATE checks and takes it, so two workers cannot both win: it is due (waiting, or failed and its
    back-off over, or held by a worker whose lease ran out), and it has attempts left.
    """
    now = now or timezone.now()
    lease = timedelta(seconds=lease_seconds())
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    claimable = (Q(status__in=[Status.PENDING, Status.FAILED]) & due) | Q(
        status=Status.SENDING, next_attempt_at__lte=now
    )
    taken = OutboxMessage.objects.filter(claimable, pk=message_id, attempts__lt=max_attempts()).update(
        status=Status.SENDING, attempts=F("attempts") + 1, next_attempt_at=now + lease
    )
    return OutboxMessage.objects.get(pk=message_id) if taken else None


def outbox_mark_sent(*, message: OutboxMessage) -> None:
    now = timezone.now()
    OutboxMessage.objects.filter(pk=message.pk, status=Status.SENDING).update(
        status=Status.SENT, sent_at=now, next_attempt_at=None, last_error="", body=""
    )


def outbox_mark_failed(*, message: OutboxMessage, error: str) -> OutboxMessage:
    """Record the failure; retry later with a longer wait, or give up after the last attempt."""
    now = timezone.now()
    body = message.body
    if message.attempts >= max_attempts():
        status, next_attempt_at, body = Status.DEAD, None, ""  # never sent now: the text goes
    else:
        status, next_attempt_at = Status.FAILED, now + backoff(message.attempts)
    OutboxMessage.objects.filter(pk=message.pk, status=Status.SENDING).update(
        status=status, next_attempt_at=next_attempt_at, last_error=error[:2000], body=body
    )
    if next_attempt_at is not None:
        transaction.on_commit(lambda: enqueue_delivery(message_id=message.pk, run_after=next_attempt_at), robust=True)
    message.refresh_from_db()
    return message


def outbox_deliver(*, message_id: int, gateway: Gateway | None = None) -> str:
    """One delivery attempt of one message: what became of it ("sent", "failed", "dead", or "skipped")."""
    message = outbox_claim(message_id=message_id)
    if message is None:
        return "skipped"  # already sent, not due yet, held by another worker, or out of attempts
    try:
        (gateway or gateway_for(message.channel)).send(
            Outgoing(
                id=message.pk,
                to=message.recipient,
                text=message.body,
                subject=message.subject,
                key=message.idempotency_key,
            )
        )
    except Exception as error:  # whatever the gateway raises, the message is retried
        # The error's class only: a gateway's message could quote what it was given.
        logger.warning("message %s not delivered (attempt %s): %s", message.pk, message.attempts, type(error).__name__)
        return outbox_mark_failed(message=message, error=f"{type(error).__name__}: {error}").status
    outbox_mark_sent(message=message)
    return "sent"


def outbox_sweep(*, now: datetime | None = None, limit: int = 1000) -> int:
    """Re-enqueue the messages a worker should have delivered by now; how many were re-enqueued.

    They are the messages whose delivery task was lost (the process died between the commit and the
    enqueue), whose retry is long overdue, or whose worker died holding them (the lease ran out). A
    message enqueued twice is still sent once: the second task finds nothing to claim.
    """
    now = now or timezone.now()
    # A waiting or failed message has a task queued for it: only one long overdue lost its task. A busy
    # queue can be minutes late, and every extra task is a wasted turn of the worker.
    grace = now - timedelta(seconds=settings.GUICHET_NOTIFY_SWEEP_GRACE_SECONDS)
    # Held on its last attempt by a worker that died: it may or may not have left, never try again.
    OutboxMessage.objects.filter(status=Status.SENDING, next_attempt_at__lte=now, attempts__gte=max_attempts()).update(
        status=Status.DEAD, next_attempt_at=None, last_error="The worker stopped during the last attempt.", body=""
    )
    # A held message whose lease ran out has no task left: its worker died (the lease was its grace).
    lease_over = Q(status=Status.SENDING, next_attempt_at__lte=now)
    task_lost = Q(status__in=[Status.PENDING, Status.FAILED]) & (
        Q(next_attempt_at__lte=grace) | Q(next_attempt_at__isnull=True, created_at__lte=grace)
    )
    overdue = OutboxMessage.objects.filter(lease_over | task_lost).order_by("next_attempt_at", "pk")
    ids = list(overdue.values_list("pk", flat=True)[:limit])
    for message_id in ids:
        enqueue_delivery(message_id=message_id)
    return len(ids)


# -- templates ----------------------------------------------------------------------------------------


def message_templates_load() -> int:
    """Create the shipped templates that are missing; never overwrite an edited one. How many were created."""
    created = 0
    for row in default_rows():
        _, was_created = MessageTemplate.objects.get_or_create(
            trigger=row["trigger"],
            language=row["language"],
            channel=row["channel"],
            defaults={"subject": row["subject"], "body": row["body"]},
        )
        created += was_created
    return created


def message_template_save(
    *, actor, trigger: str, language: str, channel: str, subject: str, body: str, ip_address: str | None = None
) -> MessageTemplate:
    """Write the text sent at a trigger, in a language, on a channel; administrators only; audited."""
    if not selectors.can_manage_messages(actor):
        raise NotAllowed
    if trigger not in TRIGGERS or language not in selectors.languages() or channel not in Channel.values:
        raise ValidationError("unknown trigger, language or channel")
    with transaction.atomic():
        template = (
            MessageTemplate.objects.select_for_update()
            .filter(trigger=trigger, language=language, channel=channel)
            .first()
        )
        before = {"subject": template.subject, "body": template.body} if template else {}
        if template is None:
            template = MessageTemplate(trigger=trigger, language=language, channel=channel)
        template.subject, template.body = subject.strip(), body.strip()
        template.full_clean()
        template.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE,
            obj=template,
            changes=changes_between(before, {"subject": template.subject, "body": template.body}),
            ip_address=ip_address,
        )
    return template
