"""Every write to requests, as pages and API call them: who may act is checked here, then the workflow writes.

Each function is one transaction; a change of a request names the version the actor saw (StaleEdit when
someone else changed it since); refusals are NotAllowed (role, scope) or a translated ValidationError
naming the field (the workflow's rules).
"""

import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.accounts import permissions as roles
from guichet.accounts import scopes
from guichet.accounts.models import User
from guichet.common.exceptions import NotAllowed, ValidationError
from guichet.network.models import Centre, Service, ServiceDocument
from guichet.network.selectors import centre_for

from . import filing, permissions, workflow
from .models import Attachment, Event, Referral, Request


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def request_file(
    *,
    actor: User,
    person,
    service: Service,
    language: str,
    justification: str = "",
    documents: list[ServiceDocument] | tuple = (),
    uploads: list | tuple = (),
    today: datetime.date | None = None,
    ip_address: str | None = None,
) -> Request:
    """An agent files a request for the person at their window; it is routed to the competent centre.

    The eligibility rule is evaluated first and kept on the request; filing for a person the rule excludes
    needs a written justification. No centre offering the service anywhere is a clear refusal.
    """
    if not permissions.can_file(actor):
        raise NotAllowed
    if not scopes.scope_of(actor).contains(region_id=person.region_id, province_id=person.province_id):
        raise NotAllowed
    if person.merged_into_id:
        raise ValidationError(_("This file was merged into another one: file the request from that one."))
    if not service.is_active or not service.channel_window:
        raise ValidationError({"service": _("This service cannot be asked for at a window.")})
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose French, Arabic or English.")})
    documents = list(documents)
    if any(document.service_id != service.pk for document in documents):
        raise ValidationError({"documents": _("Tick only documents of the service chosen.")})
    today = _today(today)
    show_disability = roles.can_see_disability(actor)
    snapshot = filing.eligibility_snapshot(person=person, service=service, show_disability=show_disability, today=today)
    if snapshot["eligible"] is False and not justification.strip():
        raise ValidationError(
            {
                "justification": _(
                    "The person does not meet the service's eligibility rule: write why you file the request "
                    "all the same."
                )
            }
        )
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
    return filing.file_request(
        actor=actor,
        person=person,
        service=service,
        centre=centre,
        language=language,
        window=actor.window,
        justification=justification,
        documents=documents,
        uploads=uploads,
        show_disability=show_disability,
        today=today,
        ip_address=ip_address,
    )


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
    accept or decline a referral). The centre handling the request does it all; the window that filed it
    may withdraw it at the citizen's wish."""
    if not (
        permissions.is_centre_staff_of(actor, request)
        or (action == "withdraw" and permissions.is_filing_agent_of(actor, request))
    ):
        raise NotAllowed
    return workflow.transition_apply(
        actor=actor,
        request=request,
        action=action,
        expected_version=expected_version,
        note=note,
        today=today,
        ip_address=ip_address,
    )


def request_assign(
    *, actor: User, request: Request, assignee: Any, expected_version: int, ip_address: str | None = None
) -> Request:
    if not permissions.is_centre_staff_of(actor, request):
        raise NotAllowed
    return workflow.assign(
        actor=actor, request=request, assignee=assignee, expected_version=expected_version, ip_address=ip_address
    )


def request_comment(*, actor: User, request: Request, text: str, ip_address: str | None = None) -> Event:
    if not (permissions.is_centre_staff_of(actor, request) or permissions.is_filing_agent_of(actor, request)):
        raise NotAllowed
    return workflow.comment(actor=actor, request=request, text=text, ip_address=ip_address)


def attachments_add(
    *,
    actor: User,
    request: Request,
    uploads: list,
    document: ServiceDocument | None = None,
    ip_address: str | None = None,
) -> list[Attachment]:
    """Scanned documents (PDF, JPEG, PNG, checked by content, size-limited), all stored or none."""
    if not (permissions.is_centre_staff_of(actor, request) or permissions.is_filing_agent_of(actor, request)):
        raise NotAllowed
    return filing.attach(actor=actor, request=request, uploads=uploads, document=document, ip_address=ip_address)


def referral_send(
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
    if not permissions.is_centre_staff_of(actor, request):
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
    return workflow.refer(
        actor=actor,
        request=request,
        service=service,
        centre=centre,
        reason=reason,
        expected_version=expected_version,
        show_disability=roles.can_see_disability(actor),
        today=today,
        ip_address=ip_address,
    )


def nearest_other_centre(*, service: Service, commune, exclude: Centre) -> Centre | None:
    """Like centre_for (commune, province, region, nation), leaving out the referring centre."""
    offering = Centre.objects.filter(is_active=True, services=service).exclude(pk=exclude.pk).order_by("code")
    province = commune.province
    for place in ({"commune": commune}, {"province_id": province.pk}, {"region_id": province.region_id}, {}):
        centre = offering.filter(**place).first()
        if centre is not None:
            return centre
    return None
