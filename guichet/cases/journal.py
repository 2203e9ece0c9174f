"""What every change of a request shares: the compare-and-swap on its version, the timeline, the audit."""

import datetime
from typing import Any

from django.db.models import F
from django.utils import timezone

from guichet.audit.services import audit_record
from guichet.common.exceptions import StaleEdit
from guichet.notify.services import notify_request_event

from .models import Event, Request


def now_and_today(today: datetime.date | None) -> tuple[datetime.datetime, datetime.date]:
    return timezone.now(), today or timezone.localdate()


def swap(request: Request, expected_version: int, **values: Any) -> None:
    """Write `values` only if nobody changed the request since `expected_version`; StaleEdit otherwise."""
    if request.version != expected_version:
        raise StaleEdit
    updated = Request.objects.filter(pk=request.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now(), **values
    )
    if not updated:
        raise StaleEdit
    for name, value in values.items():
        setattr(request, name, value)
    request.version = expected_version + 1


def event_add(
    *, request: Request, actor: Any, kind: str, from_status: str = "", to_status: str = "", note: str = ""
) -> Event:
    """Append a step to the timeline; the citizen is told of filing and of every status change."""
    event = Event.objects.create(
        request=request, actor=actor, kind=kind, from_status=from_status, to_status=to_status, note=note
    )
    if kind in (Event.Kind.FILED, Event.Kind.STATUS):
        notify_request_event(event=event)
    return event


def audit_change(*, actor: Any, request: Request, action: str, changes: dict, ip_address: str | None) -> None:
    audit_record(actor=actor, action=action, obj=request, person=request.person, changes=changes, ip_address=ip_address)
