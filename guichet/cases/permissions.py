"""Who may open a request and what they may do to it: the rules the selectors, services and pages share."""

from django.db.models import Q

from guichet.accounts import permissions as roles
from guichet.accounts import scopes

from .models import OPEN_STATUSES, Referral, Request, Status
from .transitions import TRANSITIONS

# Services whose very name tells a health or disability detail: listed on a person's file only to those
# who may see disability data or may open the request itself.
SENSITIVE_CATEGORIES = ("disability", "health")

# What staff may do besides changing the status.
ASSIGN, COMMENT, ATTACH, REFER = "assign", "comment", "attach", "refer"
REFERABLE_STATUSES = (Status.SUBMITTED, Status.INFO_REQUESTED, Status.APPROVED, Status.DELIVERED)


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def visible_filter(viewer) -> Q:
    """The requests a staff member may open (read).

    Agents: those they or their window filed. Centre staff: their centre's, and the other side of a referral
    their centre sent or received (read-only). Supervisors: those of the centres in their territory.
    Administrators and data stewards: all.
    """
    if not _active(viewer):
        return Q(pk__in=[])
    if roles.reads_every_request(viewer):
        return Q()
    if roles.is_window_agent(viewer):
        window = Q(window_id=viewer.window_id) if viewer.window_id else Q(pk__in=[])
        return Q(filed_by_id=viewer.pk) | window
    if roles.is_centre_staff(viewer) and viewer.centre_id:
        centre = viewer.centre_id
        return (
            Q(centre_id=centre)
            | Q(pk__in=Referral.objects.filter(to_centre_id=centre).values("from_request_id"))
            | Q(pk__in=Referral.objects.filter(from_centre_id=centre).values("to_request_id"))
        )
    if roles.reads_requests_of_territory(viewer):
        return scopes.scope_of(viewer).person_filter(prefix="centre__")
    return Q(pk__in=[])


def queue_filter(viewer) -> Q:
    """The requests of a work queue: the centre's for its staff, the window's for an agent, else as visible."""
    if roles.is_centre_staff(viewer):
        return Q(centre_id=viewer.centre_id) if viewer.centre_id else Q(pk__in=[])
    if roles.is_window_agent(viewer):
        return Q(window_id=viewer.window_id) if viewer.window_id else Q(pk__in=[])
    return visible_filter(viewer)


def can_view(viewer, request: Request) -> bool:
    if not _active(viewer):
        return False
    if roles.reads_every_request(viewer):
        return True
    if roles.is_window_agent(viewer):
        return request.filed_by_id == viewer.pk or (
            viewer.window_id is not None and request.window_id == viewer.window_id
        )
    if roles.is_centre_staff(viewer):
        if viewer.centre_id is None:
            return False
        if request.centre_id == viewer.centre_id:
            return True
        # The other side of a referral: the request that referred to this centre, or the one it referred.
        return Referral.objects.filter(
            Q(from_request=request, to_centre_id=viewer.centre_id)
            | Q(to_request=request, from_centre_id=viewer.centre_id)
        ).exists()
    if roles.reads_requests_of_territory(viewer):
        return _in_territory(viewer, request)
    return False


def _in_territory(viewer, request: Request) -> bool:
    centre = request.centre
    return scopes.scope_of(viewer).contains(region_id=centre.region_id, province_id=centre.province_id)


def is_centre_staff_of(viewer, request: Request) -> bool:
    return roles.is_centre_staff(viewer) and viewer.centre_id is not None and viewer.centre_id == request.centre_id


def updates_as_centre(viewer, request: Request) -> bool:
    """A client system allowed to change the status of the requests of its territory's centres (the API)."""
    return roles.updates_requests_of_territory(viewer) and _in_territory(viewer, request)


def is_filing_agent_of(viewer, request: Request) -> bool:
    return roles.is_window_agent(viewer) and (
        request.filed_by_id == viewer.pk or (viewer.window_id is not None and request.window_id == viewer.window_id)
    )


def can_file(viewer) -> bool:
    """Requests are filed at a window, by its agents."""
    return roles.can_file_requests(viewer)


def allowed_actions(viewer, request: Request) -> set[str]:
    """What this viewer may do to this request now: transition names (see transitions.TRANSITIONS) and the others.

    The centre that handles the request does everything its status allows; the window that filed it may
    withdraw it at the citizen's wish, comment and add documents; everyone else only reads.
    """
    is_open = request.status in OPEN_STATUSES
    actions: set[str] = set()
    if is_centre_staff_of(viewer, request):
        actions |= {name for name, t in TRANSITIONS.items() if request.status in t.sources}
        actions.add(COMMENT)
        if is_open:
            actions |= {ASSIGN, ATTACH}
        if request.status in REFERABLE_STATUSES:
            actions.add(REFER)
    elif updates_as_centre(viewer, request):
        # A client system moves a request as the centre's staff would, through the same transitions.
        actions |= {name for name, t in TRANSITIONS.items() if request.status in t.sources}
        actions.add(COMMENT)
    elif is_filing_agent_of(viewer, request):
        actions.add(COMMENT)
        if is_open:
            actions |= {"withdraw", ATTACH}
    return actions


def sensitive_hidden(viewer) -> bool:
    """Whether services of the sensitive categories must be hidden unless the viewer may open the request."""
    return not roles.can_see_disability(viewer)
