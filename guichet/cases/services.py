"""Every write to requests: who acts is checked, then the request is written, in one transaction each.

Pages, the API and the demo seeding all come in here. A change of a request names the version the actor saw
(StaleEdit when someone else changed it since); refusals are NotAllowed (role, scope) or a translated
ValidationError naming the field (the workflow's rules: transitions.TRANSITIONS). Besides staff, the system
actor (accounts.system: seeding, imports, jobs; never a web request, since it cannot log in) may do what the
handling centre may do, and file at the window it names.
"""

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from guichet.accounts import permissions as roles
from guichet.accounts import scopes
from guichet.accounts.models import User
from guichet.audit.models import AuditEntry
from guichet.common.exceptions import NotAllowed, ValidationError
from guichet.common.l10n import format_date, isolate_ltr_if_bidi, join_list
from guichet.common.versioning import version_expected
from guichet.network.calendar import add_working_days, working_days_between
from guichet.network.models import Centre, Service, ServiceDocument, Window
from guichet.network.selectors import centre_for, nearest_other_centre

from . import attachments as files
from . import permissions, selectors
from ._writes import (
    AlreadyFiled,
    audit_change,
    eligibility_snapshot,
    event_add,
    now_and_today,
    referral_decide,
    request_create,
    swap,
    uploads_store,
)
from .models import OPEN_STATUSES, Attachment, Channel, Event, Referral, Request, Status
from .transitions import transition_check


def _acts_for_centre(actor: User, request: Request) -> bool:
    """The staff of the centre handling the request, or the system actor."""
    return permissions.is_centre_staff_of(actor, request) or roles.is_system_actor(actor)


def _sees_disability(actor: User) -> bool:
    """Whether the eligibility snapshot kept is evaluated with the disability facts: as the actor may see them
    (the page showing it hides them again from whoever may not); the system actor reads nothing, so all."""
    return roles.can_see_disability(actor) or roles.is_system_actor(actor)


def request_file(
    *,
    actor: User,
    person,
    service: Service,
    language: str,
    justification: str = "",
    documents: list[ServiceDocument] | tuple = (),
    uploads: list | tuple = (),
    duplicate_reason: str = "",
    missing_documents_reason: str = "",
    token: uuid.UUID | None = None,
    window: Window | None = None,
    today: datetime.date | None = None,
    ip_address: str | None = None,
) -> Request:
    """An agent files a request for the person at their window; it is routed to the competent centre.

    The eligibility rule is evaluated first and kept on the request; filing for a person the rule excludes
    needs a written justification, filing while the person has an open request for the same service needs a
    `duplicate_reason`, and filing without every document the service requires a `missing_documents_reason`
    (all three refusals named at once). No centre offering the service anywhere is a clear refusal. `token` is
    the filing form's one-time token: a second submit of the same form returns the request the first filed,
    even when both arrive at once. `window` is for the system actor only (an agent files at their own window):
    where the request was filed, if known.
    """
    if not roles.is_system_actor(actor):
        # An agent, for a person of their territory, at their own window.
        if not permissions.can_file(actor) or (window is not None and window.pk != actor.window_id):
            raise NotAllowed
        if not scopes.scope_of(actor).contains(region_id=person.region_id, province_id=person.province_id):
            raise NotAllowed
        window = actor.window  # None for a client system: its requests come by the "api" channel
    if token is not None:
        earlier = Request.objects.filter(idempotency_key=token).first()
        if earlier is not None:
            return _already_filed(earlier, actor=actor, person=person)
    if person.merged_into_id:
        raise ValidationError(_("This file was merged into another one: file the request from that one."))
    if not service.is_active or not service.channel_window:
        raise ValidationError({"service": _("This service cannot be asked for at a window.")})
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose French, Arabic or English.")})
    documents = list(documents)
    if any(document.service_id != service.pk for document in documents):
        raise ValidationError({"documents": _("Tick only documents of the service chosen.")})
    _now, today = now_and_today(today)
    show_disability = _sees_disability(actor)
    snapshot = eligibility_snapshot(person=person, service=service, show_disability=show_disability, today=today)
    problems = _filing_problems(
        person=person,
        service=service,
        documents=documents,
        excluded=snapshot["eligible"] is False and not justification.strip(),
        duplicate_reason=duplicate_reason.strip(),
        missing_documents_reason=missing_documents_reason.strip(),
    )
    if problems:
        raise ValidationError(problems)
    centre = centre_for(service=service, commune=person.commune)
    if centre is None:
        raise ValidationError(
            {
                "service": _(
                    "No centre offers “%(service)s” yet, so the request cannot be routed. Ask an administrator "
                    "to attach the service to a centre."
                )
                % {"service": service.name}
            }
        )
    try:
        with files.atomic() as written:
            return request_create(
                actor=actor,
                person=person,
                service=service,
                centre=centre,
                window=window,
                channel=Channel.API if roles.is_api_client(actor) else Channel.WINDOW,
                status=Status.SUBMITTED,
                language=language,
                snapshot=snapshot,
                justification=justification.strip(),
                documents=documents,
                uploads=uploads,
                duplicate_reason=duplicate_reason.strip(),
                missing_documents_reason=missing_documents_reason.strip(),
                idempotency_key=token,
                written=written,
                today=today,
                ip_address=ip_address,
            )
    except AlreadyFiled as taken:
        # Another submit of the same form filed while this one was checked: its request, not a second one.
        return _already_filed(Request.objects.get(idempotency_key=taken.key), actor=actor, person=person)


