"""Putting a request in a given status through the workflow, as staff would have."""

from guichet.cases import services
from guichet.cases.models import Request, Status

from .conftest import MONDAY

NOTE = "Motif écrit par l'agent."


def act(actor, request: Request, action: str, note: str = NOTE, today=MONDAY) -> Request:
    return services.request_transition(
        actor=actor, request=request, action=action, expected_version=request.version, note=note, today=today
    )


def refer(personas, request: Request, catalogue) -> Request:
    referral = services.request_refer(
        actor=personas["centre"],
        request=request,
        service=catalogue["project"],
        reason="Souhaite lancer une activité de couture.",
        expected_version=request.version,
        today=MONDAY,
    )
    request.refresh_from_db()
    return referral.to_request


def in_status(status: str, *, filed: Request, personas, catalogue) -> tuple[Request, object]:
    """A request in `status`, and the centre staff member who handles it."""
    centre = personas["centre"]
    if status == Status.SUBMITTED:
        return filed, centre
    if status == Status.INFO_REQUESTED:
        return act(centre, filed, "request_info"), centre
    if status == Status.APPROVED:
        return act(centre, filed, "approve"), centre
    if status == Status.DELIVERED:
        return act(centre, act(centre, filed, "approve"), "deliver"), centre
    if status == Status.REJECTED:
        return act(centre, filed, "reject"), centre
    if status == Status.WITHDRAWN:
        return act(centre, filed, "withdraw"), centre
    received = refer(personas, filed, catalogue)
    if status == Status.REFERRED:
        return received, personas["incubator"]
    if status == Status.DECLINED:
        return act(personas["incubator"], received, "decline"), personas["incubator"]
    raise ValueError(status)
