"""Writing generated households: PostgreSQL COPY with primary keys reserved first, bulk_create elsewhere."""

import contextlib
import queue
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import NOT_PROVIDED, Max
from django.utils import timezone

from guichet.registry.models import (
    Consent,
    DisabilityRecord,
    Household,
    Membership,
    Person,
    PersonNameKey,
    PersonNamePair,
)
from guichet.registry.name_index import key_pairs

from .population import HouseholdRecord, PersonRecord

T = TypeVar("T")

# Person columns the writer fills itself rather than from the generated record.
_SYSTEM_FIELDS = frozenset(["id", "created_at", "updated_at", "version", "created_by", "merged_into"])


def _column(model: type[models.Model], name: str) -> str:
    """The database column of a field: the writer names only concrete fields, each with its column."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column is not None
    return field.column


def _person_fields(sample: PersonRecord) -> list[models.Field]:
    """The Person columns to write: all of them but those left to a database default the record lacks."""
    fields = []
    for field in Person._meta.concrete_fields:
        known = field.name in _SYSTEM_FIELDS or field.attname in vars(sample) or field.name in vars(sample)
        if known or field.default is not NOT_PROVIDED or field.null:
            fields.append(field)
        elif field.db_default is NOT_PROVIDED:
            raise ValueError(f"the generator gives no value for Person.{field.name}")
    return fields


def _person_value(field: models.Field, person: PersonRecord, system: dict[str, Any]) -> Any:
    if field.name in system:
        return system[field.name]
    values = vars(person)
    if field.attname in values:
        return values[field.attname]
    if field.name in values:
        value = values[field.name]
        return value.pk if isinstance(field, models.ForeignKey) else value
    return field.get_default()


class Writer:
    """Writes batches of households with their members, name keys, memberships, consents, disabilities."""

    def __init__(self, *, connection: BaseDatabaseWrapper, recorder_id: int) -> None:
        self.connection = connection
        self.recorder_id = recorder_id
        self.person_fields: list[models.Field] | None = None

    def write(self, households: Sequence[HouseholdRecord]) -> None:
        persons = [person for household in households for person in household.members]
        if not persons:
            return
        if self.person_fields is None:
            self.person_fields = _person_fields(persons[0])
        with transaction.atomic(using=self.connection.alias):
            household_ids = self.reserve_ids(Household, len(households))
            person_ids = self.reserve_ids(Person, len(persons))
            self.insert(households, household_ids, persons, person_ids)

    def person_rows(self, persons: Sequence[PersonRecord], person_ids: Sequence[int]) -> list[list[Any]]:
        now = timezone.now()
        system = {"created_at": now, "updated_at": now, "version": 1, "created_by": self.recorder_id}
        system["merged_into"] = None
        fields = self.person_fields or []
        rows = []
        for pk, person in zip(person_ids, persons, strict=True):
            system["id"] = pk
            rows.append([_person_value(field, person, system) for field in fields])
        return rows

    def reserve_ids(self, model: type[models.Model], count: int) -> list[int]:
        raise NotImplementedError

    def insert(self, households, household_ids, persons, person_ids) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """Called once at the end of the run."""


class PostgresWriter(Writer):
    """COPY into every table of a batch in one transaction; ids come from the sequences, taken in bulk."""

    def reserve_ids(self, model: type[models.Model], count: int) -> list[int]:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [model._meta.db_table, count],
            )
            return [row[0] for row in cursor.fetchall()]

    def insert(self, households, household_ids, persons, person_ids) -> None:
        now = timezone.now()
        memberships: list[list[Any]] = []
        keys: list[list[Any]] = []
        pairs: list[list[Any]] = []
        consents: list[list[Any]] = []
        disabilities: list[list[Any]] = []
        person_pk = iter(person_ids)
        household_rows = []
        for household, household_id in zip(households, household_ids, strict=True):
            household_rows.append(
                [household_id, now, now, household.commune.pk, household.address, household.rsu_score]
            )
            for person in household.members:
                pk = next(person_pk)
                memberships.append([now, now, household_id, pk, person.relationship, None])
                keys.extend([pk, key] for key in person.name_keys)
                pairs.extend([pk, pair] for pair in key_pairs(person.name_keys))
                consents.extend(
                    [now, now, pk, purpose, person.consent_given_on, self.recorder_id, None]
                    for purpose in person.consent_purposes
                )
                if person.disability:
                    kind, degree, card = person.disability
                    disabilities.append([now, now, 1, pk, kind, degree, card, ""])
        fields = self.person_fields or []
        self.copy(Household, ["id", "created_at", "updated_at", "commune", "address", "rsu_score"], household_rows)
        self.copy(Person, [field.name for field in fields], self.person_rows(persons, person_ids))
        self.copy(PersonNameKey, ["person", "key"], keys)
        self.copy(PersonNamePair, ["person", "pair"], pairs)
        self.copy(
            Membership,
            ["created_at", "updated_at", "household", "person", "relationship", "ended_on"],
            memberships,
        )
        self.copy(
            Consent,
            ["created_at", "updated_at", "person", "purpose", "given_on", "recorded_by", "withdrawn_on"],
            consents,
        )
        self.copy(
            DisabilityRecord,
            ["created_at", "updated_at", "version", "person", "kind", "degree", "card_number", "notes"],
            disabilities,
        )

    def copy(self, model: type[models.Model], field_names: list[str], rows: list[list[Any]]) -> None:
        from psycopg import sql

        if not rows:
            return
        columns = [_column(model, name) for name in field_names]
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(model._meta.db_table), sql.SQL(", ").join(map(sql.Identifier, columns))
        )
        # The Django cursor wraps psycopg's; COPY needs the psycopg cursor of the same connection.
        with self.connection.connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)

    def finish(self) -> None:
        tables = [
            model._meta.db_table for model in (Household, Person, PersonNameKey, PersonNamePair, Membership, Consent)
        ]
        tables.append(DisabilityRecord._meta.db_table)
        with self.connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(self.connection.ops.quote_name(table) for table in tables))


class OrmWriter(Writer):
    """Any other database (SQLite): bulk_create in batches, with primary keys counted on from the maximum."""

    def __init__(self, *, connection: BaseDatabaseWrapper, recorder_id: int, batch_size: int = 500) -> None:
        super().__init__(connection=connection, recorder_id=recorder_id)
        self.batch_size = batch_size
        self.next_ids: dict[type[models.Model], int] = {}

    def reserve_ids(self, model: type[models.Model], count: int) -> list[int]:
        if model not in self.next_ids:
            highest = model._default_manager.using(self.connection.alias).aggregate(highest=Max("pk"))["highest"]
            self.next_ids[model] = (highest or 0) + 1
        start = self.next_ids[model]
        self.next_ids[model] = start + count
        return list(range(start, start + count))

    def insert(self, households, household_ids, persons, person_ids) -> None:
        alias, size = self.connection.alias, self.batch_size
        fields = self.person_fields or []
        Household.objects.using(alias).bulk_create(
            [
                Household(pk=pk, commune=household.commune, address=household.address, rsu_score=household.rsu_score)
                for household, pk in zip(households, household_ids, strict=True)
            ],
            batch_size=size,
        )
        Person.objects.using(alias).bulk_create(
            [
                Person(**{field.attname: value for field, value in zip(fields, row, strict=True)})
                for row in self.person_rows(persons, person_ids)
            ],
            batch_size=size,
        )
        memberships: list[Membership] = []
        keys: list[PersonNameKey] = []
        pairs: list[PersonNamePair] = []
        consents: list[Consent] = []
        disabilities: list[DisabilityRecord] = []
        person_pk = iter(person_ids)
        for household, household_id in zip(households, household_ids, strict=True):
            for person in household.members:
                pk = next(person_pk)
                memberships.append(
                    Membership(household_id=household_id, person_id=pk, relationship=person.relationship)
                )
                keys.extend(PersonNameKey(person_id=pk, key=key) for key in person.name_keys)
                pairs.extend(PersonNamePair(person_id=pk, pair=pair) for pair in key_pairs(person.name_keys))
                consents.extend(
                    Consent(
                        person_id=pk,
                        purpose=purpose,
                        given_on=person.consent_given_on,
                        recorded_by_id=self.recorder_id,
                    )
                    for purpose in person.consent_purposes
                )
                if person.disability:
                    kind, degree, card = person.disability
                    disabilities.append(DisabilityRecord(person_id=pk, kind=kind, degree=degree, card_number=card))
        PersonNameKey.objects.using(alias).bulk_create(keys, batch_size=size)
        PersonNamePair.objects.using(alias).bulk_create(pairs, batch_size=size)
        Membership.objects.using(alias).bulk_create(memberships, batch_size=size)
        Consent.objects.using(alias).bulk_create(consents, batch_size=size)
        DisabilityRecord.objects.using(alias).bulk_create(disabilities, batch_size=size)


def writer_for(connection: BaseDatabaseWrapper, *, recorder_id: int) -> Writer:
    if connection.vendor == "postgresql":
        return PostgresWriter(connection=connection, recorder_id=recorder_id)
    return OrmWriter(connection=connection, recorder_id=recorder_id)


def in_background(items: Iterable[T], depth: int = 2) -> Iterator[T]:
    """Produce `items` in a thread, `depth` ahead of the consumer.

    Drawing the population is pure Python while writing mostly waits for the database, so doing both at
    once nearly halves the time of a large seed.
    """
    done = object()
    pending: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                if stop.is_set():
                    return
                pending.put(item)
        except BaseException as error:  # handed to the consumer, which raises it
            pending.put(error)
        else:
            pending.put(done)

    thread = threading.Thread(target=produce, name="seed-demo-generator", daemon=True)
    thread.start()
    try:
        while (item := pending.get()) is not done:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while thread.is_alive():  # unblock a producer waiting on a full queue
            with contextlib.suppress(queue.Empty):
                pending.get(timeout=0.1)
