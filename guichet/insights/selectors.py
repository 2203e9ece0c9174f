"""What the dashboards read: headline figures of a year and a territory beside the year before, scoped.

Reads only the roll-up tables (aggregates): no person-level row, name or disability detail ever leaves here.
A supervisor reads their region (or province) and what lies in it; a national supervisor and an administrator
read everything. The territory asked for in the address is checked here, never in a view.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Q, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guichet.accounts import permissions as roles
from guichet.accounts.models import User
from guichet.accounts.scopes import Scope, scope_of
from guichet.common.exceptions import NotAllowed
from guichet.common.refcache import TERRITORY, refcache_rows_by_pk
from guichet.territory.models import Commune, Province, Region

from .models import Cell, Level, OverdueStat, Population, RequestStat, RollupRefresh, WindowStat

NATION_CODE = "MA"


def may_read_insights(viewer: User) -> bool:
    """The dashboards: supervisors (in their territory) and administrators (the nation)."""
    return roles.reads_insights(viewer)


def _scope(viewer: User) -> Scope:
    if not may_read_insights(viewer):
        raise NotAllowed
    return scope_of(viewer)


# --- places ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A territory a dashboard is drawn for; pk 0 is the nation."""

    level: str
    pk: int
    code: str
    name: str
    region_id: int | None = None
    province_id: int | None = None

    def rows(self, prefix: str = "") -> Q:
        """Roll-up rows counted in this territory (rows carrying region, province and commune columns)."""
        if self.level == Level.NATION:
            return Q()
        return Q(**{f"{prefix}{self.level}_id": self.pk})


def _nation() -> Place:
    return Place(Level.NATION, 0, NATION_CODE, str(_("Morocco")))


def _place_of(obj: Region | Province | Commune) -> Place:
    if isinstance(obj, Region):
        return Place(Level.REGION, obj.pk, obj.code, obj.name, region_id=obj.pk)
    if isinstance(obj, Province):
        return Place(Level.PROVINCE, obj.pk, obj.code, obj.name, obj.region_id, obj.pk)
    return Place(Level.COMMUNE, obj.pk, obj.code, obj.name, obj.province.region_id, obj.province_id)


def _covers(scope: Scope, place: Place) -> bool:
    if place.level == Level.NATION:
        return scope.level == "national"
    if place.level == Level.REGION:
        return scope.level == "national" or (scope.level == "region" and scope.region_id == place.pk)
    return scope.contains(region_id=place.region_id, province_id=place.province_id)


def home_place(*, viewer: User) -> Place:
    """Where the viewer's dashboard opens: their own territory."""
    scope = _scope(viewer)
    if scope.level == "national":
        return _nation()
    if scope.level == "region" and scope.region_id is not None:
        return _place_of(_regions()[scope.region_id])
    if scope.level == "province" and scope.province_id is not None:
        return _place_of(_provinces()[scope.province_id])
    raise NotAllowed


# The regions and provinces from the territory kept for every visitor (common/refcache.py), as registry/places.py
# reads them: the chooser and the viewer's home territory read no table on each dashboard.
def _regions() -> dict[int, Region]:
    return refcache_rows_by_pk(TERRITORY, Region, set())


def _provinces() -> dict[int, Province]:
    return refcache_rows_by_pk(TERRITORY, Province, set(), related=("region",))


def place_resolve(*, viewer: User, code: str) -> Place:
    """The territory of `code` (MA, a region, a province or a commune); NotAllowed outside the viewer's scope."""
    scope = _scope(viewer)
    if not code:
        return home_place(viewer=viewer)
    found: Region | Province | Commune | None
    if code == NATION_CODE:
        place = _nation()
    else:
        found = (
            next((region for region in _regions().values() if region.code == code), None)
            or next((province for province in _provinces().values() if province.code == code), None)
            or Commune.objects.select_related("province").filter(code=code).first()
        )
        if found is None:
            raise Http404
        place = _place_of(found)
    if not _covers(scope, place):
        raise NotAllowed
    return place


def place_choices(*, viewer: User) -> list[tuple[str, str]]:
    """(code, name) of the territories the chooser offers: the nation, regions and provinces in the scope."""
    scope = _scope(viewer)
    choices: list[tuple[str, str]] = []
    if scope.level == "national":
        choices.append((NATION_CODE, _nation().name))
    regions = sorted(_regions().values(), key=lambda region: region.code)
    provinces = sorted(_provinces().values(), key=lambda province: (province.region.code, province.code))
    if scope.level == "region":
        regions = [region for region in regions if region.pk == scope.region_id]
        provinces = [province for province in provinces if province.region_id == scope.region_id]
    elif scope.level == "province":
        regions, provinces = [], [province for province in provinces if province.pk == scope.province_id]
    choices += [(region.code, region.name) for region in regions]
    choices += [(province.code, f"— {province.name}") for province in provinces]
    return choices


def children(place: Place) -> list[Place]:
    """The territories one level down, for the breakdown by territory (none below a commune)."""
    if place.level == Level.NATION:
        return [_place_of(r) for r in Region.objects.order_by("code")]
    if place.level == Level.REGION:
        return [_place_of(p) for p in Province.objects.filter(region_id=place.pk).order_by("code")]
    if place.level == Level.PROVINCE:
        communes = Commune.objects.select_related("province").filter(province_id=place.pk)
        return [_place_of(c) for c in communes.order_by("name_fr")]
    return []


# --- years and freshness --------------------------------------------------------------------------------------------


