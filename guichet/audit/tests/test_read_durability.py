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


def test_entries_appended_in_one_statement_chain_as_python_computes(personas, people):
    """Whatever path wrote them (one statement on PostgreSQL, head then insert on SQLite), the hashes stored are
    those chain.entry_hash computes from the fields read back: the log verifies, with Arabic text and an address."""
    from guichet.audit.chain import GENESIS, entry_hash, values_of
    from guichet.audit.services import audit_record
    from guichet.audit.verify import audit_chain_check

    first = audit_record(
        actor=personas["agent"],
        action=AuditEntry.Action.VIEW,
        obj=people["casa"],
        person=people["casa"],
        changes={"note": ["", "الإدريسي — “é”"]},
        ip_address="2001:db8::1",
    )
    second = audit_record(actor=None, action=AuditEntry.Action.UPDATE, obj=people["rabat"], person=people["rabat"])
    stored = {entry.pk: entry for entry in AuditEntry.objects.filter(pk__in=[first.pk, second.pk])}
    assert stored[second.pk].seq == stored[first.pk].seq + 1
    assert stored[second.pk].prev_hash == stored[first.pk].hash
    for entry in stored.values():
        assert entry.hash == entry_hash(entry.prev_hash, values_of(entry))
        assert (entry.pk, entry.seq, entry.hash) in {
            (first.pk, first.seq, first.hash),
            (second.pk, second.seq, second.hash),
        }
    assert stored[first.pk].prev_hash != GENESIS or stored[first.pk].seq == 1
    assert audit_chain_check().first_break is None