def _already_filed(request: Request, *, actor: User, person) -> Request:
    """The request a form's token already filed, for the same agent and person; a token cannot be reused
    for anything else."""
    if request.filed_by_id != actor.pk or request.person_id != person.pk:
        raise ValidationError(_("This form was already used for another request: open the filing page again."))
    return request


def _filing_problems(
    *,
    person,
    service: Service,
    documents: list[ServiceDocument],
    excluded: bool,
    duplicate_reason: str,
    missing_documents_reason: str,
) -> dict[str, str]:
    """What filing needs written before it goes ahead, by field: a justification when the rule excludes the
    person, a reason for a second open request for the service, a reason for each required document missing."""
    problems: dict[str, str] = {}
    if excluded:
        problems["justification"] = _(
            "The person does not meet the service's eligibility rule: write why you file the request all the same."
        )
    if not duplicate_reason:
        already = next(iter(selectors.open_requests_for(person=person, service=service)), None)
        if already is not None:
            problems["duplicate_reason"] = _(
                "This person already has an open request for this service (%(reference)s, filed on %(date)s): "
                "follow that one, or write why a second request is needed."
            ) % {"reference": isolate_ltr_if_bidi(already.reference_display), "date": format_date(already.filed_at)}
    ticked = {document.pk for document in documents}
    missing = [document for document in service.documents.all() if document.required and document.pk not in ticked]
    if missing and not missing_documents_reason:
        problems["missing_documents_reason"] = _(
            "Required documents not ticked: %(documents)s. Tick those received, or write which are missing and why."
        ) % {"documents": join_list(document.name for document in missing)}
    return problems


@transaction.atomic
def request_transition(
    *,
    actor: User,
    request: Request,
    action: str,
    expected_version: int,
    note: str = "",
    today: datetime.date | None = None,
    ip_address: str | None = None,
) -> Request:
    """Change the status (ask for information, information received, approve, reject, deliver, withdraw,
    accept or decline a referral) along one allowed transition. The centre handling the request does it all;
    the window that filed it may withdraw it at the citizen's wish."""
    if not (
        _acts_for_centre(actor, request)
        or permissions.updates_as_centre(actor, request)  # a client system, through the same transitions
        or (action == "withdraw" and permissions.is_filing_agent_of(actor, request))
    ):
        raise NotAllowed
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
        referral_decide(request=request, actor=actor, accepted=action == "accept", note=note, now=now)
    changes: dict[str, list[str | None]] = {"status": [before, rule.target]}
    for name in ("due_date", "delivered_on", "decision_reason"):
        if values.get(name):
            changes[name] = [None, str(values[name])]
    audit_change(actor=actor, request=request, action=AuditEntry.Action.UPDATE, changes=changes, ip_address=ip_address)
    return request


