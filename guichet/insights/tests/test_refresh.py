"""An incremental refresh gives exactly what a full rebuild gives, reading only what changed."""

import datetime

import pytest
from django.utils import timezone

from guichet.cases.models import Request, Status
from guichet.insights import models
from guichet.insights.models import RollupRefresh
from guichet.registry.models import DisabilityRecord, Person
from guichet.training.models import Enrollment

from .scenario import build, delivered
from .test_beneficiaries import cells, refresh

TABLES = (
    models.Survivor,
    models.DisabledPerson,
    models.Activity,
    models.Beneficiary,
    models.Cell,
    models.RequestStat,
    models.OverdueStat,
    models.ReferralStat,
    models.WindowStat,
    models.TrainingStat,
    models.SchoolingStat,
)


def snapshot() -> dict[str, list[tuple]]:
    """Every roll-up row without its id, sorted: two refreshes agree when their snapshots are equal."""
    taken = {}
    for model in TABLES:
        names = [f.attname for f in model._meta.concrete_fields if f.attname != "id"]
        taken[model.__name__] = sorted(model.objects.values_list(*names), key=repr)
    return taken


@pytest.fixture
def after_first_refresh(territory, settings):
    settings.GUICHET_INSIGHTS_MARGIN_SECONDS = 0
    scenario = build(territory)
    refresh()
    return scenario


def _later(model, pk, **values):
    """A change written after the last refresh began, as the services write it (updated_at moves)."""
    model.objects.filter(pk=pk).update(updated_at=timezone.now() + datetime.timedelta(seconds=1), **values)


def test_incremental_refresh_equals_a_full_rebuild(after_first_refresh, territory):
    s = after_first_refresh
    # Chaima gets a service delivered in 2026, Brahim moves to Agdal, Dounia is unmerged (and keeps her record),
    # Elias's record is removed, Amina's refused request is re-decided as delivered, a new person is served.
    delivered(s.chaima, s.health, datetime.date(2026, 2, 2))
    _later(
        Person, s.brahim.pk, commune=territory["agdal"], province=territory["rabat"], region=territory["rabat_region"]
    )
    Person.objects.filter(pk=s.dounia.pk).update(merged_into=None)
    DisabilityRecord.objects.filter(person=s.elias).delete()
    refused = Request.objects.get(person=s.amina, status=Status.REJECTED)
    _later(Request, refused.pk, status=Status.DELIVERED, delivered_on=datetime.date(2025, 9, 1))
    _later(Enrollment, Enrollment.objects.get(person=s.chaima).pk, completed_on=datetime.date(2026, 1, 5))

    incremental = refresh(RollupRefresh.Kind.INCREMENTAL)
    assert incremental.kind == RollupRefresh.Kind.INCREMENTAL
    # Chaima, Brahim, Dounia, Amina (her survivor), Elias: not the whole registry.
    assert incremental.persons_refreshed == 5
    assert incremental.years == [2025, 2026]
    after_incremental = snapshot()

    full = refresh(RollupRefresh.Kind.FULL)
    assert full.kind == RollupRefresh.Kind.FULL
    assert snapshot() == after_incremental
    # And the figures moved as worked out: in 2025 Dounia counts apart from Amina, Chaima's training moved to 2026.
    assert cells(2025) == {"": 4}
    assert cells(2025, dimension="disability") == {"yes": 1, "no": 3}
    assert cells(2026) == {"": 3}


def test_incremental_refresh_without_change_touches_no_person(after_first_refresh):
    before = snapshot()
    incremental = refresh(RollupRefresh.Kind.INCREMENTAL)
    assert (incremental.persons_refreshed, incremental.years) == (0, [])
    assert snapshot() == before


def test_the_first_refresh_is_full_whatever_was_asked(territory):
    build(territory)
    assert refresh(RollupRefresh.Kind.INCREMENTAL).kind == RollupRefresh.Kind.FULL


def test_a_change_in_one_year_recounts_only_that_years_cells(after_first_refresh):
    s = after_first_refresh
    delivered(s.amina, s.health, datetime.date(2026, 3, 2))  # Amina, already counted in 2025, is served in 2026
    incremental = refresh(RollupRefresh.Kind.INCREMENTAL)
    assert incremental.years == [2026]
    after_incremental = snapshot()
    refresh(RollupRefresh.Kind.FULL)
    assert snapshot() == after_incremental
    assert cells(2026) == {"": 3}
