"""Windows against the target, training cohorts and schooling support, worked out by hand."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import UserFactory
from guichet.associations.models import Decision, SchoolingApplication, TermReport
from guichet.associations.tests.factories import (
    AssociationFactory,
    SchoolingApplicationFactory,
    SupportedChildFactory,
)
from guichet.insights.selectors import headline, place_resolve
from guichet.insights.selectors_tables import schooling_table, training_table, window_openings_table, window_table
from guichet.network.models import Window
from guichet.network.tests.factories import WindowFactory
from guichet.training.models import Enrollment
from guichet.training.tests.factories import CohortFactory, EnrollmentFactory

from .test_beneficiaries import refresh


@pytest.fixture(autouse=True)
def _french():
    """Names are read in the active language: French here, whatever a page fetched before activated."""
    with translation.override("fr"):
        yield


@pytest.fixture
def national(territory):
    return UserFactory(role=Role.SUPERVISOR, national=True)


def test_windows_open_against_the_national_target(territory, national, settings):
    settings.GUICHET_WINDOWS_TARGET = 500
    WindowFactory(commune=territory["anfa"], kind=Window.Kind.FIXED, opened_on=datetime.date(2025, 1, 10))
    WindowFactory(commune=territory["anfa"], kind=Window.Kind.FIXED, opened_on=datetime.date(2025, 2, 3))
    WindowFactory(commune=territory["agdal"], kind=Window.Kind.MOBILE, opened_on=datetime.date(2025, 2, 20))
    WindowFactory(commune=territory["settat_city"], status=Window.Status.PLANNED, opened_on=None)
    refresh()
    nation = place_resolve(viewer=national, code="MA")
    figures = headline(viewer=national, place=nation, year=2025)
    assert (figures.windows_open, figures.windows_target) == (3, 500)
    rows = window_table(viewer=national, place=nation).rows
    assert ("Casablanca-Settat", 2, 0, 2) in rows and ("Rabat-Salé-Kénitra", 0, 1, 1) in rows
    assert window_openings_table(viewer=national, place=nation).rows == [("2025-01", 1, 0), ("2025-02", 1, 1)]
    region = place_resolve(viewer=national, code="MA-06")
    assert headline(viewer=national, place=region, year=2025).windows_target is None


def test_training_counts_of_a_cohort(territory, national):
    cohort = CohortFactory(name="Couture Anfa", communes=[territory["anfa"]], starts_on=datetime.date(2025, 1, 6))
    for status in ("completed", "enrolled", "withdrawn", "waiting"):
        EnrollmentFactory(cohort=cohort, status=status)
    refresh()
    region = place_resolve(viewer=national, code="MA-06")
    # Given a place: completed, enrolled, withdrawn (3); active 1; completed 1: 33.3 %. The waiting list is not.
    assert training_table(viewer=national, place=region, year=2025, by="cohort").rows == [
        ("Couture Anfa", 3, 1, 1, Decimal("33.3"))
    ]
    rabat = place_resolve(viewer=national, code="MA-04")
    assert training_table(viewer=national, place=rabat, year=2025).rows == []
    assert Enrollment.objects.count() == 4


def test_schooling_support_and_missing_term_reports(territory, national):
    association = AssociationFactory(province=territory["casablanca"])
    AssociationFactory(province=territory["casablanca"], status="pending")
    application = SchoolingApplicationFactory(
        association=association, school_year="2025-2026", status=SchoolingApplication.Status.APPROVED
    )
    first = SupportedChildFactory(application=application, decision=Decision.APPROVED)
    SupportedChildFactory(application=application, decision=Decision.APPROVED)
    SupportedChildFactory(application=application, decision=Decision.REJECTED)
    TermReport.objects.create(child=first, term=1, days_present=50, days_expected=60, progress="Bien", level="good")
    refresh()
    nation = place_resolve(viewer=national, code="MA")
    # Every term of 2025-2026 has ended by now: 2 supported children × 3 terms − 1 report = 5 missing.
    assert schooling_table(viewer=national, place=nation, year=2025).rows == [("Casablanca-Settat", 1, 1, 2, 5)]
