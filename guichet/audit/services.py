"""The one way to write to the audit log."""

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import QuerySet

from . import chain
from .models import AuditEntry
from .selectors import audit_entries

if TYPE_CHECKING:  # accounts sits beside audit, not below it: the type only, never the module at run time
    from guichet.accounts.models import User
    from guichet.common.kept_writes import KeptInsert


def audit_record(
    *,
    actor: "User | AnonymousUser | None",
    action: str,
    obj: Any,
    person: Any = None,
    changes: dict | None = None,
    ip_address: str | None = None,
    territory: Any = None,
    object_type: str = "",
    object_id: str = "",
) -> AuditEntry:
    """Append one entry. Call it inside the transaction of the write it records.

    The entry is placed in the region and province of `person`, or of `territory` (anything with `region_id`
    and `province_id`, e.g. an association) when it is about no one person: supervisors there read it.
    `object_type` and `object_id` name what is no record (obj None), e.g. "insights.export" and a table's name.
    """
    place = person if person is not None else territory
    return AuditEntry.objects.create(
        actor=_signed_in(actor),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else object_type,
        object_id=str(obj.pk) if obj is not None else object_id[:40],
        person=person,
        scope_region_id=getattr(place, "region_id", None),
        scope_province_id=getattr(place, "province_id", None),
        changes=changes or {},
        ip_address=ip_address,
    )


@transaction.atomic
def audit_export(*, viewer: "User", filters: dict[str, Any], ip_address: str | None = None) -> QuerySet[AuditEntry]:
    """The entries the viewer may read under `filters`, for a download; the export itself is an entry saying who
    exported which filter and how many rows. The entries returned stop before that one."""
    entries = audit_entries(viewer=viewer, **filters)
    record = audit_record(
        actor=viewer,
        action=AuditEntry.Action.EXPORT,
        obj=None,
        changes={
            **{name: [None, str(value)] for name, value in sorted(filters.items())},
            "rows": [None, str(entries.count())],
        },
        ip_address=ip_address,
    )
    return entries.filter(seq__lt=record.seq)


def audit_search(
    *, actor: "User | AnonymousUser | None", kinds: list[str], found: list[dict], ip_address: str | None = None
) -> list[AuditEntry]:
    """A search of the registry by a personal identifier: the kinds typed (cnie, idcs, phone), never the value.

    Each person it found ({pk, region_id, province_id}) was accessed: one entry each, about that person, so
    that it shows in the person's history; a search that found nobody is one entry about no one.
    """
    common = {
        "actor": _signed_in(actor),
        "action": AuditEntry.Action.SEARCH,
        "object_type": "registry.person",
        "changes": {kind: ["", "…"] for kind in sorted(kinds)},  # the kind, never the value
        "ip_address": ip_address,
    }
    entries = [
        AuditEntry(
            **common,
            object_id=str(row["pk"]),
            person_id=row["pk"],
            scope_region_id=row["region_id"],
            scope_province_id=row["province_id"],
        )
        for row in found
    ] or [AuditEntry(**common, object_id="")]
    return AuditEntry.objects.bulk_create(entries)


def audit_reads(entries: list[AuditEntry]) -> list[AuditEntry]:
    """Records read at once (a page of records another system received; read_entries makes their entries),
    chained under one lock and inserted in one statement. Call it last in the transaction: the chain stays locked
    until it commits."""
    return AuditEntry.objects.bulk_create(entries) if entries else []


def read_entries(
    *, actor: "User | AnonymousUser | None", action: str, read: list[tuple[Any, Any]], ip_address: str | None = None
) -> list[AuditEntry]:
    """The entries (not yet written) of records read: one per (record, its person). audit_reads writes them, or
    record_reads_with, with the row that traces what was answered."""
    return [
        AuditEntry(
            actor=_signed_in(actor),
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            person=person,
            scope_region_id=getattr(person, "region_id", None),
            scope_province_id=getattr(person, "province_id", None),
            ip_address=ip_address,
        )
        for obj, person in read
    ]


def record_reads_with(entries: list[AuditEntry], *, insert: "KeptInsert", row: Any, using: str = "default") -> None:
    """The entries of records read (read_entries) and one new row written with them (the trace of what was
    answered), all or nothing, committed without waiting for the disk (chain.link_reads_without_waiting says what
    that risks: the row too is only a trace of a read). Call it outside any transaction, after the reads.

    On PostgreSQL one entry and the row are one statement (the chain's head, the entry and the row in one round
    trip, where a transaction took five); several entries, or SQLite, one transaction."""
    assert all(entry.action in chain.READ_ACTIONS for entry in entries)
    connection = transaction.get_connection(using)
    opened_here = not connection.in_atomic_block
    if connection.vendor == "postgresql" and opened_here and len(entries) == 1 and not insert.listened():
        entry = entries[0]
        key = chain.append_in_database(entry, using=using, relaxed=True, along=insert.statement(row, using=using))
        entry._state.adding, entry._state.db = False, using
        insert.inserted(row, key, using=using)
        return
    with transaction.atomic(using=using):
        if opened_here:
            records_of_reads_commit_without_waiting()
        if entries:
            AuditEntry.objects.using(using).bulk_create(entries)
        insert.insert(row, using=using)


def records_of_reads_commit_without_waiting() -> None:
    """For a transaction (opened by the caller) that writes only records of reads — audit entries of files read, the
    trace of a search answered — let PostgreSQL commit it without waiting for the disk; see chain.py for what a
    crash of the database server may then lose (the last fraction of a second, at the tail, never a gap)."""
    connection = transaction.get_connection()
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def changes_between(before: dict, after: dict) -> dict:
    """{field: [old, new]} for the fields whose value differs, as text (JSON-safe)."""
    return {
        name: [_as_text(before.get(name)), _as_text(value)]
        for name, value in after.items()
        if _as_text(before.get(name)) != _as_text(value)
    }


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if hasattr(value, "pk"):
        return str(value.pk)
    return str(value)


def _signed_in(actor: "User | AnonymousUser | None") -> "User | None":
    """The user an entry names: none for a visitor (a learner with an access code, the public tracking page)."""
    return None if actor is None or isinstance(actor, AnonymousUser) else actor
