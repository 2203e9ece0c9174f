"""What each role's landing page reads: scoped to the viewer, counted by the database, listed one page at a time."""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from guichet.accounts import permissions as roles
from guichet.accounts.models import User
from guichet.cases import permissions as case_rules
from guichet.cases.models import OPEN_STATUSES, Request, Status
from guichet.cases.selectors import overdue_condition
from guichet.common.exceptions import NotAllowed
from guichet.network.models import Centre, Service, Window
from guichet.network.selectors import WindowsFigure, windows_open_vs_target
from guichet.registry.models import Consent, Person
from guichet.territory.models import Region

PAGE_SIZE = 25
RECENT_DAYS = 7
# Staff who have not signed in for this long: an account to close, or a colleague who needs help.
DORMANT_DAYS = 90
ADULT_AGE = 18


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, start + datetime.timedelta(days=1)


# --- window agents: today's requests at their window ----------------------------------------------------------


def window_today(*, viewer: User, page_number: int | str = 1, today: datetime.date | None = None) -> Page:
    """The requests filed today at the agent's window, newest first."""
    if not roles.can_file_requests(viewer) or viewer.window_id is None:
        raise NotAllowed
    start, end = _day_bounds(today or timezone.localdate())
    requests = (
        Request.objects.filter(case_rules.visible_filter(viewer))
        .filter(window_id=viewer.window_id, filed_at__gte=start, filed_at__lt=end)
        .select_related("person", "service")
        .order_by("-filed_at", "-pk")
    )
    return Paginator(requests, PAGE_SIZE).get_page(page_number)


# --- supervisors: the queue of their territory -------------------------------------------------------------------


def may_read_territory_desk(viewer: User) -> bool:
    return roles.reads_requests_of_territory(viewer) or roles.is_administrator(viewer)


@dataclass(frozen=True)
class TerritoryQueue:
    by_status: list[tuple[str, str | Promise, int]]  # (status, label, count), every status, zero included
    open: int
    overdue: int
    centres: Page  # rows: centre_id, centre__name, centre__name_ar, total, open, overdue, delivered


def territory_queue(*, viewer: User, page_number: int | str = 1, today: datetime.date | None = None) -> TerritoryQueue:
    """The requests of the centres the viewer reads (cases' visible_filter): by status, late, and per centre."""
    if not may_read_territory_desk(viewer):
        raise NotAllowed
    today = today or timezone.localdate()
    requests = Request.objects.filter(case_rules.visible_filter(viewer))
    counts = dict(requests.values_list("status").annotate(n=Count("pk")).order_by())
    late = overdue_condition(today)
    overdue = requests.filter(late).count()
    centres = (
        requests.values("centre_id", "centre__name", "centre__name_ar")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
            overdue=Count("pk", filter=late),
            delivered=Count("pk", filter=Q(status=Status.DELIVERED)),
        )
        .order_by("-overdue", "-open", "centre__name", "centre_id")
    )
    return TerritoryQueue(
        by_status=[(value, label, counts.get(value, 0)) for value, label in Status.choices],
        open=sum(counts.get(value, 0) for value in OPEN_STATUSES),
        overdue=overdue,
        centres=Paginator(centres, PAGE_SIZE).get_page(page_number),
    )


# --- data stewards: the registry's quality work ------------------------------------------------------------------


def may_read_registry_desk(viewer: User) -> bool:
    """The registry's quality work: data stewards, and administrators (both read the nation's files)."""
    return roles.reads_every_request(viewer)


@dataclass(frozen=True)
class Gap:
    """One way a file can be incomplete: why it matters, and the condition that finds such files."""

    key: str
    title: str | Promise
    why: str | Promise


GAPS = (
    Gap(
        "phone",
        _("No phone number"),
        _("No text message can tell the person that their request moved; the window must call them in."),
    ),
    Gap(
        "birth_date",
        _("Only the year of birth"),
        _("Age rules of the services are uncertain, and the person cannot track a request with a date of birth."),
    ),
    Gap(
        "cnie",
        _("Adult without a CNIE"),
        _("An adult's identity card number is the surest way to find them again and to avoid a duplicate file."),
    ),
    Gap(
        "consent",
        _("No consent to registration in force"),
        _("Without a consent in force the file should not be used: record the consent, or close the file."),
    ),
    Gap(
        "script",
        _("Name in one script only"),
        _("A search in the other script finds the person only by transliteration: add the name as written."),
    ),
)
GAP_KEYS = tuple(gap.key for gap in GAPS)


