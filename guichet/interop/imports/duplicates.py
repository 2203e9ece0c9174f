"""Which rows of an import may be persons already known: the registry's, or an earlier row of the same file.

Certain: a row with the CNIE or IDCS of a registered person is that person (the identifier is unique).
Probable: the persons a bulk look-up finds (born the same day, or on 1 January of that year, the date of those
whose year only is known, sharing a given and a family name key), scored by the trained model as the check at
registration scores its candidates (matching.realtime, the registry's threshold); without a model, the registry's
exact rule (every name key on the same birth). Inside the file: rows with the same birth date and name keys,
scored by the model when there is one. The steward decides.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from guichet.matching import realtime
from guichet.matching.normalize import name_keys
from guichet.matching.services import model_current
from guichet.registry import lookalikes
from guichet.registry.match_records import PERSON_VALUES, person_record
from guichet.registry.models import Person, PersonNameKey

from .checks import Row

CHUNK = 2000
_NAME_FIELDS = ("given_name_latin", "family_name_latin", "given_name_ar", "family_name_ar")


@dataclass
class Found:
    line: int
    person_id: int | None = None
    other_line: int | None = None
    probability: float | None = None
    certain: bool = False
    row: dict[str, Any] = field(default_factory=dict)


def identity_of(row: Row) -> dict[str, Any]:
    """The row's minimal identity, kept with a duplicate for the steward to compare."""
    data = row.data
    return {
        "given_name_latin": data["given_name_latin"],
        "family_name_latin": data["family_name_latin"],
        "given_name_ar": data["given_name_ar"],
        "family_name_ar": data["family_name_ar"],
        "sex": data["sex"],
        "birth_date": data["birth_date"].isoformat(),
        "birth_date_approximate": data["birth_date_approximate"],
        "commune": data["commune"].code,
    }


def _keys(data: dict[str, Any], latin: str, arabic: str) -> frozenset[str]:
    return frozenset(name_keys(f"{data.get(latin) or ''} {data.get(arabic) or ''}"))


def _name_keys(row: Row) -> tuple[frozenset[str], frozenset[str]]:
    """The row's given-name keys and family-name keys."""
    return (
        _keys(row.data, "given_name_latin", "given_name_ar"),
        _keys(row.data, "family_name_latin", "family_name_ar"),
    )


def certain_matches(rows: list[Row]) -> dict[int, int]:
    """{line: person pk} for the rows whose CNIE or IDCS a registered person has."""
    found: dict[int, int] = {}
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        for name in ("cnie", "idcs"):
            by_value = {row.data[name]: row.line for row in chunk if row.data[name]}
            if not by_value:
                continue
            persons = Person.objects.filter(**{f"{name}__in": list(by_value)}).values_list(name, "pk", "merged_into")
            for value, pk, merged_into in persons:
                found.setdefault(by_value[value], merged_into or pk)
    return found


def find(rows: list[Row], *, progress=None) -> list[Found]:
    """Every row that may be someone known, certain ones first decided (link); one Found per line at most."""
    model = model_current()
    certain = certain_matches(rows)
    results = {line: Found(line=line, person_id=pk, certain=True) for line, pk in certain.items()}
    others = [row for row in rows if row.line not in certain]
    names = {row.line: _name_keys(row) for row in others}  # each row's keys, computed once
    for found in _in_file(others, names, model):
        results.setdefault(found.line, found)
    others.sort(key=lambda row: row.data["birth_date"])  # each date's persons are then read once
    for done, start in enumerate(range(0, len(others), CHUNK), start=1):
        chunk = [row for row in others[start : start + CHUNK] if row.line not in results]
        for found in _in_registry(chunk, names, model):
            results.setdefault(found.line, found)
        if progress is not None:
            progress(min(len(others), done * CHUNK), len(others))
    by_line = {row.line: row for row in rows}
    for found in results.values():
        found.row = identity_of(by_line[found.line])
    return sorted(results.values(), key=lambda found: found.line)


