"""Optimistic locking: a write names the version it was prepared from and is refused (StaleEdit) if the record
moved on since. Every versioned record of every app goes through here, so the rule is the same everywhere.

Two ways to write, both correct on SQLite and PostgreSQL:
- `version_swap` is a compare-and-swap in one statement (UPDATE … SET version = version + 1 WHERE pk = … AND
  version = …), for writes that know the values to set;
- `version_claim` checks a row the caller read under select_for_update (SQLite's IMMEDIATE transactions lock
  too) and moves the copy to the next version, which the caller's own save() writes.
"""

from typing import Any

from django.db.models import F, Model
from django.utils import timezone

from .exceptions import StaleEdit


def version_expected(obj: Model, *, expected: int | None, field: str = "version") -> None:
    """StaleEdit unless the copy in hand is at `expected` (no query): a rule checked on this copy is then checked on
    what the person saw when they opened the page."""
    if expected is None or getattr(obj, field) != expected:
        raise StaleEdit


def version_new(expected: int | None) -> None:
    """A form opened when the record did not exist names no version (None or 0); any other means the record it was
    opened on has gone since."""
    if expected not in (None, 0):
        raise StaleEdit


def version_swap(obj: Model, *, expected: int | None, values: dict[str, Any] | None = None, field: str = "version"):
    """Write `values` and bump `field` by one, only if the row is still at `expected`; StaleEdit otherwise.

    The copy in hand must be at `expected` too: the values were worked out from it. On success it holds them."""
    version_expected(obj, expected=expected, field=field)
    assert expected is not None  # version_expected refuses None
    values = dict(values or {})
    if "updated_at" not in values and any(f.name == "updated_at" for f in obj._meta.concrete_fields):
        values["updated_at"] = timezone.now()  # update() skips auto_now
    updated = (
        type(obj)._default_manager.filter(pk=obj.pk, **{field: expected}).update(**values, **{field: F(field) + 1})
    )
    if updated != 1:
        raise StaleEdit
    for name, value in values.items():
        setattr(obj, name, value)
    setattr(obj, field, expected + 1)


def version_claim(obj: Model, *, expected: int | None, field: str = "version") -> None:
    """For a row just read under select_for_update: StaleEdit unless it is at `expected`; otherwise the copy
    carries the next version, which the caller's save() writes while the row is still locked."""
    version_expected(obj, expected=expected, field=field)
    setattr(obj, field, getattr(obj, field) + 1)


def version_unchanged(obj: Model, *, expected: int | None, field: str = "version") -> None:
    """A form saved without any change is fine, unless the record moved on since it was opened (one query)."""
    if expected is None or not type(obj)._default_manager.filter(pk=obj.pk, **{field: expected}).exists():
        raise StaleEdit
