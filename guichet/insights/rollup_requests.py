"""Service levels of requests: per filing year, centre, service and window, with the delays to a decision.

Read once in Python (a working day is not a thing SQL knows): each request adds to its group's counts and to the
histogram of working days between filing and decision, from which any median is exact.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from guichet.cases.models import OPEN_STATUSES, Request, Status
from guichet.cases.selectors import overdue_condition
from guichet.network.calendar import holidays_between, is_working_day
from guichet.network.models import Centre

from .models import OverdueStat, RequestStat

BATCH = 5000
COMMUNE = ("centre__commune_id",)
# A decision on the request itself: accepted or refused (then delivered). A withdrawal or a referral declined is not.
DECISIONS = (Status.APPROVED, Status.REJECTED, Status.DELIVERED)


class WorkingDays:
    """Working days counted from a fixed origin: the working days between two dates is a subtraction."""

    def __init__(self, start: datetime.date, end: datetime.date):
        self.start = start
        holidays = holidays_between(start, end)
        self.index: dict[datetime.date, int] = {}
        count, day = 0, start
        while day <= end:
            if day > start and is_working_day(day, holidays):
                count += 1
            self.index[day] = count
            day += datetime.timedelta(days=1)

    def between(self, start: datetime.date, end: datetime.date) -> int:
        """As network.calendar.working_days_between: working days after `start` up to and including `end`."""
        if end <= start:
            return 0
        return self.index[end] - self.index[start]


@dataclass
class _Group:
    filed: int = 0
    delivered: int = 0
    rejected: int = 0
    pending: int = 0
    decided: int = 0
    decided_in_time: int = 0
    delays: Counter = field(default_factory=Counter)


def _year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """1 January 00:00 of the year and of the next, in the local time zone (Africa/Casablanca)."""
    zone = timezone.get_current_timezone()
    return (
        datetime.datetime(year, 1, 1, tzinfo=zone),
        datetime.datetime(year + 1, 1, 1, tzinfo=zone),
    )


def _calendar(requests) -> WorkingDays:
    """The working days of the span the requests were filed and decided in."""
    span = requests.aggregate(first=Min("filed_at"), last=Max("decided_at"))
    today = timezone.localdate()
    first = timezone.localtime(span["first"]).date() if span["first"] else today
    last = timezone.localtime(span["last"]).date() if span["last"] else today
    return WorkingDays(first - datetime.timedelta(days=1), max(last, today))


def requests_count(condition: Q) -> int:
    """(Re)count the requests matching `condition` into RequestStat rows; how many requests were read."""
    requests = Request.objects.filter(condition).order_by()
    rows = requests.values_list("filed_at", "centre_id", "service_id", "window_id", "status", "decided_at", "due_date")
    centres = Centre.objects.values_list("pk", "region_id", "province_id", "commune_id")
    places = {pk: (region, province, commune) for pk, region, province, commune in centres}
    groups: dict[tuple, _Group] = {}
    local = timezone.localtime
    calendar = _calendar(requests)
    read = 0
    for filed_at, centre, service, window, status, decided_at, due_date in rows.iterator(chunk_size=BATCH):
        read += 1
        filed_on = local(filed_at).date()
        key = (filed_on.year, centre, service, window)
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group()
        group.filed += 1
        if status == Status.DELIVERED:
            group.delivered += 1
        elif status == Status.REJECTED:
            group.rejected += 1
        elif status in OPEN_STATUSES:
            group.pending += 1
        if decided_at is not None and status in DECISIONS:
            decided_on = local(decided_at).date()
            group.decided += 1
            if decided_on <= due_date:
                group.decided_in_time += 1
            group.delays[calendar.between(filed_on, decided_on)] += 1
    RequestStat.objects.bulk_create(
        [
            RequestStat(
                year=year,
                centre_id=centre,
                service_id=service,
                window_id=window,
                region_id=places[centre][0],
                province_id=places[centre][1],
                commune_id=places[centre][2],
                filed=g.filed,
                delivered=g.delivered,
                rejected=g.rejected,
                pending=g.pending,
                decided=g.decided,
                decided_in_time=g.decided_in_time,
                delays={str(days): n for days, n in sorted(g.delays.items())},
            )
            for (year, centre, service, window), g in sorted(groups.items(), key=lambda item: str(item[0]))
        ],
        batch_size=BATCH,
    )
    return read


def requests_rebuild() -> int:
    RequestStat.objects.all().delete()
    return requests_count(Q())


def requests_replace(since: datetime.datetime) -> int:
    """Recount the (year, centre) groups that a request changed since `since` belongs to."""
    touched: dict[int, set[int]] = {}
    for filed_at, centre in Request.objects.filter(updated_at__gte=since).values_list("filed_at", "centre_id"):
        touched.setdefault(timezone.localtime(filed_at).year, set()).add(centre)
    read = 0
    for year, centres in sorted(touched.items()):
        RequestStat.objects.filter(year=year, centre_id__in=centres).delete()
        start, end = _year_bounds(year)
        read += requests_count(Q(centre_id__in=centres, filed_at__gte=start, filed_at__lt=end))
    return read


def overdue_rebuild(today: datetime.date | None = None) -> None:
    """Late requests now: every refresh recounts them, since the mere passing of a day makes a request late."""
    today = today or timezone.localdate()
    OverdueStat.objects.all().delete()
    late = (
        Request.objects.filter(overdue_condition(today))
        .values("centre_id", "service_id", "window_id", "centre__region_id", "centre__province_id", *COMMUNE)
        .annotate(n=Count("pk"))
        .order_by()
    )
    OverdueStat.objects.bulk_create(
        [
            OverdueStat(
                centre_id=row["centre_id"],
                service_id=row["service_id"],
                window_id=row["window_id"],
                region_id=row["centre__region_id"],
                province_id=row["centre__province_id"],
                commune_id=row["centre__commune_id"],
                overdue=row["n"],
            )
            for row in late
        ],
        batch_size=BATCH,
    )
