"""The dashboards' breakdown tables, each a Table of plain values (the page shows it, the exports write it).

Every function takes the viewer and a Place from selectors.place_resolve and checks the scope again.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from guichet.accounts.models import User
from guichet.common.choices import CentreKind
from guichet.common.exceptions import NotAllowed
from guichet.network.models import Centre, Service, Window
from guichet.registry.models import Sex
from guichet.territory.models import Province, Region
from guichet.training.models import Cohort, Course

from .models import (
    AGE_BANDS,
    Cell,
    Level,
    OverdueStat,
    Programme,
    ReferralStat,
    RequestStat,
    SchoolingStat,
    TrainingStat,
    WindowStat,
)
from .selectors import STAT_FIELDS, Place, _covers, _scope, children, figures_of, per_thousand, percent, populations

LISTED = 25  # rows of the longest tables shown on the page; the exports carry them all


@dataclass(frozen=True)
class Table:
    """A titled table of aggregates: columns, then rows of plain values (str, int, Decimal or None)."""

    name: str  # stable, for the file name of an export and the page's anchors
    title: str | Promise
    columns: list[str | Promise]
    rows: list[tuple[Any, ...]]
    total: int = 0  # rows before LISTED cut them on the page (0: not cut)
    note: str | Promise = ""
    links: list[str] = field(default_factory=list)  # territory codes of the rows, when a row is a territory


def _check(viewer: User, place: Place) -> None:
    if not _covers(_scope(viewer), place):
        raise NotAllowed


# --- distinct beneficiaries -------------------------------------------------------------------------------------

DIMENSIONS: dict[str, tuple[str | Promise, dict[str, Any]]] = {
    "programme": (_("Programme"), dict(Programme.choices)),
    "category": (_("Service category"), dict(Service.Category.choices)),
    "sex": (_("Sex"), dict(Sex.choices)),
    "age_band": (_("Age on 31 December"), {band: band for band in AGE_BANDS}),
    "disability": (_("Disability"), {"yes": _("with a disability"), "no": _("without a disability")}),
}


def _cells(place: Place, year: int, dimension: str) -> dict[str, int]:
    rows = Cell.objects.filter(year=year, level=place.level, territory_id=place.pk, dimension=dimension)
    return dict(rows.values_list("value", "count"))


def beneficiary_tables(*, viewer: User, place: Place, year: int) -> list[Table]:
    """Distinct beneficiaries by programme, category, sex, age band and disability, this year and the year before."""
    _check(viewer, place)
    tables = []
    for dimension, (label, values) in DIMENSIONS.items():
        now, before = _cells(place, year, dimension), _cells(place, year - 1, dimension)
        rows = [(str(name), now.get(value, 0), before.get(value, 0)) for value, name in values.items()]
        tables.append(
            Table(
                name=f"beneficiaries-by-{dimension.replace('_', '-')}",
                title=_("Distinct beneficiaries by %(what)s") % {"what": str(label).lower()},
                columns=[label, str(year), str(year - 1)],
                rows=rows,
                note=_("A person served by several programmes or categories is counted in each of them, once.")
                if dimension in ("programme", "category")
                else "",
            )
        )
    return tables


def territory_table(*, viewer: User, place: Place, year: int, limit: int | None = LISTED) -> Table:
    """Distinct beneficiaries and coverage per 1,000 inhabitants in each territory one level down."""
    _check(viewer, place)
    below = children(place)
    level = below[0].level if below else Level.COMMUNE
    counts = dict(
        Cell.objects.filter(
            year=year, level=level, dimension="total", territory_id__in=[p.pk for p in below]
        ).values_list("territory_id", "count")
    )
    previous = dict(
        Cell.objects.filter(
            year=year - 1, level=level, dimension="total", territory_id__in=[p.pk for p in below]
        ).values_list("territory_id", "count")
    )
    people = populations(level, [p.pk for p in below], year)
    rows = [
        (p.name, counts.get(p.pk, 0), previous.get(p.pk, 0), per_thousand(counts.get(p.pk, 0), people.get(p.pk)))
        for p in below
    ]
    if place.level == Level.PROVINCE:  # communes: only those with beneficiaries, most first
        kept = sorted((row, p.code) for row, p in zip(rows, below, strict=True) if row[1] or row[2])
        kept.sort(key=lambda item: -item[0][1])
        rows, codes = [row for row, _code in kept], [code for _row, code in kept]
    else:
        codes = [p.code for p in below]
    cut = limit is not None and len(rows) > limit
    return Table(
        name="beneficiaries-by-territory",
        title=_("Distinct beneficiaries by territory"),
        columns=[_("Territory"), str(year), str(year - 1), _("per 1,000 inhabitants")],
        rows=rows[:limit] if cut else rows,
        total=len(rows) if cut else 0,
        links=codes[:limit] if cut else codes,
    )


# --- requests -------------------------------------------------------------------------------------------------------

GROUPS = {
    "centre": (_("Requests per centre"), _("Centre"), "centre_id"),
    "service": (_("Requests per service"), _("Service"), "service_id"),
    "window": (_("Requests per window"), _("Window"), "window_id"),
}


def _names(group: str, keys: set) -> dict[Any, str]:
    """Every key's name; "?" for one gone from the network since the refresh."""
    names: dict[Any, str]
    if group == "centre":
        names = {c.pk: c.display_name for c in Centre.objects.filter(pk__in=keys)}
    elif group == "service":
        names = {s.pk: s.name for s in Service.objects.filter(pk__in=keys)}
    else:
        names = {w.pk: w.display_name for w in Window.objects.filter(pk__in=keys - {None})}
        names[None] = str(_("online"))
    return {key: names.get(key, "?") for key in keys}


