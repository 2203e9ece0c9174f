"""Distinct beneficiaries per year, worked out by hand on the scenario (tests/scenario.py)."""

import datetime

import pytest

from guichet.insights.models import Cell, Level, RollupRefresh
from guichet.insights.refresh import refresh_execute

from .scenario import build


def refresh(kind=RollupRefresh.Kind.FULL) -> RollupRefresh:
    done = refresh_execute(refresh_id=RollupRefresh.objects.create(kind=kind).pk)
    assert done.status == RollupRefresh.Status.DONE, done.error
    return done


def cells(year: int, level: str = Level.NATION, territory_id: int = 0, dimension: str = "total") -> dict[str, int]:
    rows = Cell.objects.filter(year=year, level=level, territory_id=territory_id, dimension=dimension)
    return dict(rows.values_list("value", "count"))


@pytest.fixture
def scenario(territory):
    built = build(territory)
    refresh()
    return built


def test_each_person_counts_once_however_many_services_and_after_a_merge(scenario):
    # Amina (3 deliveries, and Dounia's merged into her), Brahim, Chaima, Elias; Farid was only refused.
    assert cells(2025) == {"": 4}
    # Brahim (1 January) and Elias (second half of school year 2025-2026).
    assert cells(2026) == {"": 2}


def test_programmes_and_categories_count_distinct_persons(scenario):
    assert cells(2025, dimension="programme") == {"services": 2, "training": 1, "schooling": 1}
    # Amina's two health services count once, Brahim's once; Dounia's economic service is Amina's.
    assert cells(2025, dimension="category") == {"health": 2, "disability": 1, "economic": 1}
    assert cells(2025, dimension="programme_sex") == {
        "services|F": 1,
        "services|M": 1,
        "training|F": 1,
        "schooling|M": 1,
    }


def test_age_band_is_the_age_on_31_december(scenario):
    # Brahim, born 31 Dec 2008, is 17 on 31 Dec 2025 and 18 on 31 Dec 2026; Chaima turns 60 on 1 Jan 2025.
    assert cells(2025, dimension="age_band") == {"0-17": 2, "30-44": 1, "60+": 1}
    assert cells(2026, dimension="age_band") == {"0-17": 1, "18-29": 1}


def test_a_delivery_on_31_december_and_one_on_1_january_fall_in_their_own_years(scenario):
    settat = scenario.brahim.province_id
    assert cells(2025, Level.PROVINCE, settat) == {"": 1}
    assert cells(2026, Level.PROVINCE, settat) == {"": 1}


def test_disability_is_yes_when_a_merged_file_holds_the_record(scenario):
    assert cells(2025, dimension="disability") == {"yes": 2, "no": 2}
    assert cells(2025, dimension="sex") == {"F": 2, "M": 2}


def test_territory_is_the_survivors_home(scenario, territory):
    # Dounia lived in Agdal (Rabat), but she is Amina (Anfa) now.
    assert cells(2025, Level.REGION, territory["casa_settat"].pk) == {"": 3}
    assert cells(2025, Level.REGION, territory["rabat_region"].pk) == {"": 1}
    assert cells(2025, Level.COMMUNE, territory["anfa"].pk) == {"": 2}


def test_no_person_is_counted_for_a_year_without_activity(scenario):
    assert cells(2024) == {}
    assert cells(2027) == {}


def test_a_year_of_the_refresh_is_recorded(scenario):
    last = RollupRefresh.objects.get()
    assert last.years == [2025, 2026]
    assert last.finished_at >= last.started_at
    assert last.changes_since is not None
    assert last.changes_since < last.started_at
    assert datetime.timedelta(0) <= last.duration
