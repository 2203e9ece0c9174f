"""What the dashboard's charts read beyond its tables: beneficiaries by programme and sex, and figures per region.

Scoped like selectors.py: the figures per region are the nation's (only a national reader gets them).
"""

from decimal import Decimal

from django.db.models import Sum

from guichet.accounts.models import User
from guichet.common.exceptions import NotAllowed
from guichet.territory.models import Region

from .models import Cell, Level, RequestStat, WindowStat
from .selectors import Place, _covers, _nation, _scope, per_thousand, populations

REGION_FIGURES = ("beneficiaries", "coverage", "filed", "windows")


def beneficiaries_by_programme_and_sex(*, viewer: User, place: Place, year: int) -> dict[tuple[str, str], int]:
    """{(programme, sex): distinct beneficiaries} of the year in the territory."""
    if not _covers(_scope(viewer), place):
        raise NotAllowed
    rows = Cell.objects.filter(year=year, level=place.level, territory_id=place.pk, dimension="programme_sex")
    counts: dict[tuple[str, str], int] = {}
    for value, count in rows.values_list("value", "count"):
        programme, _bar, sex = value.partition("|")
        counts[(programme, sex)] = count
    return counts


def region_figures(*, viewer: User, figure: str, year: int) -> dict[str, int | Decimal | None]:
    """{region code: figure} for the 12 regions: distinct beneficiaries, per 1,000 inhabitants, requests filed in
    the year or windows open now. The nation's readers only."""
    if not _covers(_scope(viewer), _nation()):
        raise NotAllowed
    if figure not in REGION_FIGURES:
        raise ValueError(f"unknown figure {figure!r}")
    regions = dict(Region.objects.values_list("pk", "code"))
    found: dict[int, int]
    if figure in ("beneficiaries", "coverage"):
        cells = Cell.objects.filter(year=year, level=Level.REGION, dimension="total")
        found = dict(cells.values_list("territory_id", "count"))
        if figure == "coverage":
            people = populations(Level.REGION, regions, year)
            return {code: per_thousand(found.get(pk, 0), people.get(pk)) for pk, code in regions.items()}
    elif figure == "filed":
        filed = RequestStat.objects.filter(year=year).values_list("region_id").annotate(n=Sum("filed"))
        found = dict(filed.order_by())
    else:
        windows = WindowStat.objects.filter(month__isnull=True).values_list("region_id").annotate(n=Sum("open_now"))
        found = dict(windows.order_by())
    return {code: found.get(pk, 0) for pk, code in regions.items()}