COLUMNS = ("centre_id", "service_id", "window_id")


def service_level_tables(
    *, viewer: User, place: Place, year: int, groups: tuple[str, ...] = tuple(GROUPS), limit: int | None = LISTED
) -> list[Table]:
    """Requests filed in the year per centre, service and window (read in one pass): outcomes, share decided in
    time, median working days to a decision, late now."""
    _check(viewer, place)
    rows = list(RequestStat.objects.filter(place.rows(), year=year).values_list(*COLUMNS, *STAT_FIELDS, "delays"))
    overdue = list(OverdueStat.objects.filter(place.rows()).values_list(*COLUMNS, "overdue"))
    return [_service_level_table(group, rows, overdue, limit) for group in groups]


def service_level_table(*, viewer: User, place: Place, year: int, group: str, limit: int | None = LISTED) -> Table:
    return service_level_tables(viewer=viewer, place=place, year=year, groups=(group,), limit=limit)[0]


def _service_level_table(group: str, rows: list[tuple], overdue: list[tuple], limit: int | None) -> Table:
    title, label, column = GROUPS[group]
    at = COLUMNS.index(column)
    grouped: dict[Any, list[tuple]] = defaultdict(list)
    for row in rows:
        grouped[row[at]].append(row[len(COLUMNS) :])
    late: dict[Any, int] = defaultdict(int)
    for row in overdue:
        late[row[at]] += row[-1]
    figures = {key: figures_of(stats) for key, stats in grouped.items()}
    names = _names(group, set(figures) | set(late))
    keys = sorted(set(figures) | set(late), key=lambda key: (-figures[key].filed if key in figures else 0, names[key]))
    table = []
    for key in keys:
        f = figures.get(key) or figures_of([])
        table.append(
            (names.get(key, "?"), f.filed, f.delivered, f.rejected, f.pending, f.in_time, f.median_days, late[key])
        )
    cut = limit is not None and len(table) > limit
    return Table(
        name=f"requests-by-{group}",
        title=title,
        columns=[
            label,
            _("Filed"),
            _("Delivered"),
            _("Rejected"),
            _("Pending"),
            _("Decided within the due time (%)"),
            _("Median working days to a decision"),
            _("Late now"),
        ],
        rows=table[:limit] if cut else table,
        total=len(table) if cut else 0,
    )


def referral_table(*, viewer: User, place: Place, year: int) -> Table:
    """Referrals sent in the year between types of centre (counted where the sending centre is)."""
    _check(viewer, place)
    kinds = dict(CentreKind.choices)
    rows = (
        ReferralStat.objects.filter(place.rows(), year=year)
        .values_list("from_kind", "to_kind")
        .annotate(sent=Sum("sent"), accepted=Sum("accepted"), declined=Sum("declined"))
        .order_by("from_kind", "to_kind")
    )
    return Table(
        name="referrals",
        title=_("Referrals between types of centre"),
        columns=[_("From"), _("To"), _("Sent"), _("Accepted"), _("Declined")],
        rows=[(str(kinds.get(a, a)), str(kinds.get(b, b)), s, ok, no) for a, b, s, ok, no in rows],
    )


# --- windows, training, schooling --------------------------------------------------------------------------------


