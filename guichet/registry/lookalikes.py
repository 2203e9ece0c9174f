"""Who in the registry may be the person being registered: candidates by indexed keys, scored by the model.

The registry hands a bounded set of candidates (at most CANDIDATES) to the matching model's real-time scoring:
persons who share a name key (or a key one letter away, the search's slip tolerance) with both the given and
the family name typed, closest birth year first; a family name and the birth year; a given name and the birth
date (or the date with day and month swapped); the birth date and the commune; the same CNIE, IDCS or phone.
Every block is an indexed look-up with its own limit, in one query. Without a trained model, the exact check
of before applies: the same identifier, or the same names and birth year.
"""

import datetime
from typing import Any

from django.db.models import Q
from django.db.models.functions import Abs, ExtractYear

from guichet.matching import realtime
from guichet.matching.normalize import name_keys, name_spellings, spelling_neighbours

from .match_records import PERSON_VALUES, person_record
from .models import NameSpellingForm, Person
from .name_index import persons_with_keys

CANDIDATES = 200
# The blocks' own limits (the names block is the widest: a common name has many namesakes).
_NAMES_LIMIT = 120
_BLOCK_LIMIT = 30
# Persons of the same given and family names looked at, the closest birth years of them kept.
_NAMESAKES = 2000
# Shown as a likely existing file from this match probability on.
THRESHOLD = 0.5


def near_keys(spellings: list[tuple[str, str]]) -> dict[str, list[str]]:
    """For each key, the other keys of registered spellings one letter from a typed spelling (one query).

    A typed word and a registered spelling one substitution, insertion, deletion or swap apart share a form
    (the word, or the word less one letter): one indexed lookup of the forms, no scan of the names."""
    forms_of = {(spelling, key): spelling_neighbours(spelling) for spelling, key in spellings}
    wanted = {form for forms in forms_of.values() for form in forms}
    if not wanted:
        return {}
    found: dict[str, set[str]] = {}
    for form, key in NameSpellingForm.objects.filter(form__in=wanted).values_list("form", "key").distinct():
        found.setdefault(form, set()).add(key)
    near: dict[str, list[str]] = {}
    for (_, key), forms in forms_of.items():
        others = {other for form in forms for other in found.get(form, ())} - {key}
        if others:
            near[key] = sorted(set(near.get(key, [])) | others)
    return near


def exact_condition(data: dict) -> Q:
    """Persons who may be the one being registered without a model: same identifier, or same names and birth
    year (±1), or same phone and a name in common."""
    conditions = Q(pk__in=[])
    for name in ("cnie", "idcs"):
        if data.get(name):
            conditions |= Q(**{name: data[name]})
    keys = name_keys(" ".join(data.get(name) or "" for name in _NAME_FIELDS))
    if keys and data.get("birth_date"):
        same_names = Person.objects.all()
        for key in keys[:4]:
            same_names = same_names.filter(name_keys__key=key)
        year = data["birth_date"].year
        conditions |= Q(pk__in=same_names.values("pk"), birth_date__year__in=[year - 1, year, year + 1])
    if data.get("phone") and keys:
        same_phone = Person.objects.filter(phone=data["phone"], name_keys__key__in=keys)
        conditions |= Q(pk__in=same_phone.values("pk"))
    return conditions


_NAME_FIELDS = ("given_name_latin", "family_name_latin", "given_name_ar", "family_name_ar")


def likely_matches(data: dict, settings: dict[str, Any], *, registry_size: int) -> list[realtime.Scored]:
    """The candidates the model gives THRESHOLD or more of being the person in `data` (a registration form's
    person_data), best first; each Scored.record_id is a person's primary key."""
    rows = list(
        Person.objects.filter(_candidate_condition(data), merged_into__isnull=True).values_list(*PERSON_VALUES)[
            :CANDIDATES
        ]
    )
    if not rows:
        return []
    commune = data.get("commune")
    typed = {
        **data,
        "pk": "",
        "commune__name_fr": getattr(commune, "name_fr", ""),
        "province__code": commune.province.code if commune is not None else "",
    }
    new = person_record([typed.get(name) for name in PERSON_VALUES])
    scored = realtime.score(new, [person_record(row) for row in rows], settings, registry_size=registry_size)
    return [item for item in scored if item.probability >= THRESHOLD]


def _keys_of(data: dict, fields: tuple[str, str], near: dict[str, list[str]]) -> list[str]:
    spellings = name_spellings(" ".join(data.get(name) or "" for name in fields))
    keys = [key for _, key in spellings]
    return sorted({*keys, *(other for key in keys for other in near.get(key, []))})


def _with_keys(*key_sets: list[str], cap: int | None = None) -> Q:
    """Persons who have a key of each set, found in the index of names alone (name_index.persons_with_keys), so
    that only they are read. A cap also tells PostgreSQL how few they are (it guesses thousands for two common
    names, and would then scan every person rather than look them up)."""
    persons = persons_with_keys(key_sets)
    return Q(pk__in=persons if cap is None else persons[:cap])


def _candidate_condition(data: dict) -> Q:
    """The union of the blocks, each an indexed look-up bounded by its own limit.

    A UNION of the blocks, not an OR of them: PostgreSQL cannot use an index for an OR of subqueries and would
    scan every person. Each block is wrapped in a plain select (SQLite allows no LIMIT inside a UNION)."""
    near = near_keys(name_spellings(" ".join(data.get(name) or "" for name in _NAME_FIELDS)))
    given = _keys_of(data, ("given_name_latin", "given_name_ar"), near)
    family = _keys_of(data, ("family_name_latin", "family_name_ar"), near)
    birth: datetime.date | None = data.get("birth_date")
    exact_date = birth is not None and not data.get("birth_date_approximate")
    persons = Person.objects.filter(merged_into__isnull=True)
    blocks: list[Any] = []
    if given and family:
        named = persons.filter(_with_keys(given, family, cap=_NAMESAKES))
        if birth is not None:
            named = named.annotate(year_gap=Abs(ExtractYear("birth_date") - birth.year)).order_by("year_gap", "pk")
        blocks.append(named.values("pk")[:_NAMES_LIMIT])
    if family and birth is not None:
        born = {
            "birth_date__gte": datetime.date(birth.year - 1, 1, 1),
            "birth_date__lte": datetime.date(birth.year + 1, 12, 31),
        }
        blocks.append(persons.filter(_with_keys(family), **born).values("pk")[:_BLOCK_LIMIT])
    if exact_date and birth is not None:
        dates = [birth] + ([birth.replace(day=birth.month, month=birth.day)] if birth.day <= 12 else [])
        if given:
            blocks.append(persons.filter(_with_keys(given), birth_date__in=dates).values("pk")[:_BLOCK_LIMIT])
        if data.get("commune") is not None:
            same_place = persons.filter(birth_date=birth, commune=data["commune"])
            blocks.append(same_place.values("pk")[:_BLOCK_LIMIT])
    for name in ("cnie", "idcs", "phone"):
        if data.get(name):
            blocks.append(persons.filter(**{name: data[name]}).values("pk")[:_BLOCK_LIMIT])
    if not blocks:
        return Q(pk__in=[])
    wrapped = [Person.objects.filter(pk__in=block).values("pk") for block in blocks]
    return Q(pk__in=wrapped[0].union(*wrapped[1:]) if len(wrapped) > 1 else wrapped[0])
