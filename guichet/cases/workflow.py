"""The request workflow: the one table of allowed transitions, and the changes of status, assignee, referral.

These functions check the workflow's rules (status, reasons, versions) but not who is acting: services.py,
the way in for pages and API, checks that first; the demo seeding calls them directly to replay past years.
Each write appends a timeline Event, an audit entry, and for status changes the citizen's message in the
outbox; a change of the request is a compare-and-swap on its version.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guichet.accounts.models import User
from guichet.accounts.permissions import may_be_assigned
from guichet.audit.models import AuditEntry
from guichet.common.exceptions import ValidationError
from guichet.common.versioning import version_expected
from guichet.network.calendar import add_working_days, working_days_between
from guichet.network.models import Centre, Service

from .filing import request_create
from .journal import audit_change, event_add, now_and_today, swap
from .models import OPEN_STATUSES, Channel, Event, Referral, Request, Status


@dataclass(frozen=True)
class Transition:
    sources: tuple[str, ...]
    target: str
    reason_required: bool
    label: Promise  # the button
    note_label: Promise  # the text field beside it


# Every status change there is. Anything else is refused with a message naming the action and the status.
TRANSITIONS: dict[str, Transition] = {
    "request_info": Transition(
        (Status.SUBMITTED,),
        Status.INFO_REQUESTED,
        True,
        gettext_lazy("Ask the citizen for information"),
        gettext_lazy("What is missing"),
    ),
    "resume": Transition(
        (Status.INFO_REQUESTED,),
        Status.SUBMITTED,
        False,
        gettext_lazy("Information received"),
        gettext_lazy("Note"),
    ),
    "approve": Transition((Status.SUBMITTED,), Status.APPROVED, False, gettext_lazy("Approve"), gettext_lazy("Note")),
    "reject": Transition(
        (Status.SUBMITTED, Status.INFO_REQUESTED),
        Status.REJECTED,
        True,
        gettext_lazy("Reject"),
        gettext_lazy("Reason for the rejection"),
    ),
    "deliver": Transition(
        (Status.APPROVED,), Status.DELIVERED, False, gettext_lazy("Mark delivered"), gettext_lazy("Note")
    ),
    "withdraw": Transition(
        tuple(OPEN_STATUSES),
        Status.WITHDRAWN,
        True,
        gettext_lazy("Withdraw at the citizen's wish"),
        gettext_lazy("Reason for the withdrawal"),
    ),
    "accept": Transition(
        (Status.REFERRED,), Status.SUBMITTED, False, gettext_lazy("Accept the referral"), gettext_lazy("Note")
    ),
    "decline": Transition(
        (Status.REFERRED,),
        Status.DECLINED,
        True,
        gettext_lazy("Decline the referral"),
        gettext_lazy("Reason for declining"),
    ),
}
# While information is requested the clock is stopped: such a request is never overdue.
CLOCK_RUNNING = (Status.REFERRED, Status.SUBMITTED, Status.APPROVED)


def transition_check(request: Request, action: str, note: str) -> Transition:
    """The transition, if allowed from the request's status with the note given; ValidationError otherwise."""
    rule = TRANSITIONS.get(action)
    if rule is None:
        raise ValidationError(_("Unknown action."), code="unknown_action")
    if request.status not in rule.sources:
        raise ValidationError(
            _("“%(action)s” is not possible while the request is “%(status)s”.")
            % {"action": rule.label, "status": request.get_status_display()},
            code="invalid_transition",
        )
    if rule.reason_required and not note.strip():
        raise ValidationError({"note": _("%(field)s: this is required.") % {"field": rule.note_label}})
    return rule


