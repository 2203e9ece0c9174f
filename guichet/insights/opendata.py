"""Open data: distinct beneficiaries per region, year, programme and sex, small counts suppressed, for anyone.

/open-data/ explains the figures and shows them; /open-data/figures.json and /open-data/figures.csv give them
whole. Each year and programme is one table of regions × sexes with its totals (per region, per sex for the
nation, the nation's total), suppressed by guichet/insights/suppression.py before anything leaves: no count from
1 to 4, and nothing from which one could be recomputed. Only those aggregates are read: no person, ever.
"""

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from guichet.common.csv_export import csv_response
from guichet.registry.models import Sex
from guichet.territory.models import Region

from .charts import Chart, region_map
from .models import Cell, Level, Programme
from .refresh import last_done
from .suppression import TOTAL, grid_from_cells, suppress

NATION = "MA"  # the region code of the nation's row
ALL_SEXES = "total"
LICENCE = "Licence Ouverte / Open Licence 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
SUPPRESSION_NOTE = gettext_lazy(
    "Counts from 1 to 4 are not published, and neither is any figure from which one of them could be worked out "
    "by subtraction from the totals: those cells are empty (null in JSON)."
)

# (region code, year, programme, sex, count): distinct beneficiaries, as the roll-up counts them.
CellRow = tuple[str, int, str, str, int]


def region_cells() -> Iterable[CellRow]:
    """Distinct beneficiaries per region, year, programme and sex, from the roll-up's cells (insights.Cell)."""
    codes = dict(Region.objects.values_list("pk", "code"))
    rows = Cell.objects.filter(level=Level.REGION, dimension="programme_sex").values_list(
        "territory_id", "year", "value", "count"
    )
    for territory_id, year, value, count in rows.iterator():
        programme, _bar, sex = value.partition("|")
        if territory_id in codes:
            yield codes[territory_id], year, programme, sex, count


# Where the figures come from: a function giving CellRow tuples (tests point it at hand-made cells).
CELLS_SOURCE: Callable[[], Iterable[CellRow]] = region_cells


@dataclass(frozen=True)
class Figure:
    year: int
    programme: str
    region: str  # an ISO 3166-2 code, or NATION
    sex: str  # "F", "M" or ALL_SEXES
    count: int | None  # None: suppressed


def published_figures(cells: Iterable[CellRow], *, regions: Iterable[str]) -> list[Figure]:
    """Every figure of every table (year × programme), totals included, after suppression. Each region of
    `regions` has its row, with zeros where it served no one (a 0 is published: it reveals no one)."""
    region_order = list(regions)
    tables: dict[tuple[int, str], list[tuple[Hashable, Hashable, int]]] = defaultdict(list)
    for region, year, programme, sex, count in cells:
        tables[(year, programme)].append((region, sex, count))
    figures = []
    for (year, programme), table in sorted(tables.items(), key=lambda item: (-item[0][0], item[0][1])):
        grid = suppress(grid_from_cells(table, row_order=region_order, column_order=Sex.values))
        for row in grid.rows:
            for column in grid.columns:
                figures.append(
                    Figure(
                        year=year,
                        programme=programme,
                        region=NATION if row == TOTAL else str(row),
                        sex=ALL_SEXES if column == TOTAL else str(column),
                        count=grid.shown(row, column),
                    )
                )
    return figures


def _figures() -> tuple[list[Figure], dict[str, Region]]:
    regions = {region.code: region for region in Region.objects.order_by("code")}
    return published_figures(CELLS_SOURCE(), regions=regions), regions


def _region_name(code: str, regions: dict[str, Region], language: str) -> str:
    """A region's name, or the nation's, in `language` (French names in English: the administration's)."""
    if code == NATION:
        with translation.override(language):
            return _("Morocco (all regions)")
    region = regions.get(code)
    if region is None:
        return code
    return region.name_ar if language == "ar" else region.name_fr


