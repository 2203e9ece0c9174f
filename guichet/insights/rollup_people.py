"""Distinct beneficiaries per year: who was served (following merges to the survivor), their attributes, the cells.

Written in plain SQL that SQLite and PostgreSQL both run (INSERT … SELECT, UNION, CASE, EXISTS), so that a full
rebuild over hundreds of thousands of persons never brings a row into Python. The statements are put together
only from our own table names and constants, and the one value from outside (a year) is an int: no user text
ever reaches them (hence S608 off here).
"""

# ruff: noqa: S608

import datetime
from collections.abc import Iterable

from django.db import connection

from guichet.associations.models import Decision, SchoolingApplication, SupportedChild
from guichet.cases.models import Request, Status
from guichet.network.models import Service
from guichet.registry.models import DisabilityRecord, Person
from guichet.training.models import Enrollment

from .models import Activity, Beneficiary, Cell, CellDelta, DirtyPerson, DisabledPerson, Level, Programme, Survivor

BATCH = 5000


def _t(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _year(column: str) -> str:
    """The year of a date column, as an integer."""
    if connection.vendor == "sqlite":
        return f"CAST(strftime('%%Y', {column}) AS INTEGER)"
    return f"CAST(EXTRACT(YEAR FROM {column}) AS INTEGER)"


def _execute(sql: str, params: Iterable = ()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.rowcount


# --- who a merged file now is --------------------------------------------------------------------------------


def survivors_now() -> dict[int, int]:
    """Every merged file and the file it finally lives on (a chain A → B → C gives A: C and B: C)."""
    merged = dict(Person.objects.filter(merged_into__isnull=False).values_list("pk", "merged_into_id"))
    final: dict[int, int] = {}
    for start in merged:
        current, seen = start, {start}
        while current in merged and merged[current] not in seen:
            current = merged[current]
            seen.add(current)
        final[start] = current
    return final


def survivors_store(mapping: dict[int, int]) -> set[int]:
    """Replace the stored mapping; the files whose survivor changed, and their old and new survivors."""
    before = dict(Survivor.objects.values_list("person_id", "survivor_id"))
    changed: set[int] = set()
    for person in before.keys() | mapping.keys():
        if before.get(person) != mapping.get(person):
            changed.update(x for x in (person, before.get(person), mapping.get(person)) if x is not None)
    Survivor.objects.filter(person_id__in=[p for p in before if before[p] != mapping.get(p)]).delete()
    Survivor.objects.bulk_create(
        [Survivor(person_id=p, survivor_id=s) for p, s in mapping.items() if before.get(p) != s], batch_size=BATCH
    )
    return changed


def disabled_store(mapping: dict[int, int]) -> set[int]:
    """Replace the stored set of survivors with a disability record; those who entered or left it."""
    now = {mapping.get(p, p) for p in DisabilityRecord.objects.values_list("person_id", flat=True)}
    before = set(DisabledPerson.objects.values_list("person_id", flat=True))
    gone, new = before - now, now - before
    for chunk in _chunks(sorted(gone)):
        DisabledPerson.objects.filter(person_id__in=chunk).delete()
    DisabledPerson.objects.bulk_create([DisabledPerson(person_id=p) for p in sorted(new)], batch_size=BATCH)
    return gone | new


def _chunks(values: list[int], size: int = 900) -> Iterable[list[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def changed_persons(since: datetime.datetime, mapping: dict[int, int]) -> set[int]:
    """The survivors whose file, delivered requests, completed trainings or supported schooling changed since."""
    raw: set[int] = set(Person.objects.filter(updated_at__gte=since).values_list("pk", flat=True))
    raw.update(Request.objects.filter(updated_at__gte=since).values_list("person_id", flat=True))
    raw.update(Enrollment.objects.filter(updated_at__gte=since).values_list("person_id", flat=True))
    raw.update(SupportedChild.objects.filter(updated_at__gte=since).values_list("person_id", flat=True))
    decided = SchoolingApplication.objects.filter(updated_at__gte=since).values("pk")
    raw.update(SupportedChild.objects.filter(application__in=decided).values_list("person_id", flat=True))
    return {mapping.get(p, p) for p in raw}


# --- the per-person rows -------------------------------------------------------------------------------------


SOURCES = "insights_sources"


def _sources_store() -> None:
    """A temporary table of the files whose rows are read again: the dirty survivors and every file merged into
    them. Joined first, it lets the database fetch their requests through the person index, not scan them all."""
    dirty, survivor = _t(DirtyPerson), _t(Survivor)
    _execute(f"DROP TABLE IF EXISTS {SOURCES}")
    _execute(
        f"CREATE TEMPORARY TABLE {SOURCES} AS SELECT person_id FROM {dirty} UNION "
        f"SELECT s.person_id FROM {survivor} s JOIN {dirty} d ON d.person_id = s.survivor_id"
    )
    _execute(f"ANALYZE {SOURCES}")


def activities_insert(*, only_dirty: bool) -> None:
    survivor = _t(Survivor)
    who = "COALESCE(s.survivor_id, {src}.person_id)"
    join = "LEFT JOIN " + survivor + " s ON s.person_id = {src}.person_id"
    if only_dirty:
        join = "JOIN " + SOURCES + " src ON src.person_id = {src}.person_id " + join
    school_year = "CAST(SUBSTR(ap.school_year, 1, 4) AS INTEGER)"
    supported = "('" + "', '".join([Decision.APPROVED, Decision.PARTLY]) + "')"
    parts = [
        f"SELECT {_year('r.delivered_on')}, {who.format(src='r')}, '{Programme.SERVICES}', sv.category "
        f"FROM {_t(Request)} r JOIN {_t(Service)} sv ON sv.id = r.service_id {join.format(src='r')} "
        f"WHERE r.status = '{Status.DELIVERED}'",
        f"SELECT {_year('e.completed_on')}, {who.format(src='e')}, '{Programme.TRAINING}', '' "
        f"FROM {_t(Enrollment)} e {join.format(src='e')} "
        f"WHERE e.status = '{Enrollment.Status.COMPLETED}'",
    ]
    for offset in (0, 1):  # a school year 2025-2026 supports the child in both calendar years
        parts.append(
            f"SELECT {school_year} + {offset}, {who.format(src='c')}, '{Programme.SCHOOLING}', '' "
            f"FROM {_t(SupportedChild)} c JOIN {_t(SchoolingApplication)} ap ON ap.id = c.application_id "
            f"{join.format(src='c')} WHERE c.decision IN {supported}"
        )
    _execute(
        f"INSERT INTO {_t(Activity)} (year, person_id, programme, category) " + " UNION ".join(parts),
    )


def _age_band(year: str, birth: str) -> str:
    age = f"({year} - {_year(birth)})"
    return (
        f"CASE WHEN {age} < 18 THEN '0-17' WHEN {age} < 30 THEN '18-29' WHEN {age} < 45 THEN '30-44' "
        f"WHEN {age} < 60 THEN '45-59' ELSE '60+' END"
    )


def beneficiaries_insert(*, only_dirty: bool) -> None:
    activities = f"{_t(Activity)} ac"
    if only_dirty:  # the dirty persons first, their activities through the (person, …) index
        activities = f"{_t(DirtyPerson)} dp JOIN {_t(Activity)} ac ON ac.person_id = dp.person_id"
    _execute(
        f"INSERT INTO {_t(Beneficiary)} "
        "(year, person_id, sex, age_band, disability, region_id, province_id, commune_id) "
        f"SELECT a.year, a.person_id, p.sex, {_age_band('a.year', 'p.birth_date')}, "
        f"EXISTS (SELECT 1 FROM {_t(DisabledPerson)} d WHERE d.person_id = a.person_id), "
        "p.region_id, p.province_id, p.commune_id "
        f"FROM (SELECT DISTINCT ac.year, ac.person_id FROM {activities}) a "
        f"JOIN {_t(Person)} p ON p.id = a.person_id"
    )


def dirty_store(persons: set[int]) -> None:
    DirtyPerson.objects.all().delete()
    DirtyPerson.objects.bulk_create([DirtyPerson(person_id=p) for p in sorted(persons)], batch_size=BATCH)
    _execute(f"ANALYZE {_t(DirtyPerson)}")  # a work list of 10 or 100,000 rows: the planner must know which


def persons_replace() -> None:
    """Recompute the rows of the dirty survivors only."""
    dirty = DirtyPerson.objects.values("person_id")
    Activity.objects.filter(person_id__in=dirty).delete()
    Beneficiary.objects.filter(person_id__in=dirty).delete()
    _sources_store()
    activities_insert(only_dirty=True)
    beneficiaries_insert(only_dirty=True)
    _execute(f"DROP TABLE {SOURCES}")


def persons_rebuild() -> None:
    Activity.objects.all().delete()
    Beneficiary.objects.all().delete()
    activities_insert(only_dirty=False)
    beneficiaries_insert(only_dirty=False)
    for model in (Activity, Beneficiary):  # fresh statistics, so that the incremental refreshes plan well
        _execute(f"ANALYZE {_t(model)}")


# --- the cells -------------------------------------------------------------------------------------------------

LEVEL_COLUMNS: tuple[tuple[str, str | None], ...] = (
    (Level.NATION, None),
    (Level.REGION, "region_id"),
    (Level.PROVINCE, "province_id"),
    (Level.COMMUNE, "commune_id"),
)

PERSON_DIMENSIONS = (
    ("total", None),
    ("sex", "b.sex"),
    ("age_band", "b.age_band"),
    ("disability", "CASE WHEN b.disability THEN 'yes' ELSE 'no' END"),
)
ACTIVITY_DIMENSIONS = (
    ("programme", "a.programme", ""),
    ("category", "a.category", f" AND a.programme = '{Programme.SERVICES}'"),
    ("programme_sex", "a.programme || '|' || b.sex", ""),
)


def _cell_counts(where: str, sign: str = "", beneficiaries: str = "", activities: str = "") -> list[str]:
    """SELECTs of (year, level, territory_id, dimension, value, count) for every level and dimension, over the
    per-person rows `where` keeps (a condition on b, the Beneficiary row), read from the roll-up tables or from
    copies of some of their rows."""
    beneficiaries, activities = beneficiaries or _t(Beneficiary), activities or _t(Activity)
    selects = []
    for level, column in LEVEL_COLUMNS:
        territory = f"b.{column}" if column else "0"
        grouped = ["b.year"] + ([territory] if column else [])
        for dimension, value in PERSON_DIMENSIONS:
            group = ", ".join(grouped + ([value] if value else []))
            shown = value or "''"
            selects.append(
                f"SELECT b.year, '{level}', {territory}, '{dimension}', {shown}, {sign}COUNT(*) "
                f"FROM {beneficiaries} b WHERE {where} GROUP BY {group}"
            )
        for dimension, value, condition in ACTIVITY_DIMENSIONS:
            group = ", ".join([*grouped, value])
            selects.append(
                f"SELECT b.year, '{level}', {territory}, '{dimension}', {value}, {sign}COUNT(DISTINCT a.person_id) "
                f"FROM {activities} a JOIN {beneficiaries} b ON b.person_id = a.person_id AND b.year = a.year "
                f"WHERE {where}{condition} GROUP BY {group}"
            )
    return selects


COLUMNS = "year, level, territory_id, dimension, value, count"


def cells_rebuild() -> None:
    """Recount every cell from the per-person rows."""
    Cell.objects.all().delete()
    for select in _cell_counts("1 = 1"):
        _execute(f"INSERT INTO {_t(Cell)} ({COLUMNS}) {select}")


def cells_delta_record(*, sign: str) -> None:
    """What the dirty persons count in each cell, with `sign` ("-" before their rows are replaced, "" after).

    Their rows are copied once into temporary tables, which the 28 counts then read: each count over the whole
    roll-up, even filtered, would scan it."""
    dirty = f"SELECT person_id FROM {_t(DirtyPerson)}"
    copies = {"insights_dirty_b": Beneficiary, "insights_dirty_a": Activity}
    for name, model in copies.items():
        _execute(f"DROP TABLE IF EXISTS {name}")
        _execute(f"CREATE TEMPORARY TABLE {name} AS SELECT * FROM {_t(model)} WHERE person_id IN ({dirty})")
    for select in _cell_counts("1 = 1", sign, *copies):
        _execute(f"INSERT INTO {_t(CellDelta)} ({COLUMNS}) {select}")
    for name in copies:
        _execute(f"DROP TABLE {name}")


def cells_delta_apply() -> set[int]:
    """Add the recorded changes to the cells: exact, since persons are counted apart (each is one survivor).
    The years whose cells changed."""
    cell, delta = _t(Cell), _t(CellDelta)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT year FROM (SELECT year, level, territory_id, dimension, value FROM {delta} "
            "GROUP BY year, level, territory_id, dimension, value HAVING SUM(count) <> 0) changed"
        )
        years = {row[0] for row in cursor.fetchall()}
    same = " AND ".join(f"d.{name} = {cell}.{name}" for name in ("year", "level", "territory_id", "dimension", "value"))
    _execute(
        f"UPDATE {cell} SET count = count + (SELECT SUM(d.count) FROM {delta} d WHERE {same}) "
        f"WHERE EXISTS (SELECT 1 FROM {delta} d WHERE {same})"
    )
    key = "d.year, d.level, d.territory_id, d.dimension, d.value"
    found = " AND ".join(f"c.{name} = d.{name}" for name in ("year", "level", "territory_id", "dimension", "value"))
    _execute(
        f"INSERT INTO {cell} ({COLUMNS}) SELECT {key}, SUM(d.count) FROM {delta} d "
        f"WHERE NOT EXISTS (SELECT 1 FROM {cell} c WHERE {found}) GROUP BY {key} HAVING SUM(d.count) <> 0"
    )
    Cell.objects.filter(count=0).delete()
    CellDelta.objects.all().delete()
    return years


def dirty_years_all() -> set[int]:
    return set(Beneficiary.objects.values_list("year", flat=True).distinct().order_by())
