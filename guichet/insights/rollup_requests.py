"""Service levels of requests: per filing year, centre, service and window, with the delays to a decision.

Counted by the database in two GROUP BY statements (the counts, and the histogram of working days between filing
and decision, read off the WorkDay calendar), from which any median is exact. The year and the days are those of
Africa/Casablanca: the ORM writes the time-zone conversion for each database, wrapped here in plain SQL.
"""

# ruff: noqa: S608 -- the statements hold our table names, our constants and the ORM's own SQL with its params

import datetime
from collections import defaultdict

from django.db import connection
from django.db.models import Count, Max, Min, Q
from django.db.models.functions import ExtractYear, TruncDate
from django.utils import timezone

from guichet.cases.models import OPEN_STATUSES, Request, Status
from guichet.cases.selectors import overdue_condition
from guichet.network.calendar import holidays_between, is_working_day
from guichet.network.models import Centre

from .models import OverdueStat, RequestStat, WorkDay

BATCH = 5000
COMMUNE = ("centre__commune_id",)
# A decision on the request itself: accepted or refused (then delivered). A withdrawal or a referral declined is not.
DECISIONS = (Status.APPROVED, Status.REJECTED, Status.DELIVERED)


def _in(values) -> str:
    return "(" + ", ".join(f"'{value}'" for value in values) + ")"


def workdays_store() -> None:
    """The calendar from the day before the first filing to the later of today and the last decision."""
    span = Request.objects.order_by().aggregate(first=Min("filed_at"), last=Max("decided_at"))
    today = timezone.localdate()
    first = timezone.localtime(span["first"]).date() if span["first"] else today
    last = max(timezone.localtime(span["last"]).date() if span["last"] else today, today)
    start = first - datetime.timedelta(days=1)
    holidays = holidays_between(start, last)
    days, number, day = [], 0, start
    while day <= last:
        if day > start and is_working_day(day, holidays):
            number += 1
        days.append(WorkDay(day=day, number=number))
        day += datetime.timedelta(days=1)
    WorkDay.objects.all().delete()
    WorkDay.objects.bulk_create(days, batch_size=BATCH)


def _requests_sql(condition: Q) -> tuple[str, tuple]:
    """The requests as rows (y, centre_id, service_id, window_id, status, f, d, due_date): filing year, filing day
    and decision day in local time."""
    rows = (
        Request.objects.filter(condition)
        .order_by()
        .annotate(y=ExtractYear("filed_at"), f=TruncDate("filed_at"), d=TruncDate("decided_at"))
        .values_list("y", "centre_id", "service_id", "window_id", "status", "f", "d", "due_date")
    )
    sql, params = rows.query.sql_with_params()
    return sql, tuple(params)


def requests_count(condition: Q) -> None:
    """(Re)count the requests matching `condition` into RequestStat rows, in one scan: grouped by group and by
    working days to the decision (-1: no decision), then folded into each group's counts and histogram."""
    inner, params = _requests_sql(condition)
    calendar = connection.ops.quote_name(WorkDay._meta.db_table)
    decided = f"r.d IS NOT NULL AND r.status IN {_in(DECISIONS)}"
    days = (
        f"CASE WHEN {decided} THEN (CASE WHEN wd.number > wf.number THEN wd.number - wf.number ELSE 0 END) ELSE -1 END"
    )
    group = "r.y, r.centre_id, r.service_id, r.window_id"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {group}, {days}, COUNT(*), "
            f"SUM(CASE WHEN r.status = '{Status.DELIVERED}' THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN r.status = '{Status.REJECTED}' THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN r.status IN {_in(OPEN_STATUSES)} THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN {decided} AND r.d <= r.due_date THEN 1 ELSE 0 END) "
            f"FROM ({inner}) r LEFT JOIN {calendar} wf ON wf.day = r.f LEFT JOIN {calendar} wd ON wd.day = r.d "
            f"GROUP BY {group}, {days}",
            params,
        )
        found = cursor.fetchall()
    sums: dict[tuple, list[int]] = defaultdict(lambda: [0] * 6)  # filed, delivered, rejected, pending, decided, …
    delays: dict[tuple, dict[str, int]] = defaultdict(dict)
    for year, centre, service, window, waited, filed, delivered, rejected, pending, in_time in found:
        key = (year, centre, service, window)
        figures = sums[key]
        for index, value in enumerate((filed, delivered, rejected, pending, filed if waited >= 0 else 0, in_time)):
            figures[index] += value
        if waited >= 0:
            delays[key][str(waited)] = filed
    counts = [(*key, *figures) for key, figures in sums.items()]
    centres = Centre.objects.values_list("pk", "region_id", "province_id", "commune_id")
    places = {pk: (region, province, commune) for pk, region, province, commune in centres}
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
                filed=filed,
                delivered=delivered,
                rejected=rejected,
                pending=pending,
                decided=decided_count,
                decided_in_time=in_time,
                delays=dict(sorted(delays[(year, centre, service, window)].items(), key=lambda item: int(item[0]))),
            )
            for year, centre, service, window, filed, delivered, rejected, pending, decided_count, in_time in counts
        ],
        batch_size=BATCH,
    )


def _year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """1 January 00:00 of the year and of the next, in the local time zone (Africa/Casablanca)."""
    zone = timezone.get_current_timezone()
    return datetime.datetime(year, 1, 1, tzinfo=zone), datetime.datetime(year + 1, 1, 1, tzinfo=zone)


def requests_rebuild() -> None:
    workdays_store()
    RequestStat.objects.all().delete()
    requests_count(Q())


def requests_replace(since: datetime.datetime) -> set[int]:
    """Recount the filing years of the requests changed since `since`; those years."""
    changed = Request.objects.filter(updated_at__gte=since).order_by()
    years = set(changed.annotate(y=ExtractYear("filed_at")).values_list("y", flat=True).distinct())
    if years:
        workdays_store()
    for year in sorted(years):
        RequestStat.objects.filter(year=year).delete()
        start, end = _year_bounds(year)
        requests_count(Q(filed_at__gte=start, filed_at__lt=end))
    return years


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
