"""Walks the audit log's hash chain and finds the first entry altered, missing or slipped in."""

from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext as _

from .chain import CHAINED_FIELDS, GENESIS, entry_hash
from .models import AuditEntry


@dataclass(frozen=True)
class Break:
    entry_id: int
    seq: int
    problem: str  # "altered" or "missing"
    message: str


@dataclass(frozen=True)
class Report:
    count: int
    head_seq: int
    head_hash: str
    first_break: Break | None


def audit_chain_check(*, using: str = DEFAULT_DB_ALIAS, chunk_size: int = 2000) -> Report:
    """Every entry in order of position: no gap, linked to the one before, its hash matching its content."""
    expected_seq, prev_hash, count = 1, GENESIS, 0
    rows = AuditEntry.objects.using(using).order_by("seq").values("id", "prev_hash", "hash", *CHAINED_FIELDS)
    for row in rows.iterator(chunk_size=chunk_size):
        count += 1
        found = _check(row, expected_seq, prev_hash)
        if found is not None:
            return Report(count=count, head_seq=expected_seq - 1, head_hash=prev_hash, first_break=found)
        expected_seq, prev_hash = row["seq"] + 1, row["hash"]
    return Report(count=count, head_seq=expected_seq - 1, head_hash=prev_hash, first_break=None)


def _check(row: dict, expected_seq: int, prev_hash: str) -> Break | None:
    entry_id, seq = row["id"], row["seq"]
    names = {"id": entry_id, "seq": seq, "expected": expected_seq}
    if seq != expected_seq:
        return Break(
            entry_id,
            seq,
            "missing",
            _("Entry missing before entry %(id)s: position %(expected)s expected, %(seq)s found.") % names,
        )
    if row["prev_hash"] != prev_hash:
        return Break(
            entry_id,
            seq,
            "missing",
            _("Entry missing or replaced before entry %(id)s (position %(seq)s): it does not follow the one before.")
            % names,
        )
    if entry_hash(prev_hash, row) != row["hash"]:
        return Break(
            entry_id,
            seq,
            "altered",
            _("Entry %(id)s (position %(seq)s) was altered: its hash does not match its content.") % names,
        )
    return None