def _record(data: dict[str, Any]) -> dict[str, Any]:
    commune = data["commune"]
    typed = {**data, "pk": "", "commune__name_fr": commune.name_fr, "province__code": commune.province.code}
    return person_record([typed.get(name) for name in PERSON_VALUES])


def _in_file(rows: Iterable[Row], names: dict[int, tuple[frozenset[str], frozenset[str]]], model) -> list[Found]:
    """Later rows with the birth date and the name keys of an earlier one (scored by the model when trained)."""
    first: dict[tuple, Row] = {}
    found = []
    for row in rows:
        block = (row.data["birth_date"], *names[row.line])
        earlier = first.setdefault(block, row)
        if earlier is row:
            continue
        probability = None
        if model is not None:
            new = _record(row.data)
            candidate = {**_record(earlier.data), "unique_id": str(earlier.line)}
            [scored] = realtime.score(new, [candidate], model.settings, registry_size=max(1, model.record_count))
            if scored.probability < lookalikes.THRESHOLD:
                continue
            probability = scored.probability
        found.append(Found(line=row.line, other_line=earlier.line, probability=probability))
    return found


def _in_registry(rows: list[Row], names: dict[int, tuple[frozenset[str], frozenset[str]]], model) -> list[Found]:
    """The registry's duplicate check, for the rows a bulk look-up by birth date and name keys finds worth it."""
    if not rows:
        return []
    births = [row.data["birth_date"] for row in rows]
    first_days = {datetime.date(birth.year, 1, 1) for birth in births}
    # The rows come sorted by birth date: one range of dates (and the 1 Januaries of their years) per chunk.
    born_then = Q(person__birth_date__range=(min(births), max(births))) | Q(person__birth_date__in=first_days)
    # The name keys of the persons born then, read from the index of names (no name re-read).
    born: dict[datetime.date, dict[int, set[str]]] = {}
    keys = PersonNameKey.objects.filter(born_then, person__merged_into__isnull=True)
    for person_id, birth, key in keys.values_list("person_id", "person__birth_date", "key"):
        born.setdefault(birth, {}).setdefault(person_id, set()).add(key)
    found = []
    candidates: dict[int, list[int]] = {}
    for row in rows:
        birth = row.data["birth_date"]
        given, family = names[row.line]
        near = dict(born.get(birth, {}))
        if (birth.month, birth.day) != (1, 1):  # someone whose year only is known is registered on 1 January
            near.update(born.get(datetime.date(birth.year, 1, 1), {}))
        sharing = sorted(pk for pk, keys in near.items() if given & keys and family & keys)
        if not sharing:
            continue
        if model is None:  # the registry's exact rule: every name key (its first four) on the same birth
            every = set(name_keys(" ".join(row.data[name] for name in _NAME_FIELDS))[:4])
            same = [pk for pk in sharing if every <= near[pk]]
            if same:
                found.append(Found(line=row.line, person_id=same[0]))
        else:
            candidates[row.line] = sharing
    if candidates:
        found += _scored(rows, candidates, model)
    return found


def _scored(rows: list[Row], candidates: dict[int, list[int]], model) -> list[Found]:
    """Each row's candidates scored by the model (real-time scoring, as at registration); the likeliest kept
    from the registry's threshold on."""
    wanted = {pk for pks in candidates.values() for pk in pks}
    values = {row[0]: row for row in Person.objects.filter(pk__in=wanted).values_list(*PERSON_VALUES)}
    found = []
    for row in rows:
        if row.line not in candidates:
            continue
        records = [person_record(values[pk]) for pk in candidates[row.line] if pk in values]
        scored = realtime.score(_record(row.data), records, model.settings, registry_size=max(1, model.record_count))
        if scored and scored[0].probability >= lookalikes.THRESHOLD:
            best = scored[0]
            found.append(Found(line=row.line, person_id=int(best.record_id), probability=best.probability))
    return found
