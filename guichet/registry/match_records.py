"""The registry's persons as the matching model reads them: one place for training (match_train) and the batch runs."""

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from guichet.matching.records import RAW_FIELDS, prepare_record

from .models import Person

# The Person values read for each of the model's raw fields (guichet.matching.records.RAW_FIELDS), in that order.
PERSON_VALUES = (
    "pk",
    "given_name_latin",
    "family_name_latin",
    "given_name_ar",
    "family_name_ar",
    "sex",
    "birth_date",
    "birth_date_approximate",
    "cnie",
    "idcs",
    "phone",
    "commune__name_fr",
    "province__code",
)
CHUNK_SIZE = 5000


def persons_to_match() -> QuerySet[Person]:
    """Every person not merged into another: a merged file is scored through the file it was merged into."""
    return Person.objects.filter(merged_into__isnull=True)


def registry_records() -> Iterator[dict[str, Any]]:
    """The persons to match as the model's prepared records (record_id = str(pk)), streamed in pk order (so that
    training is reproducible) without holding the Person rows in memory."""
    rows = persons_to_match().order_by("pk").values_list(*PERSON_VALUES)
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        yield person_record(row)


def person_record(values: tuple | list) -> dict[str, Any]:
    """One person's PERSON_VALUES, in that order, as the model's prepared record."""
    return prepare_record(dict(zip(RAW_FIELDS, values, strict=True)))
