"""The import's write: every person of the checked rows, exactly as person_register writes one (social ID with its
check digit, derived fields, name keys and spellings, household and membership, consents, one audit entry each),
but in bulk, inside the caller's one transaction: all of it is written, or nothing."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from guichet.accounts.models import User
from guichet.audit.models import AuditEntry
from guichet.audit.services import changes_between
from guichet.common.checkdigit import new_social_id
from guichet.matching.normalize import name_spellings
from guichet.registry.models import (
    Consent,
    Household,
    Membership,
    NameSpellingForm,
    Person,
    PersonNameKey,
    PersonNamePair,
    Relationship,
)
from guichet.registry.name_index import key_pairs, stored_keys
from guichet.registry.services import PERSON_FIELDS, name_spelling_forms, person_derive

from .checks import Row
from .models import ImportedRow, ImportJob

BATCH = 2000


@dataclass
class Written:
    persons: int = 0
    linked: int = 0
    households: int = 0
    person_of_line: dict[int, int] = field(default_factory=dict)


def _social_ids(count: int) -> list[str]:
    """`count` new social IDs, none of them given already (drawn at random, checked in bulk)."""
    chosen: set[str] = set()
    while len(chosen) < count:
        fresh = {new_social_id() for _ in range(count - len(chosen))} - chosen
        for start in range(0, len(fresh), 5000):
            batch = sorted(fresh)[start : start + 5000]
            taken = set(Person.objects.filter(social_id__in=batch).values_list("social_id", flat=True))
            chosen.update(set(batch) - taken)
    return sorted(chosen)


def _insert(model: type[Model], fields: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Rows of plain values (in `fields` order) into the model's table: COPY on PostgreSQL (no model object per
    row: the write of 100,000 persons' names and links is the database's time, not Python's), bulk_create else."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        names = [getattr(model._meta.get_field(name), "attname", name) for name in fields]
        objects = [model(**dict(zip(names, row, strict=True))) for row in rows]
        model._default_manager.bulk_create(objects, batch_size=BATCH)
        return
    columns = ", ".join(
        connection.ops.quote_name(getattr(model._meta.get_field(name), "column", name)) for name in fields
    )
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _names(person: Person) -> str:
    return " ".join([person.given_name_latin, person.family_name_latin, person.given_name_ar, person.family_name_ar])


def persons_write(
    *,
    actor: User,
    job: ImportJob,
    rows: list[Row],
    links: dict[int, int],
    same_as: dict[int, int],
    ip_address: str | None,
    progress: Callable[[int], None] = lambda percent: None,
) -> Written:
    """Write the rows (in line order). `links`: line -> the registered person the row is (nothing created);
    `same_as`: line -> the earlier line the row repeats (nothing created); `progress` is told the percent done.
    Call inside a transaction."""
    written = Written()
    created_rows = [row for row in rows if row.line not in links and row.line not in same_as]
    persons: list[Person] = []
    for row, social_id in zip(created_rows, _social_ids(len(created_rows)), strict=True):
        person = Person(**{name: row.data.get(name) for name in PERSON_FIELDS if name in row.data})
        person.social_id = social_id
        person.created_by = actor
        person_derive(person)
        persons.append(person)
    Person.objects.bulk_create(persons, batch_size=BATCH)
    progress(75)
    person_of_line = written.person_of_line
    new_person = {}
    for row, person in zip(created_rows, persons, strict=True):
        person_of_line[row.line] = person.pk
        new_person[row.line] = person
    for row in rows:
        if row.line in links:
            person_of_line[row.line] = links[row.line]
        elif row.line in same_as and same_as[row.line] in person_of_line:
            person_of_line[row.line] = person_of_line[same_as[row.line]]
    written.persons = len(persons)
    written.linked = len(rows) - len(persons)

    written.households = _households_write(rows, new_person, person_of_line)
    progress(80)
    _names_write(persons)
    progress(88)
    now = timezone.now()
    _insert(
        Consent,
        ("person", "purpose", "given_on", "recorded_by", "created_at", "updated_at"),
        [
            (new_person[row.line].pk, purpose, row.consent_given_on, actor.pk, now, now)
            for row in created_rows
            for purpose in row.consent_purposes
        ],
    )
    keys = {row.key: row.line for row in reversed(rows)}  # a key given twice: the first row's
    _insert(
        ImportedRow,
        ("job", "key", "person"),
        [(job.pk, key, person_of_line[line]) for key, line in keys.items() if line in person_of_line],
    )
    progress(93)
    _audit_write(actor, persons, ip_address)
    progress(99)
    return written


def _households_write(rows: list[Row], new_person: dict[int, Person], person_of_line: dict[int, int]) -> int:
    """A household per head created (or, for a head who is a registered person, that person's household), and
    the membership of every person created. Returns the number of households created."""
    head_of: dict[str, Row] = {
        row.household: row for row in rows if row.household and row.relationship == Relationship.HEAD
    }
    existing = dict(
        Membership.objects.filter(
            person_id__in=[
                person_of_line[row.line]
                for row in head_of.values()
                if row.line not in new_person and row.line in person_of_line
            ],
            ended_on__isnull=True,
        ).values_list("person_id", "household_id")
    )
    households: dict[int, Household] = {}  # by the line of the row heading it
    household_ids: dict[int, int] = {}
    for row in rows:
        heads_own = not row.household or row.relationship == Relationship.HEAD
        if not heads_own:
            continue
        if row.line in new_person:
            person = new_person[row.line]
            households[row.line] = Household(commune=person.commune, address=person.address)
        elif person_of_line.get(row.line) in existing:
            household_ids[row.line] = existing[person_of_line[row.line]]
    for row in rows:  # members whose head is registered but without a household: a household of their own
        head = head_of.get(row.household)
        if (
            row.line in new_person
            and head is not None
            and head.line not in households
            and head.line not in household_ids
        ):
            person = new_person[row.line]
            households[head.line] = Household(commune=person.commune, address=person.address)
    Household.objects.bulk_create(list(households.values()), batch_size=BATCH)
    household_ids.update({line: household.pk for line, household in households.items()})
    memberships = []
    now = timezone.now()
    for row in rows:
        if row.line not in new_person:
            continue
        relationship: str = row.relationship
        if not row.household or relationship == Relationship.HEAD:
            household_id, relationship = household_ids[row.line], Relationship.HEAD
        else:
            household_id = household_ids[head_of[row.household].line]
        memberships.append((household_id, new_person[row.line].pk, relationship, now, now))
    _insert(Membership, ("household", "person", "relationship", "created_at", "updated_at"), memberships)
    return len(households)


def _names_write(persons: list[Person]) -> None:
    """The name keys of each person and their spellings in the search's dictionary (person_name_keys_write)."""
    keys, pairs = [], []
    spellings: dict[tuple[str, str], None] = {}
    for person in persons:
        found = name_spellings(_names(person))
        spellings.update(dict.fromkeys(found))
        stored = stored_keys(key for _, key in found)
        keys += [(person.pk, key) for key in stored]
        pairs += [(person.pk, pair) for pair in key_pairs(stored)]
    _insert(PersonNameKey, ("person", "key"), keys)
    _insert(PersonNamePair, ("person", "pair"), pairs)
    NameSpellingForm.objects.bulk_create(name_spelling_forms(list(spellings)), batch_size=5000, ignore_conflicts=True)


def _audit_write(actor: User, persons: list[Person], ip_address: str | None) -> None:
    """One entry per person created, as person_register records it, chained in one go."""
    entries = [
        AuditEntry(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            object_type=Person._meta.label_lower,
            object_id=str(person.pk),
            person_id=person.pk,
            scope_region_id=person.region_id,
            scope_province_id=person.province_id,
            changes=changes_between({}, {name: getattr(person, name) for name in PERSON_FIELDS}),
            ip_address=ip_address,
        )
        for person in persons
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=BATCH)
