"""Running one refresh of the roll-up tables: a full rebuild, or only what changed since the last refresh.

An incremental refresh recomputes the persons whose file, delivered requests, completed trainings, supported
schooling, merge or disability record changed, the years they are counted in, and the (year, centre) groups of
changed requests; the small roll-ups are rebuilt whole. It gives exactly what a full rebuild gives (tested).
Each step is one transaction, so the dashboard never reads a half-written table.
"""

import datetime
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from guichet.common.refcache import refcache_changed

from . import rollup_people, rollup_programmes, rollup_requests
from .models import RollupRefresh

# The dashboard's figures, read from the rollups, kept for every viewer until the rollups or populations change.
FIGURES = "insights-figures"


def figures_changed() -> None:
    refcache_changed(FIGURES)


logger = logging.getLogger(__name__)


def _margin() -> datetime.timedelta:
    """A row written by a transaction that began before a refresh but committed after its start carries an earlier
    updated_at: the next incremental refresh looks back this far before the start of the last one."""
    return datetime.timedelta(seconds=settings.GUICHET_INSIGHTS_MARGIN_SECONDS)


def last_done() -> RollupRefresh | None:
    return RollupRefresh.objects.filter(status=RollupRefresh.Status.DONE).order_by("-started_at", "-pk").first()


def _small_rollups() -> None:
    rollup_requests.overdue_rebuild()
    rollup_programmes.windows_rebuild()
    rollup_programmes.referrals_rebuild()
    rollup_programmes.training_rebuild()
    rollup_programmes.schooling_rebuild()


def _persons_full(refresh: RollupRefresh) -> None:
    mapping = rollup_people.survivors_now()
    rollup_people.survivors_store(mapping)
    rollup_people.disabled_store(mapping)
    rollup_people.persons_rebuild()
    rollup_people.cells_rebuild()
    refresh.years = sorted(rollup_people.dirty_years_all())


def _persons_changed(refresh: RollupRefresh, since: datetime.datetime) -> None:
    mapping = rollup_people.survivors_now()
    dirty = rollup_people.survivors_store(mapping) | rollup_people.disabled_store(mapping)
    dirty |= rollup_people.changed_persons(since, mapping)
    rollup_people.dirty_store(dirty)
    rollup_people.cells_delta_record(sign="-")
    rollup_people.persons_replace()
    rollup_people.cells_delta_record(sign="")
    years = rollup_people.cells_delta_apply()
    refresh.persons_refreshed = len(dirty)
    refresh.years = sorted(years)


def _steps(refresh: RollupRefresh, since: datetime.datetime | None) -> list[tuple[str, Callable[[], object]]]:
    if since is None:
        return [
            ("beneficiaries", lambda: _persons_full(refresh)),
            ("requests", rollup_requests.requests_rebuild),
            ("programmes", _small_rollups),
        ]
    return [
        ("beneficiaries", lambda: _persons_changed(refresh, since)),
        ("requests", lambda: rollup_requests.requests_replace(since)),
        ("programmes", _small_rollups),
    ]


def refresh_execute(*, refresh_id: int) -> RollupRefresh:
    """Run a queued refresh to its end; a failure is recorded on it (and logged), never half-applied."""
    refresh = RollupRefresh.objects.get(pk=refresh_id)
    if refresh.status != RollupRefresh.Status.QUEUED:
        return refresh
    started = timezone.now()
    previous = last_done()
    since = previous.changes_since if previous is not None else None
    if refresh.kind == RollupRefresh.Kind.FULL or since is None:
        refresh.kind, since = RollupRefresh.Kind.FULL, None
    refresh.status, refresh.started_at = RollupRefresh.Status.RUNNING, started
    refresh.save(update_fields=["kind", "status", "started_at"])
    steps = _steps(refresh, since)
    try:
        for number, (name, step) in enumerate(steps):
            RollupRefresh.objects.filter(pk=refresh.pk).update(step=name, progress=100 * number // len(steps))
            clock = time.perf_counter()
            with transaction.atomic():
                step()
            logger.info("insights refresh %s: %s in %.1f s", refresh.pk, name, time.perf_counter() - clock)
    except Exception as error:
        figures_changed()  # the steps done before the failure are committed
        logger.exception("insights refresh %s failed", refresh.pk)
        refresh.status, refresh.error = RollupRefresh.Status.FAILED, str(error)[:2000]
        refresh.finished_at = timezone.now()
        refresh.save(update_fields=["status", "error", "finished_at"])
        return refresh
    refresh.status, refresh.progress, refresh.step = RollupRefresh.Status.DONE, 100, ""
    refresh.finished_at = timezone.now()
    refresh.changes_since = started - _margin()
    refresh.save()
    figures_changed()
    return refresh
