"""Reads of requests that depend on who asks: work queues, a request, its timeline, a person's requests."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from guichet.accounts import permissions as roles
from guichet.accounts.models import User
from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_record
from guichet.common.exceptions import NotAllowed
from guichet.common.kept_reads import KeptQuery, KeptRead, attach_joined, joined_columns
from guichet.common.paging import CappedPaginator, KeptRows
from guichet.common.refcache import refcache_get
from guichet.network.eligibility import Explanation, describe, without_disability
from guichet.network.models import Centre, Service
from guichet.network.selectors import (
    centres_by_distance,
    centres_by_pk,
    eligibility_for,
    services_by_pk,
    windows_by_pk,
)
from guichet.network.signals import CATALOGUE
from guichet.registry.models import Person

from . import permissions
from .models import OPEN_STATUSES, Attachment, Referral, Request, Status
from .references import parse_reference
from .transitions import CLOCK_RUNNING

QUEUE_PAGE_SIZE = 25
# The queue page counts its requests up to this many; past it, the agent narrows the filters.
QUEUE_COUNT_CAP = 1000


def overdue_condition(today: datetime.date) -> Q:
    """Late: the due date has passed while the clock runs (it stops while information is requested)."""
    return Q(status__in=CLOCK_RUNNING, due_date__lt=today)


def _with_overdue(requests: QuerySet, today: datetime.date) -> QuerySet:
    late = When(overdue_condition(today), then=Value(True))
    return requests.annotate(overdue=Case(late, default=Value(False), output_field=BooleanField()))


@dataclass
class QueueFilters:
    status: str = "open"  # "open", "all", or a Status value
    service_id: int | None = None
    assignee: str = ""  # "", "me", "none", or a user id
    overdue: bool = False
    centre_id: int | None = None  # one centre of the viewer's queue (the API lists a centre's queue)


# What a queue row shows: the wide columns (eligibility snapshot, texts) are left in the table. The service, centre
# and assignee are not joined (planning a five-table join cost the database more than running it): they come from
# the cached catalogue and the viewer's colleagues or one read of the page's assignees (`_with_names`). The person's
# names are joined as columns (`person_…`), made the row's `person` when read.
QUEUE_COLUMNS = (
    "reference",
    "status",
    "due_date",
    "paused_since",
    "centre_id",
    "person_id",
    "service_id",
    "assignee_id",
)
QUEUE_PERSON_COLUMNS = ("given_name_latin", "family_name_latin", "given_name_ar", "family_name_ar", "social_id")
ASSIGNEE_COLUMNS = ("first_name", "last_name", "username")


def work_queue(
    *,
    viewer,
    filters: QueueFilters | None = None,
    page_number: int | str = 1,
    today: datetime.date | None = None,
    page_size: int = QUEUE_PAGE_SIZE,
    count_cap: int | None = None,
    known_users: Iterable[User] = (),
) -> Page:
    """The requests of the viewer's centre (an agent: their window's; a supervisor: the centres of their
    territory; administrators and stewards: all), earliest due first, overdue ones marked, one page.
    With `count_cap`, the requests are counted only up to it (the page says "more than …"). `known_users`, the
    staff already read (the viewer's colleagues), are not read again as assignees."""
    filters = filters or QueueFilters()
    assignee: int | None = None  # no filter; 0: nobody; else the assignee's key
    if filters.assignee == "me":
        assignee = viewer.pk
    elif filters.assignee == "none":
        assignee = 0
    elif filters.assignee.isdigit():
        assignee = int(filters.assignee)
    shape = (
        permissions.queue_filter(viewer),
        filters.status,
        filters.service_id,
        filters.centre_id,
        assignee,
        filters.overdue,
        today or timezone.localdate(),
    )
    rows: Any = KeptRows(  # pages as Django's paginators take them (their type wants a whole sequence)
        page=lambda start, stop: _queue_rows(_QUEUE.rows((shape, start, stop))),
        count_up_to=lambda limit: _QUEUE.count((shape, "count", limit)),
    )
    if count_cap is not None:
        page = CappedPaginator(rows, page_size, cap=count_cap).get_page(page_number)
    else:
        page = Paginator(rows, page_size).get_page(page_number)
    page.object_list = _with_names(list(page.object_list), known_users=known_users)
    return page


def _queue_query(key: tuple, _value: str | None) -> QuerySet:
    """The queryset of a queue's page (key: the shape, its first and last row) or of its count up to a limit (the
    shape, "count", the limit or None)."""
    (scope, status, service_id, centre_id, assignee, overdue, today), start, stop = key
    requests = Request.objects.filter(scope)
    if status == "open":
        requests = requests.filter(status__in=OPEN_STATUSES)
    elif status in Status.values:
        requests = requests.filter(status=status)
    if service_id:
        requests = requests.filter(service_id=service_id)
    if centre_id:
        requests = requests.filter(centre_id=centre_id)
    if assignee is not None:
        requests = requests.filter(assignee_id=assignee) if assignee else requests.filter(assignee__isnull=True)
    if overdue:
        requests = requests.filter(overdue_condition(today))
    if start == "count":
        # Unordered: the count stops at the limit in whichever index finds the rows (paging.CappedPaginator).
        return requests.order_by().values("pk")[:stop]
    names = joined_columns("person", QUEUE_PERSON_COLUMNS)
    queue = _with_overdue(requests, today).only(*QUEUE_COLUMNS).annotate(**names).order_by("due_date", "pk")
    return queue[start:stop]


# A queue's page and count, their SQL written once for each shape (the viewer's queue, the filters, the day, the
# page): compiling them cost a busy centre's queue page about a fifth of its CPU on every visit.
_QUEUE = KeptQuery(Request, _queue_query)


def _queue_rows(rows: list[Request]) -> list[Request]:
    """Each row given its person (the names read with it, the rest of the file left unread) and its overdue flag
    as a boolean (SQLite gives 0 or 1)."""
    attach_joined(rows, "person", QUEUE_PERSON_COLUMNS)
    for row in rows:
        vars(row)["overdue"] = bool(vars(row)["overdue"])
    return rows


def _with_names(rows: list[Request], *, known_users: Iterable[User]) -> list[Request]:
    """Queue rows given their service, centre and assignee without joining them to the requests."""
    assignees = {user.pk: user for user in known_users}
    unknown = {row.assignee_id for row in rows if row.assignee_id} - assignees.keys()
    if unknown:
        assignees |= User.objects.only(*ASSIGNEE_COLUMNS).in_bulk(unknown)
    for row in _with_catalogue(rows):
        row.assignee = assignees.get(row.assignee_id) if row.assignee_id else None
    return rows


def _with_catalogue(rows: list[Request]) -> list[Request]:
    """Requests given their service and centre from the catalogue kept for every visitor, instead of joins."""
    services = services_by_pk(ids={row.service_id for row in rows})
    centres = centres_by_pk(ids={row.centre_id for row in rows})
    for row in rows:
        row.service = services[row.service_id]
        row.centre = centres[row.centre_id]
    return rows


def queue_services(*, viewer) -> QuerySet[Service]:
    """The services to filter a queue by: for centre staff those their centre offers, else all active ones."""
    if roles.is_centre_staff(viewer) and viewer.centre_id:
        return Service.objects.filter(centres=viewer.centre_id).order_by("code")
    return Service.objects.filter(is_active=True).order_by("code")


def queue_service_choices(*, viewer) -> list[tuple[int, str]]:
    """(pk, name in the active language) of `queue_services`, kept for everyone until the catalogue changes."""
    centre = viewer.centre_id if roles.is_centre_staff(viewer) and viewer.centre_id else "all"
    return refcache_get(
        CATALOGUE,
        f"queue-services:{centre}:{get_language()}",
        lambda: [(service.pk, service.name) for service in queue_services(viewer=viewer)],
    )


def colleagues(*, viewer=None, centre_id: int | None = None) -> QuerySet[User]:
    """The active staff of a centre (the viewer's by default): whom a request can be assigned to."""
    centre_id = centre_id or getattr(viewer, "centre_id", None)
    if not centre_id:
        return User.objects.none()
    return User.objects.filter(roles.centre_staff_filter(centre_id)).order_by("first_name", "last_name", "username")


_COLLEAGUES = KeptQuery(User, lambda centre_id, _value: colleagues(centre_id=centre_id))


def colleagues_listed(*, centre_id: int | None) -> list[User]:
    """`colleagues` of a centre, by SQL kept per centre: the queue and request pages list them on every visit."""
    return _COLLEAGUES.rows(centre_id) if centre_id else []


def request_get(*, viewer, reference: str, page: bool = False) -> Request:
    """A request the viewer may open, with its person, service, centre, window, filer and assignee; Http404 for
    an unknown reference, NotAllowed outside their reach. For its `page`, also whether it has attachments and
    referrals (request_reads.py reads them only then: most requests have neither)."""
    canonical = parse_reference(reference)
    read = _REQUEST_PAGE if page else _REQUEST
    request = read.first(canonical) if canonical is not None else None
    if request is None:
        raise Http404
    if not permissions.can_view(viewer, request):
        raise NotAllowed
    return _with_places_and_staff(request)


# The request with its person, read by SQL written once (common/kept_reads.py): Django wrote the join again on
# every page, with the request page's two EXISTS, at more cost than running it.
_REQUEST = KeptRead(Request, ("reference", "="), joined=("person",))
_REQUEST_PAGE = KeptRead(
    Request,
    ("reference", "="),
    joined=("person",),
    exists={
        "has_attachments": ((Attachment, "request"),),
        "has_referrals": ((Referral, "from_request"), (Referral, "to_request")),
    },
)


def _with_places_and_staff(request: Request) -> Request:
    """The request's service, centre and window from the cached catalogue, its filer and assignee in one read:
    each table joined to the request cost a millisecond more than these."""
    _with_catalogue([request])
    if request.window_id:
        request.window = windows_by_pk(ids={request.window_id})[request.window_id]
    staff = User.objects.in_bulk({pk for pk in (request.filed_by_id, request.assignee_id) if pk})
    request.filed_by = staff.get(request.filed_by_id) if request.filed_by_id else None
    request.assignee = staff.get(request.assignee_id) if request.assignee_id else None
    return request


def request_open(*, viewer, reference: str, ip_address: str | None) -> Request:
    """request_get for the request's page, recorded in the audit log: a request is part of the person's file."""
    request = request_get(viewer=viewer, reference=reference, page=True)
    audit_record(actor=viewer, action=AuditEntry.Action.VIEW, obj=request, person=request.person, ip_address=ip_address)
    return request


def attachment_get(*, viewer, reference: str, attachment_id: int) -> Attachment:
    """An attached file, only for staff who may open its request."""
    request = request_get(viewer=viewer, reference=reference)
    attachment = Attachment.objects.filter(request=request, pk=attachment_id).first()
    if attachment is None:
        raise Http404
    attachment.request = request
    return attachment


@dataclass
class ExplainedCondition:
    text: str
    passed: bool | None
    actual: object


def explain(explanation: Explanation | dict) -> list[ExplainedCondition]:
    """Each condition of an explanation (live, or the snapshot kept on a request) in words, in the active language."""
    data = explanation.as_json() if isinstance(explanation, Explanation) else explanation
    return [
        ExplainedCondition(text=describe(row["condition"]), passed=row["passed"], actual=row.get("actual"))
        for row in data.get("results", [])
    ]


def eligibility_seen(*, viewer, explanation: Explanation | dict | None) -> dict:
    """An explanation as the viewer may read it: disability facts (and the verdict they decide) only for roles
    that may see disability details. The snapshot kept on a request was evaluated for whoever filed or referred
    it; the supervisor, the agent and the receiving centre read it here."""
    data = explanation.as_json() if isinstance(explanation, Explanation) else dict(explanation or {})
    if roles.can_see_disability(viewer):
        return data
    return without_disability(data)


def eligibility_explain(*, viewer, person, service: Service, today: datetime.date | None = None) -> Explanation:
    """The service's rule evaluated for the person as the viewer may see them (a hidden disability is unknown)."""
    return eligibility_for(viewer=viewer, person=person, service=service, on=today)


def fileable_services() -> QuerySet[Service]:
    """The services an agent may file at a window, with their documents."""
    return (
        Service.objects.filter(is_active=True, channel_window=True)
        .prefetch_related("documents")
        .order_by("category", "code")
    )


def _flag(condition: Q):
    """A boolean column for a condition; an empty Q (no restriction) is simply true."""
    if not condition:
        return Value(True, output_field=BooleanField())
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def _listable(viewer) -> Q:
    """A person's requests the viewer may see listed on the file: all, but sensitive services only when the
    viewer may see disability data or may open the request."""
    if not permissions.sensitive_hidden(viewer):
        return Q()
    return ~Q(service__category__in=permissions.SENSITIVE_CATEGORIES) | permissions.visible_filter(viewer)


def person_requests(*, viewer, person, limit: int = 50) -> list[Request]:
    """The person's latest requests for their file, each with `can_open` and `overdue`; one query."""
    today = timezone.localdate()
    requests = (
        Request.objects.filter(person=person)
        .filter(_listable(viewer))
        .annotate(can_open=_flag(permissions.visible_filter(viewer)))
        .order_by("-filed_at", "-pk")
    )
    return _with_catalogue(list(_with_overdue(requests, today)[:limit]))


def beneficiary_services(person, *, viewer=None) -> dict[int, list[Request]]:
    """What the person received: the delivered requests by year of delivery, latest year first.

    A delivered request makes the person a beneficiary of that service for that year. With a viewer, the
    sensitive services are left out as on the file's list of requests.
    """
    delivered = Request.objects.filter(person=person, status=Status.DELIVERED)
    if viewer is not None:
        delivered = delivered.filter(_listable(viewer))
    by_year: dict[int, list[Request]] = defaultdict(list)
    for request in _with_catalogue(list(delivered.order_by("-delivered_on", "-pk"))):
        assert request.delivered_on is not None  # a delivered request carries its day
        by_year[request.delivered_on.year].append(request)
    return dict(by_year)


def service_beneficiaries(*, year: int) -> QuerySet[Person]:
    """The distinct persons who received a delivered service in the year; a file merged into another counts as
    the file it was merged into (the merge moves its requests, this covers any left behind)."""
    delivered = Request.objects.filter(status=Status.DELIVERED, delivered_on__year=year).values("person_id")
    return (
        Person.objects.filter(Q(pk__in=delivered) | Q(merged_from__in=delivered))
        .filter(merged_into__isnull=True)
        .distinct()
    )


def open_requests_for(*, person, service: Service, viewer=None) -> list[Request]:
    """The person's open requests for the service, oldest first: filing another needs a reason. With a
    viewer, each carries `can_open` (a link to it is shown only then)."""
    requests = Request.objects.filter(person=person, service=service, status__in=OPEN_STATUSES)
    if viewer is not None:
        requests = requests.annotate(can_open=_flag(permissions.visible_filter(viewer)))
    return list(requests.order_by("filed_at", "pk")[:5])


def referable_services() -> QuerySet[Service]:
    return Service.objects.filter(is_active=True).order_by("category", "code")


@dataclass(frozen=True)
class ReferralCentres:
    """Where a request may be referred: for each service, the active centres offering it, nearest to the
    person first, the referring centre left out."""

    services: list[Service]
    by_service: dict[int, list[Centre]]

    def for_service(self, service: Service) -> list[Centre]:
        return self.by_service.get(service.pk, [])


def referral_centres(*, request: Request) -> ReferralCentres:
    """Three queries, whatever the number of services and centres."""
    centres = list(
        centres_by_distance(commune=request.person.commune, exclude=request.centre).select_related("province")
    )
    services = list(referable_services())
    offered = Centre.services.through.objects.filter(centre__is_active=True, service__is_active=True)
    offering: dict[int, set[int]] = defaultdict(set)
    for service_id, centre_id in offered.values_list("service_id", "centre_id"):
        offering[service_id].add(centre_id)
    by_service = {
        service.pk: [centre for centre in centres if centre.pk in offering[service.pk]] for service in services
    }
    return ReferralCentres(services=services, by_service=by_service)