@transaction.atomic
def transition_apply(
    *,
    actor: User,
    request: Request,
    action: str,
    expected_version: int,
    note: str = "",
    today: datetime.date | None = None,
    ip_address: str | None = None,
) -> Request:
    """Move the request along one allowed transition (see TRANSITIONS); referrals are accepted or declined here."""
    version_expected(request, expected=expected_version)
    rule = transition_check(request, action, note)
    note = note.strip()
    now, today = now_and_today(today)
    before = request.status
    values: dict[str, Any] = {"status": rule.target}
    if action == "request_info":
        values["paused_since"] = today
    elif action == "resume":
        paused = working_days_between(request.paused_since, today) if request.paused_since else 0
        values["paused_since"] = None
        values["due_date"] = add_working_days(request.due_date, paused) if paused else request.due_date
    elif action == "accept":
        values["due_date"] = add_working_days(today, request.service.due_working_days)
    if rule.target in (Status.APPROVED, Status.REJECTED, Status.DECLINED, Status.WITHDRAWN):
        values["decided_at"] = now
        values["decision_reason"] = note
        values["paused_since"] = None
    if rule.target == Status.DELIVERED:
        values["delivered_on"] = today
    swap(request, expected_version, **values)
    event_add(
        request=request, actor=actor, kind=Event.Kind.STATUS, from_status=before, to_status=rule.target, note=note
    )
    if action in ("accept", "decline"):
        _referral_decide(request=request, actor=actor, accepted=action == "accept", note=note, now=now)
    changes: dict[str, list[str | None]] = {"status": [before, rule.target]}
    for name in ("due_date", "delivered_on", "decision_reason"):
        if values.get(name):
            changes[name] = [None, str(values[name])]
    audit_change(actor=actor, request=request, action=AuditEntry.Action.UPDATE, changes=changes, ip_address=ip_address)
    return request


def _referral_decide(*, request: Request, actor: User, accepted: bool, note: str, now: datetime.datetime) -> None:
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


@transaction.atomic
def assign(
    *, actor: User, request: Request, assignee: Any, expected_version: int, ip_address: str | None = None
) -> Request:
    """Give the request to a colleague of its centre (or to nobody)."""
    if request.status not in OPEN_STATUSES:
        raise ValidationError(_("A closed request cannot be assigned."), code="closed")
    if assignee is not None and not may_be_assigned(assignee, request.centre_id):
        raise ValidationError({"assignee": _("Choose a colleague of the centre that handles the request.")})
    before = request.assignee_id
    swap(request, expected_version, assignee=assignee)
    name = (assignee.get_full_name() or assignee.username) if assignee else ""
    event_add(request=request, actor=actor, kind=Event.Kind.ASSIGNED, note=name)
    audit_change(
        actor=actor,
        request=request,
        action=AuditEntry.Action.UPDATE,
        changes={"assignee": [str(before) if before else None, str(assignee.pk) if assignee else None]},
        ip_address=ip_address,
    )
    return request


@transaction.atomic
def comment(*, actor: User, request: Request, text: str, ip_address: str | None = None) -> Event:
    """A note on the timeline; it changes nothing else, so it needs no version and conflicts with nobody."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the comment.")})
    event = event_add(request=request, actor=actor, kind=Event.Kind.COMMENT, note=text[:4000])
    audit_change(
        actor=actor,
        request=request,
        action=AuditEntry.Action.UPDATE,
        changes={"comment": [None, str(event.pk)]},
        ip_address=ip_address,
    )
    return event


@transaction.atomic
def refer(
    *,
    actor: User,
    request: Request,
    service: Service,
    centre: Centre,
    reason: str,
    expected_version: int,
    show_disability: bool = False,
    today: datetime.date | None = None,
    ip_address: str | None = None,
) -> Referral:
    """Refer the person to another centre for another service: a linked request there, awaiting its answer."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the person is referred.")})
    if centre.pk == request.centre_id:
        raise ValidationError({"centre": _("Refer the person to another centre than this one.")})
    if not centre.is_active or not centre.services.filter(pk=service.pk).exists():
        raise ValidationError({"centre": _("This centre does not offer the service chosen.")})
    # The referring request's version moves too: two colleagues cannot refer the same request at once.
    swap(request, expected_version)
    received = request_create(
        actor=actor,
        person=request.person,
        service=service,
        centre=centre,
        language=request.language,
        window=None,
        channel=Channel.REFERRAL,
        status=Status.REFERRED,
        justification="",
        documents=(),
        uploads=(),
        show_disability=show_disability,
        today=today,
        ip_address=ip_address,
        written=[],
        note=f"{request.reference_display} — {request.centre.name}: {reason}",
    )
    referral = Referral.objects.create(
        from_request=request,
        to_request=received,
        from_centre_id=request.centre_id,
        to_centre=centre,
        reason=reason,
        referred_by=actor,
    )
    event_add(
        request=request,
        actor=actor,
        kind=Event.Kind.REFERRAL_SENT,
        note=f"{received.reference_display} — {centre.name}: {reason}",
    )
    audit_change(
        actor=actor,
        request=request,
        action=AuditEntry.Action.UPDATE,
        changes={"referral": [None, received.reference]},
        ip_address=ip_address,
    )
    return referral
