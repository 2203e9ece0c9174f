"""The entries of the audit list and of its export as plain rows, not model instances.

A page of the log is 50 entries, each with its actor and its person: read through select_related they were 150
model instances, whose building cost more than the rest of the page's reading (bench/load.py, "audit list"). The
same columns read as tuples make an entry, its actor and its person here, with what the stories and the rows read
of them (audit/story.py, audit/rows.py, audit/exports.py) and nothing else: a list cannot change an entry.
"""

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from guichet.common.checkdigit import format_social_id
from guichet.common.l10n import name_in_language

from .models import AuditEntry

ACTIONS = dict(AuditEntry.Action.choices)
ENTRY_COLUMNS = ("at", "action", "object_type", "object_id", "changes", "ip_address", "seq")
ACTOR_COLUMNS = ("username", "first_name", "last_name")
PERSON_COLUMNS = ("social_id", "given_name_latin", "family_name_latin", "given_name_ar", "family_name_ar")
COLUMNS = (
    *ENTRY_COLUMNS,
    "actor_id",
    *(f"actor__{column}" for column in ACTOR_COLUMNS),
    "person_id",
    *(f"person__{column}" for column in PERSON_COLUMNS),
)


class ListedActor:
    __slots__ = ACTOR_COLUMNS

    def __init__(self, username: str, first_name: str, last_name: str):
        self.username, self.first_name, self.last_name = username, first_name, last_name

    def get_full_name(self) -> str:  # as Django's user says it
        return f"{self.first_name} {self.last_name}".strip()


class ListedPerson:
    __slots__ = PERSON_COLUMNS

    def __init__(self, social_id: str, given_latin: str, family_latin: str, given_ar: str, family_ar: str):
        self.social_id = social_id
        self.given_name_latin, self.family_name_latin = given_latin, family_latin
        self.given_name_ar, self.family_name_ar = given_ar, family_ar

    @property
    def full_name(self) -> str:
        latin = f"{self.given_name_latin} {self.family_name_latin}".strip()
        return name_in_language(latin, f"{self.given_name_ar} {self.family_name_ar}".strip())

    @property
    def social_id_display(self) -> str:
        return format_social_id(self.social_id)


class ListedEntry:
    __slots__ = (*ENTRY_COLUMNS, "actor", "person_id", "person")

    def __init__(self, row: tuple[Any, ...]):
        self.at, self.action, self.object_type, self.object_id, self.changes, self.ip_address, self.seq = row[:7]
        self.actor = None if row[7] is None else ListedActor(*row[8:11])
        self.person_id = row[11]
        self.person = None if row[11] is None else ListedPerson(*row[12:17])

    def get_action_display(self) -> str:
        return str(ACTIONS.get(self.action, self.action))


def listed(entries: QuerySet[AuditEntry], *, chunk_size: int | None = None) -> Iterator[ListedEntry]:
    """The entries of `entries` (filtered, ordered, sliced as given) as rows; read in chunks when `chunk_size`."""
    rows = entries.values_list(*COLUMNS)
    for row in rows.iterator(chunk_size=chunk_size) if chunk_size else rows:
        yield ListedEntry(row)


Entry = AuditEntry | ListedEntry  # what a story tells: an entry read whole, or listed