def _adult_born_before(today: datetime.date) -> datetime.date:
    try:
        return today.replace(year=today.year - ADULT_AGE)
    except ValueError:  # 29 February
        return today.replace(year=today.year - ADULT_AGE, day=28)


def _gap_condition(key: str, today: datetime.date) -> Q:
    consent_in_force = Consent.objects.filter(
        person=OuterRef("pk"), purpose=Consent.Purpose.REGISTRATION, withdrawn_on__isnull=True
    )
    conditions = {
        "phone": Q(phone=""),
        "birth_date": Q(birth_date_approximate=True),
        "cnie": (Q(cnie__isnull=True) | Q(cnie="")) & Q(birth_date__lte=_adult_born_before(today)),
        "consent": ~Q(Exists(consent_in_force)),
        "script": Q(given_name_ar="") | Q(family_name_ar="") | Q(given_name_latin="") | Q(family_name_latin=""),
    }
    return conditions[key]


@dataclass(frozen=True)
class RegistryWork:
    recent: int  # files registered in the last RECENT_DAYS days
    gaps: list[tuple[Gap, int]]
    shown: str  # "recent" or a gap key
    page: Page


def registry_work(
    *, viewer: User, shown: str = "recent", page_number: int | str = 1, today: datetime.date | None = None
) -> RegistryWork:
    """Recent registrations and incomplete files, counted in one query; one list (the chosen one) paginated."""
    if not may_read_registry_desk(viewer):
        raise NotAllowed
    today = today or timezone.localdate()
    since, _end = _day_bounds(today - datetime.timedelta(days=RECENT_DAYS - 1))
    persons = Person.objects.filter(merged_into__isnull=True)
    recent = Q(created_at__gte=since)
    counts = persons.aggregate(
        recent=Count("pk", filter=recent),
        # Aliases apart from the field names ("phone", "cnie"), which an aggregate may not shadow.
        **{f"gap_{key}": Count("pk", filter=_gap_condition(key, today)) for key in GAP_KEYS},
    )
    shown = shown if shown in GAP_KEYS else "recent"
    chosen = persons.filter(recent if shown == "recent" else _gap_condition(shown, today))
    listed = chosen.select_related("commune", "created_by").order_by("-created_at", "-pk")
    return RegistryWork(
        recent=counts["recent"],
        gaps=[(gap, counts[f"gap_{gap.key}"]) for gap in GAPS],
        shown=shown,
        page=Paginator(listed, PAGE_SIZE).get_page(page_number),
    )


# --- administrators: the network's state -------------------------------------------------------------------------


@dataclass(frozen=True)
class NetworkState:
    windows: WindowsFigure
    regions: list[tuple[Region, int, int]]  # (region, open windows, planned windows)
    centres_without_service: QuerySet[Centre]
    centres_without_service_count: int
    services_nowhere: QuerySet[Service]
    services_nowhere_count: int
    dormant_staff: QuerySet[User]
    dormant_staff_count: int


LISTED = 20  # each list of the network page shows its first rows and links to the full list


def network_state(*, viewer: User, today: datetime.date | None = None) -> NetworkState:
    if not roles.is_administrator(viewer):
        raise NotAllowed
    today = today or timezone.localdate()
    per_region: dict[int, tuple[int, int]] = {
        row["region_id"]: (row["open"], row["planned"])
        for row in Window.objects.values("region_id")
        .annotate(
            open=Count("pk", filter=Q(status=Window.Status.OPEN)),
            planned=Count("pk", filter=Q(status=Window.Status.PLANNED)),
        )
        .order_by()
    }
    regions = [(region, *per_region.get(region.pk, (0, 0))) for region in Region.objects.order_by("code")]
    bare_centres = (
        Centre.objects.filter(is_active=True, services__isnull=True).select_related("commune").order_by("name", "pk")
    )
    offered = Centre.objects.filter(services=OuterRef("pk"), is_active=True)
    nowhere = Service.objects.filter(is_active=True).filter(~Q(Exists(offered))).order_by("code")
    dormant_since, _end = _day_bounds(today - datetime.timedelta(days=DORMANT_DAYS))
    dormant = (
        User.objects.filter(is_active=True)
        .filter(Q(last_login__lt=dormant_since) | Q(last_login__isnull=True, date_joined__lt=dormant_since))
        .order_by("last_login", "username")
    )
    return NetworkState(
        windows=windows_open_vs_target(),
        regions=regions,
        centres_without_service=bare_centres[:LISTED],
        centres_without_service_count=bare_centres.count(),
        services_nowhere=nowhere[:LISTED],
        services_nowhere_count=nowhere.count(),
        dormant_staff=dormant[:LISTED],
        dormant_staff_count=dormant.count(),
    )
