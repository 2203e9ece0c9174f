"""Entries that record a read do not hold the chain's lock through a disk flush; anything that writes still does."""

import pytest
from django.db import connection, transaction

from guichet.audit.chain import link_reads_without_waiting
from guichet.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def _synchronous_commit() -> str:
    """PostgreSQL's setting for the current transaction; SQLite has none ("n/a")."""
    if connection.vendor != "postgresql":
        return "n/a"
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


def _after(entries: list[AuditEntry], *, opened_here: bool) -> str:
    with transaction.atomic():
        link_reads_without_waiting(entries, using="default", opened_here=opened_here)
        return _synchronous_commit()


def test_a_transaction_of_reads_only_commits_without_waiting():
    expected = "off" if connection.vendor == "postgresql" else "n/a"
    reads = [AuditEntry(action=AuditEntry.Action.VIEW), AuditEntry(action=AuditEntry.Action.SEARCH)]
    assert _after(reads, opened_here=True) == expected


def test_a_write_or_a_callers_transaction_keeps_full_durability():
    expected = "on" if connection.vendor == "postgresql" else "n/a"
    mixed = [AuditEntry(action=AuditEntry.Action.VIEW), AuditEntry(action=AuditEntry.Action.UPDATE)]
    assert _after(mixed, opened_here=True) == expected
    assert _after([AuditEntry(action=AuditEntry.Action.VIEW)], opened_here=False) == expected
