"""The dashboard's four charts, drawn from the same figures as its tables (charts.py draws, this chooses what)."""

from django.utils.dates import MONTHS_AP
from django.utils.translation import gettext as _

from guichet.accounts.models import User
from guichet.registry.models import Sex

from . import charts, selectors_charts
from .models import Level, Programme
from .selectors import Place
from .selectors_tables import Table


def map_choices() -> list[tuple[str, str]]:
    """The figures the map can be shaded by, in the reader's language."""
    labels = {
        "beneficiaries": _("Distinct beneficiaries"),
        "coverage": _("Beneficiaries per 1,000 inhabitants"),
        "filed": _("Requests filed"),
        "windows": _("Windows open now"),
    }
    return [(key, labels[key]) for key in selectors_charts.REGION_FIGURES]


def territory_bars(territories: Table, *, place: Place, year: int) -> charts.Chart | None:
    """Distinct beneficiaries of the year in each territory one level down (the rows of the territory table)."""
    if not territories.rows:
        return None
    below = {Level.NATION.value: _("Region"), Level.REGION.value: _("Province")}.get(place.level, _("Commune"))
    return charts.bar_chart(
        chart_id="chart-territories",
        title=_("Distinct beneficiaries in %(year)s by %(level)s") % {"year": year, "level": below.lower()},
        description=_("Bars: distinct beneficiaries of %(place)s in %(year)s, one per %(level)s.")
        % {"place": place.name, "year": year, "level": below.lower()},
        items=[(str(row[0]), row[1]) for row in territories.rows],
        label_heading=below,
        value_heading=_("Distinct beneficiaries"),
    )


def openings_line(openings: Table, *, place: Place, year: int) -> charts.Chart:
    """Windows opened in each month of the year, fixed and mobile (the rows of the openings table)."""
    per_month = {row[0]: row[1:] for row in openings.rows if str(row[0]).startswith(f"{year}-")}
    months = [f"{year}-{month:02d}" for month in range(1, 13)]
    fixed = [per_month.get(month, (0, 0))[0] for month in months]
    mobile = [per_month.get(month, (0, 0))[1] for month in months]
    return charts.line_chart(
        chart_id="chart-openings",
        title=_("Windows opened per month in %(year)s") % {"year": year},
        description=_("Lines: fixed and mobile windows opened in %(place)s in each month of %(year)s.")
        % {"place": place.name, "year": year},
        labels=[str(MONTHS_AP[month]) for month in range(1, 13)],  # "juin", "juil.": never two alike
        series=[charts.Series(_("Fixed"), fixed), charts.Series(_("Mobile"), mobile)],
        label_heading=_("Month"),
    )


def programme_stacks(*, viewer: User, place: Place, year: int) -> charts.Chart:
    """Distinct beneficiaries of each programme, women and men."""
    counts = selectors_charts.beneficiaries_by_programme_and_sex(viewer=viewer, place=place, year=year)
    return charts.stacked_bar_chart(
        chart_id="chart-programmes",
        title=_("Distinct beneficiaries in %(year)s by programme and sex") % {"year": year},
        description=_("Stacked bars: women and men served by each programme in %(place)s in %(year)s.")
        % {"place": place.name, "year": year},
        categories=[str(label) for label in Programme.labels],
        series=[
            charts.Series(str(label), [counts.get((programme, sex), 0) for programme in Programme.values])
            for sex, label in Sex.choices
        ],
        label_heading=_("Programme"),
        total_heading=_("Total"),
    )


def region_map(*, viewer: User, year: int, figure: str, names: dict[str, str]) -> charts.Chart:
    """The 12 regions shaded by the chosen figure (the nation's view only: the selector refuses the others)."""
    values = selectors_charts.region_figures(viewer=viewer, figure=figure, year=year)
    label = dict(map_choices())[figure]
    return charts.region_map(
        chart_id="chart-map",
        title=_("%(figure)s by region, %(year)s") % {"figure": label, "year": year},
        description=_("Schematic map of the 12 regions, each shaded by its figure, printed in its tile."),
        names=names,
        values=values,  # type: ignore[arg-type]
        region_heading=_("Region"),
        value_heading=label,
    )
