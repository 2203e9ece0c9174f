"""Working days: weekends and public holidays are not counted, start day excluded."""

import datetime

from guichet.network.calendar import add_working_days, working_days_between
from guichet.network.models import Holiday

FRIDAY = datetime.date(2025, 7, 25)
MONDAY = datetime.date(2025, 7, 28)


def test_weekends_are_skipped(db):
    assert add_working_days(FRIDAY, 1) == MONDAY
    assert add_working_days(MONDAY, 5) == datetime.date(2025, 8, 4)
    assert add_working_days(MONDAY, 0) == MONDAY


def test_a_request_made_on_a_saturday_counts_from_monday(db):
    assert add_working_days(datetime.date(2025, 7, 26), 1) == MONDAY


def test_holidays_are_skipped(db):
    Holiday.objects.create(date=datetime.date(2025, 7, 30), name_fr="Fête du Trône")
    # Monday + 3 working days: Tuesday 29, (Wednesday 30 is a holiday), Thursday 31, Friday 1 August.
    assert add_working_days(MONDAY, 3) == datetime.date(2025, 8, 1)
    assert working_days_between(MONDAY, datetime.date(2025, 8, 1)) == 3


def test_a_holiday_on_a_weekend_costs_nothing(db):
    Holiday.objects.create(date=datetime.date(2025, 8, 2), name_fr="Samedi férié")
    assert add_working_days(FRIDAY, 6) == datetime.date(2025, 8, 4)


def test_a_long_due_time_crosses_many_holidays(db):
    for day in (datetime.date(2025, 8, 14), datetime.date(2025, 8, 20), datetime.date(2025, 8, 21)):
        Holiday.objects.create(date=day, name_fr="Fête")
    # 20 working days from Monday 28 July without holidays would be Monday 25 August.
    assert add_working_days(MONDAY, 20) == datetime.date(2025, 8, 28)
    assert working_days_between(MONDAY, datetime.date(2025, 8, 28)) == 20


def test_working_days_between(db):
    assert working_days_between(FRIDAY, MONDAY) == 1
    assert working_days_between(FRIDAY, datetime.date(2025, 7, 27)) == 0  # only the weekend
    assert working_days_between(MONDAY, MONDAY) == 0
    assert working_days_between(MONDAY, FRIDAY) == 0  # end before start
