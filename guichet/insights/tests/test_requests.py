"""Service levels of requests, worked out by hand: filing year in Casablanca time, working days, due time, late now."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Sum
from django.utils import timezone, translation

from guichet.cases.models import Request, Status
from guichet.cases.tests.factories import RequestFactory
from guichet.insights.models import RequestStat
from guichet.insights.selectors import place_resolve, request_figures
from guichet.insights.selectors_tables import service_level_table
from guichet.network.tests.factories import CentreFactory, HolidayFactory, ServiceFactory, WindowFactory
from guichet.registry.tests.factories import PersonFactory

from .test_beneficiaries import refresh

UTC = datetime.UTC


def _at(year, month, day, hour=9, minute=0, tz=None) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=tz or timezone.get_current_timezone())


@pytest.fixture(autouse=True)
def _french():
    """Names are read in the active language: French here, whatever a page fetched before activated."""
    with translation.override("fr"):
        yield


@pytest.fixture
def requests(territory, personas):
    centre = CentreFactory(name="Centre Hay Hassani", commune=territory["anfa"])
    window = WindowFactory(name="Guichet Maarif", commune=territory["anfa"])
    service = ServiceFactory(name_fr="Carte de handicap", due_working_days=10)
    person = PersonFactory(commune=territory["anfa"])
    HolidayFactory(date=datetime.date(2025, 3, 5))

    def filed(moment: datetime.datetime, status: str, *, decided: datetime.date | None = None, **values) -> Any:
        request: Any = RequestFactory(
            person=person,
            centre=centre,
            window=window,
            service=service,
            status=status,
            filed_on=timezone.localtime(moment).date(),
            **values,
        )
        changes = {"filed_at": moment}
        if decided:
            changes["decided_at"] = _at(decided.year, decided.month, decided.day, 15)
        Request.objects.filter(pk=request.pk).update(**changes)
        return request

    # 22:30 UTC on 31 December is 23:30 in Casablanca (UTC+1): 2025. 23:30 UTC is already 1 January 2026 there.
    filed(datetime.datetime(2025, 12, 31, 22, 30, tzinfo=UTC), Status.WITHDRAWN)
    filed(datetime.datetime(2025, 12, 31, 23, 30, tzinfo=UTC), Status.WITHDRAWN)
    # Filed Monday 3 March 2025; Wednesday 5 March is a holiday.
    filed(_at(2025, 3, 3), Status.APPROVED, decided=datetime.date(2025, 3, 7))  # 3 working days
    filed(_at(2025, 3, 3), Status.REJECTED, decided=datetime.date(2025, 3, 10))  # 4 working days
    filed(  # 19 working days, past its due date
        _at(2025, 3, 3),
        Status.DELIVERED,
        decided=datetime.date(2025, 3, 31),
        delivered_on=datetime.date(2025, 4, 2),
        due_date=datetime.date(2025, 3, 17),
    )
    filed(_at(2025, 3, 20), Status.SUBMITTED, due_date=datetime.date(2025, 4, 1))  # late now
    refresh()
    return {"centre": centre, "window": window, "service": service}


def test_the_filing_year_is_read_in_casablanca_time(requests):
    years = dict(RequestStat.objects.values_list("year").annotate(n=Sum("filed")).order_by())
    assert years == {2025: 5, 2026: 1}


def test_service_levels_of_the_year(personas, requests):
    nation = place_resolve(viewer=personas["supervisor_national"], code="MA")
    figures = request_figures(nation, 2025)
    assert (figures.filed, figures.delivered, figures.rejected, figures.pending) == (5, 1, 1, 2)
    # Three decisions, two within the due time: 66.7 %; their working days 3, 4 and 19: median 4.
    assert str(figures.in_time) == "66.7"
    assert figures.median_days == 4


def test_the_centre_table_shows_late_requests_now(personas, requests):
    region = place_resolve(viewer=personas["supervisor_region"], code="MA-06")
    table = service_level_table(viewer=personas["supervisor_region"], place=region, year=2025, group="centre")
    # Approved on 7 March with a due date in March, and the one submitted on 20 March: both late today.
    assert [row for row in table.rows if row[0] == "Centre Hay Hassani"] == [
        ("Centre Hay Hassani", 5, 1, 1, 2, Decimal("66.7"), 4, 2)
    ]
    window = service_level_table(viewer=personas["supervisor_region"], place=region, year=2026, group="window")
    assert window.rows == [("Guichet Maarif", 1, 0, 0, 0, None, None, 2)]


def test_another_regions_supervisor_sees_none_of_it(personas, requests):
    rabat = place_resolve(viewer=personas["supervisor_national"], code="MA-04")
    assert request_figures(rabat, 2025).filed == 0
