"""Optimistic locking: a write names the version it was prepared from and is refused (StaleEdit) if the record
moved on since. Every versioned record of every app goes through here, so the rule is the same everywhere.

Two shapes, both correct on SQLite and PostgreSQL:
- `version_swap` is a compare-and-swap in one statement (UPDATE … SET version = version + 1 WHERE pk = … AND
  version = …): for writes that know the values to set.
- `version_claim` checks a row the caller read under select_for_update (SQLite's IMMEDIATE transactions lock
  as well) and moves the copy to the next version, which the caller's own save() writes.
"""

from typing import Any

from django.db.models import F, Model
from django.utils import timezone

from .exceptions import StaleEdit


def version_swap(obj: Model, *, expected: int | None, values: dict[str, Any] | None = None, field: str = "version"):
    """Write `values` and bump `field` by one, only if the row is still at `expected`; StaleEdit otherwise.

    The copy in hand must be at `expected` too: the values were worked out from it (a workflow rule checked
    against an older copy would be checked against the wrong state). On success the copy holds the new values."""
    values = dict(values or {})
    if expected is None or getattr(obj, field) != expected:
        raise StaleEdit
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


def version_unchanged(obj: Model, *, expected: int | None, field: str = "version") -> None:
    """A form saved without any change is fine, unless the record moved on since it was opened (one query)."""
    if expected is None or not type(obj)._default_manager.filter(pk=obj.pk, **{field: expected}).exists():
        raise StaleEdit


def version_claim(obj: Model, *, expected: int | None, field: str = "version") -> None:
    """For a row just read under select_for_update: StaleEdit unless it is at `expected`; otherwise the copy
    carries the next version, which the caller's save() writes while the row is still locked."""
    if expected is None or getattr(obj, field) != expected:
        raise StaleEdit
    setattr(obj, field, expected + 1)
