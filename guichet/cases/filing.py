"""Filing a request at a window and attaching documents: the writes, without the check of who acts.

services.py checks who is acting first; the demo seeding calls these directly to replay past years.
"""

import datetime
import random
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from guichet.accounts.models import User
from guichet.audit.models import AuditEntry
from guichet.common.exceptions import ValidationError
from guichet.network.calendar import add_working_days
from guichet.network.models import Centre, Service, ServiceDocument, Window
from guichet.network.selectors import eligibility_evaluate

from . import attachments as files
from .journal import audit_change, event_add, now_and_today
from .models import OPEN_STATUSES, Attachment, Channel, Event, Request, Status
from .references import new_reference


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


def _new_request(**fields: Any) -> Request:
    """Save a request under a fresh reference; a reference taken a moment ago by another is drawn again."""
    for _attempt in range(5):
        request = Request(reference=unique_reference(), **fields)
        try:
            with transaction.atomic():
                request.save()
        except IntegrityError:
            continue
        return request
    raise IntegrityError("could not draw a free reference")


def _store_uploads(
    *, request: Request, actor: User, uploads: list, document: ServiceDocument | None, written: list[str]
) -> list[Attachment]:
    """Validate every upload first (nothing written if one is refused), then store them.

    The stored names are appended to `written` as soon as each file is on disk, so that the caller, outside
    its transaction, removes them if the transaction fails (a database has no hook on rollback).
    """
    checked = []
    for upload in uploads:
        try:
            checked.append(files.check_upload(upload))
        except ValidationError as error:
            raise ValidationError({"files": error.messages}) from error
    created = []
    for item in checked:
        stored = files.store(item)
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


def file_request(
    *,
    actor: User,
    person,
    service: Service,
    centre: Centre,
    language: str,
    window: Window | None = None,
    channel: str = Channel.WINDOW,
    status: str = Status.SUBMITTED,
    justification: str = "",
    documents: list[ServiceDocument] | tuple = (),
    uploads: list | tuple = (),
    show_disability: bool = False,
    today: datetime.date | None = None,
    ip_address: str | None = None,
) -> Request:
    written: list[str] = []
    try:
        with transaction.atomic():
            return request_create(
                actor=actor,
                person=person,
                service=service,
                centre=centre,
                language=language,
                window=window,
                channel=channel,
                status=status,
                justification=justification,
                documents=documents,
                uploads=uploads,
                show_disability=show_disability,
                today=today,
                ip_address=ip_address,
                written=written,
            )
    except BaseException:
        files.discard(written)
        raise


def request_create(
    *,
    actor,
    person,
    service,
    centre,
    language,
    window,
    channel,
    status,
    justification,
    documents,
    uploads,
    show_disability,
    today,
    ip_address,
    written,
    note: str = "",
) -> Request:
    _now, today = now_and_today(today)
    snapshot = eligibility_snapshot(person=person, service=service, show_disability=show_disability, today=today)
    request = _new_request(
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
        justification=justification.strip(),
    )
    if documents:
        request.documents_received.set(documents)
    if uploads:
        _store_uploads(request=request, actor=actor, uploads=list(uploads), document=None, written=written)
    event_add(request=request, actor=actor, kind=Event.Kind.FILED, to_status=status, note=note or request.justification)
    audit_change(
        actor=actor,
        request=request,
        action=AuditEntry.Action.CREATE,
        changes={
            "reference": [None, request.reference],
            "service": [None, service.code],
            "centre": [None, centre.code],
            "status": [None, status],
        },
        ip_address=ip_address,
    )
    return request


def attach(
    *,
    actor: User,
    request: Request,
    uploads: list,
    document: ServiceDocument | None = None,
    ip_address: str | None = None,
) -> list[Attachment]:
    """Add scanned documents to an open request (all or none)."""
    if request.status not in OPEN_STATUSES:
        raise ValidationError(_("Documents cannot be added to a closed request."), code="closed")
    if not uploads:
        raise ValidationError({"files": _("Choose at least one file.")})
    if document is not None and document.service_id != request.service_id:
        raise ValidationError({"document": _("This document is not one of the service's.")})
    written: list[str] = []
    try:
        with transaction.atomic():
            created = _store_uploads(
                request=request, actor=actor, uploads=list(uploads), document=document, written=written
            )
            names = ", ".join(item.original_name for item in created)
            event_add(request=request, actor=actor, kind=Event.Kind.ATTACHMENT, note=names)
            audit_change(
                actor=actor,
                request=request,
                action=AuditEntry.Action.UPDATE,
                changes={"attachments": [None, ", ".join(item.sha256 for item in created)]},
                ip_address=ip_address,
            )
            return created
    except BaseException:
        files.discard(written)
        raise