def years_available() -> list[int]:
    """Years with figures, newest first, and always the current one."""
    years = set(Cell.objects.values_list("year", flat=True).distinct().order_by())
    years |= set(RequestStat.objects.values_list("year", flat=True).distinct().order_by())
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def last_refresh() -> RollupRefresh | None:
    """The last refresh that finished: the dashboards say their figures date from its end."""
    return RollupRefresh.objects.filter(status=RollupRefresh.Status.DONE).order_by("-finished_at", "-pk").first()


# --- figures -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A figure of the year beside the year before; change in percent (None when the year before had none)."""

    value: int | Decimal | None
    previous: int | Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.value is None or not self.previous:
            return None
        ratio = (Decimal(self.value) - Decimal(self.previous)) * 100 / Decimal(self.previous)
        return ratio.quantize(Decimal("0.1"), ROUND_HALF_UP)


def median(histograms: Iterable[dict[str, int]]) -> Decimal | None:
    """The median of the values counted in histograms {value: how many} (the mean of the two middle ones)."""
    merged: Counter[int] = Counter()
    for histogram in histograms:
        for days, count in histogram.items():
            merged[int(days)] += count
    total = sum(merged.values())
    if not total:
        return None
    wanted = ((total - 1) // 2, total // 2)
    found: list[int] = []
    seen = 0
    for value in sorted(merged):
        seen += merged[value]
        while len(found) < 2 and seen > wanted[len(found)]:
            found.append(value)
    return (Decimal(found[0]) + Decimal(found[1])) / 2


def percent(part: int | None, whole: int | None) -> Decimal | None:
    if not whole or part is None:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def beneficiaries(place: Place, year: int) -> int:
    row = Cell.objects.filter(year=year, level=place.level, territory_id=place.pk, dimension="total").first()
    return row.count if row else 0


def populations(level: str, pks: Iterable[int], year: int) -> dict[int, Population]:
    """Each territory's population of the year, or failing it of the latest year before (a census serves until the
    next one), for the territories of `level` given."""
    rows = Population.objects.filter(level=level, territory_id__in=list(pks), year__lte=year).order_by("year")
    return {row.territory_id: row for row in rows}  # the latest year wins


def population(place: Place, year: int) -> Population | None:
    return populations(place.level, [place.pk], year).get(place.pk)


def per_thousand(count: int, people: Population | None) -> Decimal | None:
    """Distinct beneficiaries per 1,000 inhabitants, when a population is loaded."""
    if people is None or not people.population:
        return None
    return (Decimal(count) * 1000 / people.population).quantize(Decimal("0.01"), ROUND_HALF_UP)


def coverage(place: Place, year: int) -> Decimal | None:
    return per_thousand(beneficiaries(place, year), population(place, year))


@dataclass(frozen=True)
class RequestFigures:
    filed: int
    delivered: int
    rejected: int
    pending: int
    in_time: Decimal | None  # % of decisions taken within the due time
    median_days: Decimal | None  # working days from filing to the decision


def request_figures(place: Place, year: int, extra: Q | None = None) -> RequestFigures:
    stats = RequestStat.objects.filter(place.rows(), year=year)
    if extra is not None:
        stats = stats.filter(extra)
    return figures_of(stats.values_list(*STAT_FIELDS, "delays"))


STAT_FIELDS = ("filed", "delivered", "rejected", "pending", "decided", "decided_in_time")


def figures_of(rows: Iterable[tuple]) -> RequestFigures:
    """The figures of RequestStat rows given as (*STAT_FIELDS, delays), summed in one pass."""
    sums = [0] * len(STAT_FIELDS)
    delays = []
    for row in rows:
        for index in range(len(STAT_FIELDS)):
            sums[index] += row[index]
        delays.append(row[-1])
    filed, delivered, rejected, pending, decided, in_time = sums
    return RequestFigures(filed, delivered, rejected, pending, percent(in_time, decided), median(delays))


@dataclass(frozen=True)
class Headline:
    year: int
    place: Place
    beneficiaries: Figure
    coverage: Figure  # per 1,000 inhabitants
    population: Population | None
    filed: Figure
    delivered: Figure
    rejected: Figure
    pending: Figure
    in_time: Figure
    median_days: Figure
    overdue_now: int
    windows_open: int
    windows_target: int | None  # the national target, for the nation only
    refreshed: RollupRefresh | None


def headline(*, viewer: User, place: Place, year: int) -> Headline:
    """The year's headline figures for the territory, each beside the year before."""
    if not _covers(_scope(viewer), place):
        raise NotAllowed
    now, before = request_figures(place, year), request_figures(place, year - 1)
    counted, counted_before = beneficiaries(place, year), beneficiaries(place, year - 1)
    people, people_before = population(place, year), population(place, year - 1)
    overdue = OverdueStat.objects.filter(place.rows()).aggregate(n=Sum("overdue"))["n"] or 0
    windows = WindowStat.objects.filter(place.rows(), month__isnull=True).aggregate(n=Sum("open_now"))["n"] or 0
    return Headline(
        year=year,
        place=place,
        beneficiaries=Figure(counted, counted_before),
        coverage=Figure(per_thousand(counted, people), per_thousand(counted_before, people_before)),
        population=people,
        filed=Figure(now.filed, before.filed),
        delivered=Figure(now.delivered, before.delivered),
        rejected=Figure(now.rejected, before.rejected),
        pending=Figure(now.pending, before.pending),
        in_time=Figure(now.in_time, before.in_time),
        median_days=Figure(now.median_days, before.median_days),
        overdue_now=overdue,
        windows_open=windows,
        windows_target=settings.GUICHET_WINDOWS_TARGET if place.level == Level.NATION else None,
        refreshed=last_refresh(),
    )
