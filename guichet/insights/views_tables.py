"""The dashboard's tables and charts by name: the page shows them, the export view downloads one of them whole."""

from collections.abc import Callable

from django.http import Http404
from django.utils.translation import gettext as _

from guichet.accounts.models import User

from . import selectors, views_charts
from . import selectors_tables as tables
from .charts import Chart
from .exports import ExportTable, TableLike
from .models import Level
from .selectors import Place
from .selectors_tables import LISTED, Table

BY = ("course", "cohort", "region")  # the training tables, in the page's order


def headline_table(headline: selectors.Headline) -> Table:
    """The headline figures as a table: the year, the year before and the change in percent."""
    figures = [
        (_("Distinct beneficiaries"), headline.beneficiaries),
        (_("Beneficiaries per 1,000 inhabitants"), headline.coverage),
        (_("Requests filed"), headline.filed),
        (_("Requests delivered"), headline.delivered),
        (_("Requests rejected"), headline.rejected),
        (_("Requests still pending"), headline.pending),
        (_("Decided within the due time (%)"), headline.in_time),
        (_("Median working days to a decision"), headline.median_days),
    ]
    return Table(
        name="headline",
        title=_("Headline figures"),
        columns=[_("Figure"), str(headline.year), str(headline.year - 1), _("Change from the year before (%)")],
        rows=[(str(label), f.value, f.previous, f.change) for label, f in figures],
    )


def page_tables(*, viewer: User, place: Place, year: int, limit: int | None = LISTED) -> dict[str, Table]:
    """Every table of the page, by name, in the page's order (each selector checks the scope)."""
    found: list[Table] = [
        tables.territory_table(viewer=viewer, place=place, year=year, limit=limit),
        *tables.beneficiary_tables(viewer=viewer, place=place, year=year),
        *tables.service_level_tables(viewer=viewer, place=place, year=year, limit=limit),
        tables.referral_table(viewer=viewer, place=place, year=year),
        tables.window_table(viewer=viewer, place=place),
        tables.window_openings_table(viewer=viewer, place=place),
        *(tables.training_table(viewer=viewer, place=place, year=year, by=by, limit=limit) for by in BY),
        tables.schooling_table(viewer=viewer, place=place, year=year),
    ]
    return {table.name: table for table in found}


def page_charts(
    *, viewer: User, place: Place, year: int, found: dict[str, Table], map_figure: str | None
) -> dict[str, Chart]:
    """The charts of the page, by id: the map for the nation only, the bars when there are territories below."""
    drawn: list[Chart | None] = [
        views_charts.territory_bars(found["beneficiaries-by-territory"], place=place, year=year),
        views_charts.programme_stacks(viewer=viewer, place=place, year=year),
        views_charts.openings_line(found["windows-opened"], place=place, year=year),
    ]
    if place.level == Level.NATION and map_figure:
        names = {child.code: child.name for child in selectors.children(place)}
        drawn.append(views_charts.region_map(viewer=viewer, year=year, figure=map_figure, names=names))
    return {chart.id: chart for chart in drawn if chart is not None}


def chart_table(chart: Chart) -> ExportTable:
    """A chart's figures as a table to download (its raw numbers, not the page's formatted ones)."""
    return ExportTable(name=chart.id, title=chart.title, columns=chart.columns, rows=chart.rows)


def exportable(*, viewer: User, place: Place, year: int, name: str, map_figure: str | None) -> TableLike:
    """One table or chart of the page, whole (no row cut), or 404 for a name the page does not show."""
    builders: dict[str, Callable[[], TableLike]] = {
        "headline": lambda: headline_table(selectors.headline(viewer=viewer, place=place, year=year)),
    }
    if name in builders:
        return builders[name]()
    found = page_tables(viewer=viewer, place=place, year=year, limit=None)
    if name in found:
        return found[name]
    if name.startswith("chart-"):
        drawn = page_charts(viewer=viewer, place=place, year=year, found=found, map_figure=map_figure)
        if name in drawn:
            return chart_table(drawn[name])
    raise Http404
