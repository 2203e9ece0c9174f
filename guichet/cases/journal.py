"""What every change of a request shares: the compare-and-swap on its version, the timeline, the audit."""

import datetime
from typing import Any

from django.utils import timezone

from guichet.accounts.models import User
from guichet.audit.services import audit_record
from guichet.common.versioning import version_swap

from .models import Event, Request
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