def window_table(*, viewer: User, place: Place) -> Table:
    """Open windows now, fixed and mobile, per territory one level down."""
    _check(viewer, place)
    below = children(place) or [place]
    column = f"{below[0].level}_id"
    counts: dict[tuple[int, str], int] = {
        (territory, kind): n
        for territory, kind, n in WindowStat.objects.filter(place.rows(), month__isnull=True)
        .values_list(column, "kind")
        .annotate(n=Sum("open_now"))
        .order_by()
    }
    rows = []
    for p in below:
        fixed, mobile = counts.get((p.pk, Window.Kind.FIXED), 0), counts.get((p.pk, Window.Kind.MOBILE), 0)
        if fixed or mobile or place.level != Level.PROVINCE:
            rows.append((p.name, fixed, mobile, fixed + mobile))
    return Table(
        name="windows-open",
        title=_("Windows open now"),
        columns=[_("Territory"), _("Fixed"), _("Mobile"), _("All")],
        rows=rows,
    )


def window_openings_table(*, viewer: User, place: Place) -> Table:
    """Windows opened per month, fixed and mobile."""
    _check(viewer, place)
    rows = (
        WindowStat.objects.filter(place.rows(), month__isnull=False)
        .values_list("month", "kind")
        .annotate(n=Sum("opened"))
        .order_by("month")
    )
    per_month: dict[Any, dict[str, int]] = defaultdict(dict)
    for month, kind, n in rows:
        per_month[month][kind] = n
    return Table(
        name="windows-opened",
        title=_("Windows opened per month"),
        columns=[_("Month"), _("Fixed"), _("Mobile")],
        rows=[
            (f"{month.year:04d}-{month.month:02d}", kinds.get(Window.Kind.FIXED, 0), kinds.get(Window.Kind.MOBILE, 0))
            for month, kinds in per_month.items()
        ],
    )


def _training_rows(place: Place) -> Q:
    if place.level == Level.COMMUNE:  # cohorts are placed in provinces and regions only
        return Q(province_id=place.province_id)
    return place.rows()


def training_table(*, viewer: User, place: Place, year: int, by: str = "course", limit: int | None = LISTED) -> Table:
    """Enrolled (given a place), active, completed and completion rate of cohorts starting in the year."""
    _check(viewer, place)
    column = {"course": "course_id", "cohort": "cohort_id", "region": "region_id"}[by]
    rows = (
        TrainingStat.objects.filter(_training_rows(place), year=year)
        .values_list(column)
        .annotate(enrolled=Sum("enrolled"), active=Sum("active"), completed=Sum("completed"))
        .order_by()
    )
    keys = [row[0] for row in rows]
    found = {"course": Course.objects, "cohort": Cohort.objects, "region": Region.objects}[by].filter(pk__in=keys)
    if by == "cohort":  # a year may have a thousand cohorts: their names only (in every language), nothing else
        found = found.only("name_fr", "name_ar", "name_en")
    names = {obj.pk: str(obj) for obj in found}
    label = {"course": _("Course"), "cohort": _("Cohort"), "region": _("Region")}[by]
    listed = sorted(
        (
            (names.get(key, str(_("several regions"))), enrolled, active, completed, percent(completed, enrolled))
            for key, enrolled, active, completed in rows
        ),
        key=lambda row: (-row[1], row[0]),
    )
    cut = limit is not None and len(listed) > limit
    return Table(
        name=f"training-by-{by}",
        title={
            "course": _("Training per course"),
            "cohort": _("Training per cohort"),
            "region": _("Training per region"),
        }[by],
        columns=[label, _("Enrolled"), _("Active"), _("Completed"), _("Completion rate (%)")],
        rows=listed[:limit] if cut else listed,
        total=len(listed) if cut else 0,
        note=_("Counted in the province of the cohort.") if place.level == Level.COMMUNE else "",
    )


def schooling_table(*, viewer: User, place: Place, year: int) -> Table:
    """Schooling support of the school year starting in September of the year, per region (or province)."""
    _check(viewer, place)
    column = "region_id" if place.level == Level.NATION else "province_id"
    rows = (
        SchoolingStat.objects.filter(_training_rows(place), year=year)
        .values_list(column)
        .annotate(
            approved=Sum("associations_approved"),
            applications=Sum("applications"),
            children=Sum("children_supported"),
            missing=Sum("reports_missing"),
        )
        .order_by()
    )
    if place.level in (Level.NATION, Level.REGION):
        names = {p.pk: p.name for p in children(place)}
    else:
        names = {province.pk: province.name for province in Province.objects.filter(pk=place.province_id or 0)}
    return Table(
        name="schooling",
        title=_("Schooling support, school year %(year)s-%(next)s") % {"year": year, "next": year + 1},
        columns=[
            _("Territory"),
            _("Associations approved"),
            _("Applications"),
            _("Children supported"),
            _("Term reports missing"),
        ],
        rows=sorted((names.get(key, "?"), *figures) for key, *figures in rows),
    )
