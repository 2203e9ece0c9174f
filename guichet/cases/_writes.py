"""The writes services.py is made of, private to it: nothing else calls these, since none checks who acts.

Every change of a request shares the compare-and-swap on its version, a timeline event and an audit entry;
filing and referring share the creation of a request under a fresh reference; filing and attaching share the
storage of uploads.
"""

import datetime
import random
import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from guichet.accounts.models import User
from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_record
from guichet.common.exceptions import ValidationError
from guichet.common.versioning import version_swap
from guichet.network.calendar import add_working_days
from guichet.network.models import Centre, Service, ServiceDocument, Window
from guichet.network.selectors import eligibility_evaluate

from . import attachments as files
from .models import Attachment, Event, Referral, Request
from .references import new_reference
from .signals import citizen_told


def now_and_today(today: datetime.date | None) -> tuple[datetime.datetime, datetime.date]:
    return timezone.now(), today or timezone.localdate()


def swap(request: Request, expected_version: int, **values: Any) -> None:
    """Write `values` only if nobody changed the request since `expected_version`; StaleEdit otherwise."""
    version_swap(request, expected=expected_version, values=values)


def event_add(
    *, request: Request, actor: User, kind: str, from_status: str = "", to_status: str = "", note: str = ""
) -> Event:
    """Append a step to the timeline; the citizen is told of filing and of every status change."""
    event = Event.objects.create(
        request=request, actor=actor, kind=kind, from_status=from_status, to_status=to_status, note=note
    )
    if kind in (Event.Kind.FILED, Event.Kind.STATUS):
        citizen_told.send(sender=Event, event=event)
    return event


def audit_change(*, actor: User, request: Request, action: str, changes: dict, ip_address: str | None) -> None:
    audit_record(actor=actor, action=action, obj=request, person=request.person, changes=changes, ip_address=ip_address)


def eligibility_snapshot(*, person, service: Service, show_disability: bool, today: datetime.date) -> dict:
    """The explanation as evaluated when filing, kept on the request as it was then."""
    explanation = eligibility_evaluate(
        rule=service.eligibility_rule, person=person, show_disability=show_disability, on=today
    )
    return {**explanation.as_json(), "evaluated_on": today.isoformat(), "disability_hidden": not show_disability}


def unique_reference(rng: random.Random | None = None) -> str:
    """A valid reference that no request has yet; with 900 million payloads a retry is rare."""
    while True:
        candidate = new_reference(rng)
        if not Request.objects.filter(reference=candidate).exists():
            return candidate


class AlreadyFiled(Exception):
    """Another submit of the same filing form saved its request first (the idempotency key is taken)."""

    def __init__(self, key: uuid.UUID) -> None:
        super().__init__(str(key))
        self.key = key


def _request_save(**fields: Any) -> Request:
    """Save a request under a fresh reference; a reference taken a moment ago by another is drawn again.

    The savepoint keeps the caller's transaction usable after a refused insert; when the refusal is the
    idempotency key (another submit of the same form got there first, even one committed while this insert
    waited on it), AlreadyFiled says so instead of saving a second request.
    """
    key = fields.get("idempotency_key")
    for _attempt in range(5):
        request = Request(reference=unique_reference(), **fields)
        try:
            with transaction.atomic():
                request.save()
        except IntegrityError:
            if key is not None and Request.objects.filter(idempotency_key=key).exists():
                raise AlreadyFiled(key) from None
            continue
        return request
    raise IntegrityError("could not draw a free reference")


def uploads_store(
    *, request: Request, actor: User, uploads: list, document: ServiceDocument | None, written: list[str]
) -> list[Attachment]:
    """Validate every upload first (nothing written if one is refused), then store them.

    The stored names are appended to `written` as soon as each file is on disk: the caller's transaction
    (attachments.atomic) removes them if it fails.
    """
    checked = []
    for upload in uploads:
        try:
            checked.append(files.check_upload(upload))
        except ValidationError as error:
            raise ValidationError({"files": error.messages}) from error
    created = []
    for item in checked:
        try:
            stored = files.store(item)
        except ValidationError as error:  # the bytes really written were refused, or the disk is full
            raise ValidationError({"files": error.messages}) from error
        written.append(stored.stored_name)
        created.append(
            Attachment.objects.create(
                request=request,
                document=document,
                stored_name=stored.stored_name,
                original_name=item.original_name,
                content_type=item.content_type,
                size=stored.size,
                sha256=stored.sha256,
                uploaded_by=actor,
            )
        )
    return created


def request_create(
    *,
    actor: User,
    person,
    service: Service,
    centre: Centre,
    window: Window | None,
    channel: str,
    status: str,
    language: str,
    snapshot: dict,
    justification: str,
    today: datetime.date,
    ip_address: str | None,
    written: list[str],
    documents: list[ServiceDocument] | tuple = (),
    uploads: list | tuple = (),
    note: str = "",
    duplicate_reason: str = "",
    missing_documents_reason: str = "",
    idempotency_key: uuid.UUID | None = None,
) -> Request:
    """A new request with the documents seen and the files scanned, its FILED event (the citizen is told) and
    its audit entry; stored file names are appended to `written` (see uploads_store). AlreadyFiled when the
    idempotency key is another request's."""
    request = _request_save(
        person=person,
        service=service,
        centre=centre,
        window=window,
        channel=channel,
        status=status,
        language=language,
        filed_by=actor,
        due_date=add_working_days(today, service.due_working_days),
        eligible=snapshot["eligible"] is not False,
        eligibility=snapshot,
        justification=justification,
        duplicate_reason=duplicate_reason,
        missing_documents_reason=missing_documents_reason,
        idempotency_key=idempotency_key,
    )
    if documents:
        request.documents_received.set(documents)
    if uploads:
        uploads_store(request=request, actor=actor, uploads=list(uploads), document=None, written=written)
    event_add(request=request, actor=actor, kind=Event.Kind.FILED, to_status=status, note=note or justification)
    audit_change(
        actor=actor,
        request=request,
        action=AuditEntry.Action.CREATE,
        changes={
            "reference": [None, request.reference],
            "service": [None, service.code],
            "centre": [None, centre.code],
            "status": [None, status],
            **({"duplicate_reason": [None, duplicate_reason]} if duplicate_reason else {}),
            **({"missing_documents_reason": [None, missing_documents_reason]} if missing_documents_reason else {}),
        },
        ip_address=ip_address,
    )
    return request


def referral_decide(*, request: Request, actor: User, accepted: bool, note: str, now: datetime.datetime) -> None:
    """Record the receiving centre's answer on the referral, and tell the referring request's timeline."""
    referral = Referral.objects.select_related("from_request").filter(to_request=request).first()
    if referral is None:  # a request created as referred always has its referral; nothing else to tell
        return
    Referral.objects.filter(pk=referral.pk).update(
        status=Referral.Status.ACCEPTED if accepted else Referral.Status.DECLINED,
        decided_by=actor,
        decided_at=now,
        decline_reason="" if accepted else note,
    )
    event_add(
        request=referral.from_request,
        actor=actor,
        kind=Event.Kind.REFERRAL_ACCEPTED if accepted else Event.Kind.REFERRAL_DECLINED,
        note=request.reference_display + (f" — {note}" if note else ""),
    )
