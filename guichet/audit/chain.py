"""The hash chain of the audit log: each entry's hash covers the previous entry's hash and its own fields.

An entry's position (`seq`) is given under a lock, one after the other with no gap, and its hash is
sha256 over the previous entry's hash and a canonical serialisation of its fields: an entry altered,
removed or slipped in breaks the chain, which `manage.py audit_verify` walks.

Writers are serialised for the rest of their transaction: on PostgreSQL the database function
`audit_chain_head()` (migration 0006) takes a transaction-level advisory lock and reads the head in one
round trip; on SQLite every write transaction already holds the database's write lock (BEGIN IMMEDIATE).
"""

import hashlib
import ipaddress
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from django.db import connections
from django.utils import timezone

GENESIS = "0" * 64

# The fields the hash covers, in this order; a field added to AuditEntry later must be appended here
# (and existing entries keep their hashes: an absent field is serialised as null).
CHAINED_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "action",
    "object_type",
    "object_id",
    "person_id",
    "scope_region_id",
    "scope_province_id",
    "changes",
    "ip_address",
)


def canonical(values: dict[str, Any]) -> str:
    """One text for the entry's fields, the same before writing and after reading back, on both databases."""
    row = []
    for name in CHAINED_FIELDS:
        value = values.get(name)
        if name == "at" and value is not None:
            value = _utc(value).isoformat(timespec="microseconds")
        elif name == "ip_address" and value:
            value = str(ipaddress.ip_address(value))
        elif name in ("object_type", "object_id", "action") and value is None:
            value = ""
        row.append(value)
    return json.dumps(row, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(prev_hash: str, values: dict[str, Any]) -> str:
    return hashlib.sha256(f"{prev_hash}\n{canonical(values)}".encode()).hexdigest()


def values_of(entry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in CHAINED_FIELDS}


def link(entries: Iterable, *, using: str) -> None:
    """Give each new entry, in order, its time, position and hashes after the current head of the chain.

    Call it inside the transaction that inserts them: the head stays locked until that transaction ends.
    """
    seq, prev_hash = head(using=using)
    for entry in entries:
        seq += 1
        if entry.at is None:
            entry.at = timezone.now()
        # What is hashed is what the database gives back: JSON as stored, the address as normalised.
        entry.changes = json.loads(json.dumps(entry.changes or {}))
        entry.seq = seq
        entry.prev_hash = prev_hash
        entry.hash = entry_hash(prev_hash, values_of(entry))
        prev_hash = entry.hash


# Entries that record a read, not a change: a file opened, a search, an export.
READ_ACTIONS = ("view", "view_sensitive", "search", "export")


def link_reads_without_waiting(entries: list, *, using: str, opened_here: bool) -> None:
    """In a transaction that only records reads (opened for them, `opened_here`), let PostgreSQL commit without
    waiting for the disk: the chain's lock is then held for an insert, not for a flush, so that concurrent readers
    are not queued behind each other's fsync (a file read through the API or a page is one entry each).

    What it risks is bounded and stated: a crash of the database server can lose the entries of the last fraction
    of a second (three times wal_writer_delay, 0.6 s by default), always from the tail of the chain, never a gap nor
    a broken hash (the log is written in order, and any later ordinary commit flushes them). A transaction that also
    writes anything else (the caller's atomic block) keeps the full durability of its writes.
    """
    connection = connections[using]
    if opened_here and connection.vendor == "postgresql" and all(e.action in READ_ACTIONS for e in entries):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def append_in_database(entry, *, using: str, relaxed: bool, along: tuple[str, list] | None = None) -> Any:
    """PostgreSQL: link and insert `entry` in one statement (migration 0008's audit_append), giving it its id,
    position and hashes. The text hashed is this module's canonical text, its position put in front by the
    database; `relaxed` lets a transaction of reads only commit without waiting for the disk.

    `along` is an INSERT … RETURNING one column, with its parameters: written in the same statement (all or
    nothing), what it returns is returned."""
    if entry.at is None:
        entry.at = timezone.now()
    entry.changes = json.loads(json.dumps(entry.changes or {}))
    values = values_of(entry)
    rest = canonical({**values, "seq": 0})
    assert rest.startswith("[0,")
    arguments = ", ".join(["%s"] * 12)
    sql = f"SELECT o_id, o_seq, o_prev_hash, o_hash, NULL FROM audit_append({arguments})"  # noqa: S608 (no value)
    before: list = []
    if along is not None:  # a data-modifying WITH: written once, in the statement's transaction
        sql = f"WITH along AS ({along[0]}) {sql.replace('NULL', '(SELECT * FROM along)', 1)}"  # noqa: S608
        before = along[1]
    with connections[using].cursor() as cursor:
        cursor.execute(
            sql,
            [
                *before,
                entry.at,
                entry.actor_id,
                entry.action,
                entry.object_type or "",
                entry.object_id or "",
                entry.person_id,
                entry.scope_region_id,
                entry.scope_province_id,
                json.dumps(entry.changes),
                entry.ip_address or None,
                rest[len("[0,") :],
                relaxed,
            ],
        )
        entry.pk, entry.seq, entry.prev_hash, entry.hash, returned = cursor.fetchone()
    return returned


def head(*, using: str) -> tuple[int, str]:
    """(position, hash) of the last entry, the chain locked for the rest of the transaction: one query."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT seq, hash FROM audit_chain_head()")
        else:
            cursor.execute("SELECT seq, hash FROM audit_auditentry ORDER BY seq DESC LIMIT 1")
        row = cursor.fetchone()
    if row is None or row[0] is None:
        return 0, GENESIS
    return int(row[0]), row[1]


def _utc(value: datetime) -> datetime:
    if timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value.astimezone(UTC)