@transaction.atomic
def request_assign(
    *, actor: User, request: Request, assignee: Any, expected_version: int, ip_address: str | None = None
) -> Request:
    """Give the request to a colleague of its centre (or to nobody)."""
    if not _acts_for_centre(actor, request):
        raise NotAllowed
    if request.status not in OPEN_STATUSES:
        raise ValidationError(_("A closed request cannot be assigned."), code="closed")
    if assignee is not None and not roles.may_be_assigned(assignee, request.centre_id):
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
def request_comment(*, actor: User, request: Request, text: str, ip_address: str | None = None) -> Event:
    """A note on the timeline; it changes nothing else, so it needs no version and conflicts with nobody."""
    if not (_acts_for_centre(actor, request) or permissions.is_filing_agent_of(actor, request)):
        raise NotAllowed
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


def request_attach(
    *,
    actor: User,
    request: Request,
    uploads: list,
    document: ServiceDocument | None = None,
    ip_address: str | None = None,
) -> list[Attachment]:
    """Scanned documents (PDF, JPEG, PNG, checked by content, size-limited) added to an open request, all
    stored or none."""
    if not (_acts_for_centre(actor, request) or permissions.is_filing_agent_of(actor, request)):
        raise NotAllowed
    if request.status not in OPEN_STATUSES:
        raise ValidationError(_("Documents cannot be added to a closed request."), code="closed")
    if not uploads:
        raise ValidationError({"files": _("Choose at least one file.")})
    if document is not None and document.service_id != request.service_id:
        raise ValidationError({"document": _("This document is not one of the service's.")})
    with files.atomic() as written:
        created = uploads_store(request=request, actor=actor, uploads=list(uploads), document=document, written=written)
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


@transaction.atomic
def request_refer(
    *,
    actor: User,
    request: Request,
    service: Service,
    reason: str,
    expected_version: int,
    centre: Centre | None = None,
    today: datetime.date | None = None,
    ip_address: str | None = None,
) -> Referral:
    """The centre refers the person to another centre for another service (the nearest one offering it
    unless one is chosen): a linked request there, awaiting its acceptance."""
    if not _acts_for_centre(actor, request):
        raise NotAllowed
    if request.status not in permissions.REFERABLE_STATUSES:
        raise ValidationError(
            _("A request that is “%(status)s” cannot be referred.") % {"status": request.get_status_display()}
        )
    if not service.is_active:
        raise ValidationError({"service": _("This service is no longer offered.")})
    if centre is None:
        centre = nearest_other_centre(service=service, commune=request.person.commune, exclude=request.centre)
        if centre is None:
            raise ValidationError({"service": _("No other centre offers this service.")})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the person is referred.")})
    if centre.pk == request.centre_id:
        raise ValidationError({"centre": _("Refer the person to another centre than this one.")})
    if not centre.is_active or not centre.services.filter(pk=service.pk).exists():
        raise ValidationError({"centre": _("This centre does not offer the service chosen.")})
    # The referring request's version moves too: two colleagues cannot refer the same request at once.
    swap(request, expected_version)
    _now, today = now_and_today(today)
    snapshot = eligibility_snapshot(
        person=request.person, service=service, show_disability=_sees_disability(actor), today=today
    )
    received = request_create(
        actor=actor,
        person=request.person,
        service=service,
        centre=centre,
        window=None,
        channel=Channel.REFERRAL,
        status=Status.REFERRED,
        language=request.language,
        snapshot=snapshot,
        justification="",
        written=[],
        today=today,
        ip_address=ip_address,
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
