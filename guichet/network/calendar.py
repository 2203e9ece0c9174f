"""Working days: weekends (Saturday, Sunday) and the public holidays of the Holiday table are not counted."""

import datetime

from .models import Holiday

WEEKEND = (5, 6)  # Saturday, Sunday


def holidays_between(start: datetime.date, end: datetime.date) -> set[datetime.date]:
    return set(Holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", flat=True))


def is_working_day(day: datetime.date, holidays: set[datetime.date]) -> bool:
    return day.weekday() not in WEEKEND and day not in holidays


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start` (start itself not counted): the due date of a request."""
    # Holidays are read once for a span wide enough to cover the weekends and holidays it may cross.
    holidays = holidays_between(start, start + datetime.timedelta(days=days * 2 + 60))
    current = start
    remaining = days
    while remaining > 0:
        current += datetime.timedelta(days=1)
        if is_working_day(current, holidays):
            remaining -= 1
    return current


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """How many working days after `start` up to and including `end` (0 when end <= start)."""
    if end <= start:
        return 0
    holidays = holidays_between(start, end)
    count = 0
    current = start
    while current < end:
        current += datetime.timedelta(days=1)
        if is_working_day(current, holidays):
            count += 1
    return count
