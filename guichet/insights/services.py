"""Writes of the dashboards: asking for a refresh (audited, run by the worker) and loading population figures."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.accounts import permissions as roles
from guichet.accounts.models import User
from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_record
from guichet.common.exceptions import NotAllowed, ValidationError
from guichet.common.l10n import format_datetime
from guichet.territory.models import Commune, Province, Region
from guichet.territory.services import ImportResult, Problem, Source, _read_table

from . import tasks
from .models import Level, Population, RollupRefresh
from .refresh import figures_changed

ACTIVE = (RollupRefresh.Status.QUEUED, RollupRefresh.Status.RUNNING)
ABANDONED_AFTER = datetime.timedelta(hours=2)  # a full rebuild takes minutes
NATION_CODE = "MA"
POPULATION_COLUMNS = ("territory_code", "year", "population")


def may_refresh(user) -> bool:
    """Refreshing the dashboards on demand is the administrators' (it loads the database for minutes)."""
    return roles.is_administrator(user)


def refresh_create(*, kind: str, requested_by: User | None = None, ip_address: str | None = None) -> RollupRefresh:
    """A queued refresh, refused while another waits or runs; audited (requested_by None: the nightly command).

    One asked for more than ABANDONED_AFTER ago and still not done lost its worker: it is marked failed."""
    now = timezone.now()
    RollupRefresh.objects.filter(status__in=ACTIVE, requested_at__lt=now - ABANDONED_AFTER).update(
        status=RollupRefresh.Status.FAILED, finished_at=now, error=_("Abandoned: the worker stopped before the end.")
    )
    busy = RollupRefresh.objects.select_for_update().filter(status__in=ACTIVE).first()
    if busy is not None:
        raise ValidationError(
            _("A refresh of the dashboards is already waiting or running (asked at %(time)s): wait for it to end.")
            % {"time": format_datetime(busy.requested_at)},
            code="busy",
        )
    refresh = RollupRefresh.objects.create(kind=kind, requested_by=requested_by)
    audit_record(
        actor=requested_by,
        action=AuditEntry.Action.CREATE,
        obj=refresh,
        changes={"kind": [None, kind]},
        ip_address=ip_address,
    )
    return refresh


@transaction.atomic
def refresh_request(*, actor: User, kind: str, ip_address: str | None = None) -> RollupRefresh:
    """An administrator's refresh, queued for the worker, which starts it once this transaction commits."""
    if not may_refresh(actor):
        raise NotAllowed
    if kind not in RollupRefresh.Kind.values:
        raise ValidationError(_("Choose a full rebuild or a refresh of what changed."))
    refresh = refresh_create(kind=kind, requested_by=actor, ip_address=ip_address)
    transaction.on_commit(lambda: tasks.refresh_run.enqueue(refresh.pk), robust=True)
    return refresh


# --- population ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Place:
    level: str
    pk: int


def _places() -> dict[str, _Place]:
    places = {NATION_CODE: _Place(Level.NATION, 0)}
    for model, level in ((Region, Level.REGION), (Province, Level.PROVINCE), (Commune, Level.COMMUNE)):
        places.update({code: _Place(level, pk) for pk, code in model.objects.values_list("pk", "code")})
    return places


def _whole(text: str, low: int, high: int) -> int | None:
    return int(text) if text.isdigit() and low <= int(text) <= high else None


def population_load(*, source: Source, origin: str = "", write: bool = True) -> ImportResult:
    """Check every row of a population CSV (territory_code, year, population), then write them all or none.

    territory_code is MA for the nation, or the code of a region, province or commune."""
    result = ImportResult()
    rows = _read_table(source, POPULATION_COLUMNS, result)
    places = _places()
    checked: dict[tuple[str, int, int], int] = {}
    for row in rows:
        code, year_text, count_text = (row.values[name] for name in POPULATION_COLUMNS)
        place = places.get(code.upper())
        year = _whole(year_text, 1900, 2100)
        count = _whole(count_text.replace(" ", ""), 0, 2_000_000_000)
        if place is None:
            message = _("Line %(line)s: no region, province or commune has the code “%(code)s”.")
            result.errors.append(Problem(message % {"line": row.line, "code": code}, row.line))
        if year is None:
            message = _("Line %(line)s: the year “%(year)s” is not a year between 1900 and 2100.")
            result.errors.append(Problem(message % {"line": row.line, "year": year_text}, row.line))
        if count is None:
            message = _("Line %(line)s: the population “%(population)s” is not a whole number of inhabitants.")
            result.errors.append(Problem(message % {"line": row.line, "population": count_text}, row.line))
        if place is None or year is None or count is None:
            continue
        key = (place.level, place.pk, year)
        if key in checked:
            message = _("Line %(line)s: %(code)s in %(year)s is already given on an earlier line.")
            result.errors.append(Problem(message % {"line": row.line, "code": code, "year": year}, row.line))
        checked[key] = count
    result.rows = len(rows)
    if not rows and not result.errors:
        result.errors.append(Problem(_("The file holds no population figure.")))
    if result.errors or not write:
        return result
    with transaction.atomic():
        for (level, pk, year), count in checked.items():
            _obj, created = Population.objects.update_or_create(
                level=level, territory_id=pk, year=year, defaults={"population": count, "source": origin[:200]}
            )
            result.created += int(created)
            result.updated += int(not created)
    figures_changed()
    result.written = True
    return result