def _refreshed_at() -> str | None:
    refresh = last_done()
    when = refresh.finished_at if refresh is not None else None
    return when.isoformat() if when is not None else None


@require_GET
def figures_json(request: HttpRequest) -> JsonResponse:
    figures, regions = _figures()
    return JsonResponse(
        {
            "title": "Guichet — distinct beneficiaries per region, year, programme and sex",
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
            "refreshed_at": _refreshed_at(),
            "suppression": "Counts from 1 to 4, and any figure from which one could be worked out from the totals, "
            "are null.",
            "programmes": {code: str(label) for code, label in Programme.choices},
            "figures": [
                {
                    "year": figure.year,
                    "programme": figure.programme,
                    "region": figure.region,
                    "region_name_fr": _region_name(figure.region, regions, "fr"),
                    "region_name_ar": _region_name(figure.region, regions, "ar"),
                    "sex": figure.sex,
                    "count": figure.count,
                }
                for figure in figures
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def figures_csv(request: HttpRequest) -> StreamingHttpResponse:
    figures, regions = _figures()
    head = ["year", "programme", "region", "region_name_fr", "region_name_ar", "sex", "count"]
    rows = (
        [
            figure.year,
            figure.programme,
            figure.region,
            _region_name(figure.region, regions, "fr"),
            _region_name(figure.region, regions, "ar"),
            figure.sex,
            figure.count,
        ]
        for figure in figures
    )
    return csv_response([head, *rows], filename="guichet-open-data.csv")


@dataclass(frozen=True)
class _Table:
    programme: str
    rows: list[tuple[str, list[int | None], bool]]  # region name, counts per sex then total, the nation's row


@require_GET
def open_data(request: HttpRequest) -> HttpResponse:
    figures, regions = _figures()
    language = translation.get_language() or "fr"
    years = sorted({figure.year for figure in figures}, reverse=True)
    year = _chosen_year(request.GET.get("year"), years)
    labels = dict(Programme.choices)
    programmes = list(dict.fromkeys(figure.programme for figure in figures if figure.year == year))
    shown = request.GET.get("programme")
    mapped = shown if shown in programmes else (programmes[0] if programmes else None)
    tables, chart = [], None
    for programme in programmes:
        counts = {(f.region, f.sex): f.count for f in figures if f.year == year and f.programme == programme}
        codes = [*regions, NATION]
        columns = [*Sex.values, ALL_SEXES]
        rows = [
            (_region_name(code, regions, language), [counts.get((code, sex)) for sex in columns], code == NATION)
            for code in codes
        ]
        tables.append(_Table(str(labels.get(programme, programme)), rows))
        if programme == mapped:
            chart = _map(programme_label=str(labels.get(programme, programme)), year=year, counts=counts,
                         regions=regions, language=language)  # fmt: skip
    context = {
        "years": years,
        "year": year,
        "tables": tables,
        "chart": chart,
        "programmes": [(code, labels.get(code, code)) for code in programmes],
        "mapped": mapped,
        "sexes": [_("Women"), _("Men"), _("Total")],
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "refresh": last_done(),
        "suppression_note": SUPPRESSION_NOTE,
    }
    return render(request, "insights/open_data.html", context)


def _chosen_year(text: str | None, years: list[int]) -> int | None:
    if text and text.isascii() and text.isdigit() and int(text) in years:
        return int(text)
    return years[0] if years else None


def _map(*, programme_label: str, year: int | None, counts: dict, regions: dict[str, Region], language: str) -> Chart:
    title = _("Beneficiaries of %(programme)s in %(year)s, per region") % {
        "programme": programme_label,
        "year": year,
    }
    return region_map(
        chart_id="open-data-map",
        title=title,
        description=_("Schematic map of the 12 regions, each shaded by its number of distinct beneficiaries."),
        names={code: _region_name(code, regions, language) for code in regions},
        values={code: counts.get((code, ALL_SEXES)) for code in regions},
        region_heading=_("Region"),
        value_heading=_("Distinct beneficiaries"),
    )
