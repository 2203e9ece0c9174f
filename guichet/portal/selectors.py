"""The one read of the tracking page: a request, if the reference and the date of birth go together."""

import datetime
import functools

from django.db import connection, models

from guichet.cases.models import Request
from guichet.cases.references import parse_reference
from guichet.network.selectors import centres_by_pk
from guichet.registry.models import Person

# The page is public and the most asked for: it reads only what it shows and what it checks (one row, one join);
# the centre's name and contact come from the catalogue kept for every visitor.
REQUEST_COLUMNS = ("id", "reference", "status", "due_date", "centre")
PERSON_COLUMNS = ("birth_date", "merged_into")


@functools.cache
def _tracked_sql() -> str:
    """The read in SQL, its names taken from the models once. Django's query compiler took 0.6 ms of CPU to write
    this same query on every visit, five times what running it costs this process (and the page's whole budget is
    about 2 ms): this one query of the busiest public page is written once, with the reference as its parameter."""
    request, person = Request, Person
    columns = [f"r.{_column(request, name)}" for name in REQUEST_COLUMNS]
    columns += [f"p.{_column(person, name)}" for name in PERSON_COLUMNS]
    tables = connection.ops.quote_name(request._meta.db_table), connection.ops.quote_name(person._meta.db_table)
    person_id, reference, person_pk = _column(request, "person"), _column(request, "reference"), _column(person, "id")
    return (
        f"SELECT {', '.join(columns)} FROM {tables[0]} r "  # noqa: S608 (our tables' names, quoted)
        f"JOIN {tables[1]} p ON p.{person_pk} = r.{person_id} WHERE r.{reference} = %s"
    )


def _column(model, name: str) -> str:
    """The quoted column of a model's field."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column  # a concrete field of ours, never a reverse relation
    return connection.ops.quote_name(field.column)


def tracked_request(*, reference: str, birth_date: datetime.date) -> Request | None:
    """The request with this reference whose person was born on this date, else None (whichever is wrong).

    A merged person's file lives on in the one it was merged into: that file's date of birth counts.
    Persons whose only year of birth is known are stored as born on 1 January of that year.
    The request returned carries only what the page shows: its reference, status, due date and centre.
    """
    canonical = parse_reference(reference)
    if canonical is None:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_tracked_sql(), [canonical])
        row = cursor.fetchone()  # the reference is unique: one row or none
    if row is None:
        return None
    pk, reference, status, due_date, centre_id, born, merged_into_id = row
    seen = set()
    while merged_into_id and merged_into_id not in seen:  # rare: one more read per merge
        seen.add(merged_into_id)
        born, merged_into_id = Person.objects.values_list("birth_date", "merged_into_id").get(pk=merged_into_id)
    if born != birth_date:
        return None
    request = Request(pk=pk, reference=reference, status=status, due_date=due_date, centre_id=centre_id)
    request.centre = centres_by_pk(ids={centre_id})[centre_id]
    return request
