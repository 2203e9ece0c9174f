"""Reads of identity resolution: the decision on a pair, the pairs still to propose, the default merge choices."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy

from guichet.accounts import permissions as roles
from guichet.accounts import scopes
from guichet.common.exceptions import NotAllowed
from guichet.common.l10n import format_date, isolate_ltr_if_bidi
from guichet.common.phones import format_phone
from guichet.matching.reasons import Reason, reasons_of
from guichet.registry.models import Person
from guichet.territory.models import Region

from .models import CandidatePair, Merge, PairDecision

# The fields a merge chooses one by one; a choice brings its companions (the date with whether only its year is
# known). Province, region and the name copies follow from these (registry.services.person_derive).
MERGEABLE_FIELDS = (
    "given_name_latin",
    "family_name_latin",
    "given_name_ar",
    "family_name_ar",
    "sex",
    "birth_date",
    "cnie",
    "idcs",
    "phone",
    "commune",
    "address",
)
COMPANIONS = {"birth_date": ("birth_date_approximate",)}
SIDES = ("survivor", "absorbed")


def ordered_pair(a: Person, b: Person) -> tuple[Person, Person]:
    return (a, b) if a.pk < b.pk else (b, a)


def pair_decision(a: Person, b: Person) -> PairDecision | None:
    first, second = ordered_pair(a, b)
    return PairDecision.objects.filter(person_a=first, person_b=second).first()


def pairs_to_propose(pairs: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The candidate pairs (person pks) a steward should still review, in the order given: a pair already decided
    (either way) or with a file merged away is never proposed again."""
    wanted = [(min(a, b), max(a, b)) for a, b in pairs if a != b]
    if not wanted:
        return []
    ids = {pk for pair in wanted for pk in pair}
    decided = set(
        PairDecision.objects.filter(person_a__in=ids, person_b__in=ids).values_list("person_a_id", "person_b_id")
    )
    merged = set(Person.objects.filter(pk__in=ids, merged_into__isnull=False).values_list("pk", flat=True))
    seen: set[tuple[int, int]] = set()
    result = []
    for pair in wanted:
        if pair in decided or pair in seen or merged.intersection(pair):
            continue
        seen.add(pair)
        result.append(pair)
    return result


def _blank(value) -> bool:
    return value in (None, "")


def merge_defaults(survivor: Person, absorbed: Person) -> dict[str, str]:
    """The side each field is taken from unless the steward says otherwise: the survivor's value, unless it is
    empty (or only a year of birth) and the absorbed file has one, or both have one and the absorbed file was
    updated more recently (the newest value checked by an agent)."""
    newer = absorbed.updated_at > survivor.updated_at
    choices = {}
    for name in MERGEABLE_FIELDS:
        mine, theirs = getattr(survivor, name), getattr(absorbed, name)
        if name == "birth_date" and survivor.birth_date_approximate != absorbed.birth_date_approximate:
            side = "absorbed" if survivor.birth_date_approximate else "survivor"
        elif _blank(theirs) or mine == theirs:
            side = "survivor"
        elif _blank(mine) or newer:
            side = "absorbed"
        else:
            side = "survivor"
        choices[name] = side
    return choices


def active_merge_of(absorbed: Person) -> Merge | None:
    return Merge.objects.filter(absorbed=absorbed, undone_at__isnull=True).first()


def merges_of(person: Person) -> list[Merge]:
    """The merges a file took part in, newest first."""
    return list(
        Merge.objects.filter(Q(survivor=person) | Q(absorbed=person))
        .select_related("survivor", "absorbed", "merged_by", "undone_by")
        .order_by("-merged_at", "-pk")
    )


# --- the data steward's review ---------------------------------------------------------------------------------

QUEUE_PAGE_SIZE = 25
# The probability bands of the queue's filter: (lowest, below), the upper bound excluded.
PROBABILITY_BANDS: dict[str, tuple[float, float | None]] = {
    "sure": (0.99, None),
    "likely": (0.9, 0.99),
    "possible": (0.5, 0.9),
    "unlikely": (0.0, 0.5),
}
# The rows each file's page counts: requests, training enrolments, schooling applications (related names).
LINKED_RECORDS = {"requests": "requests", "enrolments": "training_enrollments", "applications": "schooling_support"}


def _steward_only(viewer, *persons: Person) -> None:
    if not roles.can_merge_persons(viewer, *persons):
        raise NotAllowed


def candidate_queue(*, viewer, region: str = "", band: str = "", page_number: Any = 1) -> Page:
    """The candidate pairs still to decide in the viewer's territory, the most probable first: a pair decided
    either way, or with a file merged away, has left the queue for good."""
    _steward_only(viewer)
    scope = scopes.scope_of(viewer)
    decided = PairDecision.objects.filter(person_a=OuterRef("person_a"), person_b=OuterRef("person_b"))
    pairs = (
        CandidatePair.objects.filter(person_a__merged_into__isnull=True, person_b__merged_into__isnull=True)
        .filter(scope.person_filter("person_a__"), scope.person_filter("person_b__"))
        .exclude(Exists(decided))
        .select_related("person_a__commune", "person_b__commune")
    )
    if region:
        pairs = pairs.filter(Q(person_a__region__code=region) | Q(person_b__region__code=region))
    if band in PROBABILITY_BANDS:
        lowest, below = PROBABILITY_BANDS[band]
        pairs = pairs.filter(probability__gte=lowest)
        if below is not None:
            pairs = pairs.filter(probability__lt=below)
    return Paginator(pairs.order_by("-probability", "person_a", "person_b"), QUEUE_PAGE_SIZE).get_page(page_number)


def queue_regions() -> QuerySet[Region]:
    return Region.objects.order_by("code")


def person_for_review(*, viewer, social_id: str) -> Person:
    """A file the steward compares: 404 when no file has this social ID, NotAllowed outside their territory."""
    person = Person.objects.select_related("commune__province__region", "merged_into").filter(social_id=social_id)
    found = person.first()
    if found is None:
        raise Http404
    _steward_only(viewer, found)
    return found


def existing_social_ids(social_ids: Iterable[str]) -> set[str]:
    return set(Person.objects.filter(social_id__in=list(social_ids)).values_list("social_id", flat=True))


@dataclass(frozen=True)
class FieldRow:
    name: str
    label: str
    first: str
    second: str

    @property
    def differs(self) -> bool:
        return self.first != self.second


@dataclass
class PairReview:
    first: Person  # the older file (the lower pk when both were registered together)
    second: Person
    candidate: CandidatePair | None
    decision: PairDecision | None
    merge: Merge | None  # the active merge of one of the two into the other, if any
    rows: list[FieldRow]
    linked: dict[int, dict[str, int]]  # person pk → {"requests": n, ...}
    defaults: dict[str, str] = field(default_factory=dict)  # field → "first" or "second", the older file surviving

    @property
    def reasons(self) -> list[Reason]:
        return reasons_of(self.candidate.explanation) if self.candidate is not None else []

    @property
    def differing(self) -> list[FieldRow]:
        return [row for row in self.rows if row.differs]

    @property
    def linked_first(self) -> dict[str, int]:
        return self.linked.get(self.first.pk, {})

    @property
    def linked_second(self) -> dict[str, int]:
        return self.linked.get(self.second.pk, {})

    @property
    def merged_away(self) -> bool:
        return self.first.merged_into_id is not None or self.second.merged_into_id is not None


def shown_value(person: Person, name: str) -> str:
    """A field of a file as the review shows it (and compares it), in the reader's language."""
    if name == "birth_date":
        if person.birth_date_approximate:
            return gettext("%(year)s (approximate)") % {"year": person.birth_date.year}
        return format_date(person.birth_date)
    if name == "sex":
        return str(capfirst(person.get_sex_display()))
    if name == "commune":
        commune = person.commune
        return f"{commune.name} — {commune.province.name}"
    if name == "phone":
        return isolate_ltr_if_bidi(format_phone(person.phone))
    value = getattr(person, name)
    if name in ("cnie", "idcs"):  # kept left to right inside an Arabic page, like the phone
        return isolate_ltr_if_bidi(value)
    return "" if value is None else str(value)


def field_label(name: str) -> str:
    model_field = Person._meta.get_field(name)
    return str(capfirst(getattr(model_field, "verbose_name", name)))


def _older_first(a: Person, b: Person) -> tuple[Person, Person]:
    return (a, b) if (a.created_at, a.pk) <= (b.created_at, b.pk) else (b, a)


def linked_counts(*persons: Person) -> dict[int, dict[str, int]]:
    """How many requests, enrolments and schooling applications link to each file."""
    annotations = {f"count_{key}": Count(related, distinct=True) for key, related in LINKED_RECORDS.items()}
    rows = Person.objects.filter(pk__in=[p.pk for p in persons]).annotate(**annotations).values("pk", *annotations)
    return {row["pk"]: {key: row[f"count_{key}"] for key in LINKED_RECORDS} for row in rows}


def pair_review(*, viewer, a: Person, b: Person) -> PairReview:
    """Two files side by side, with the model's reasons when it proposed them, the decision taken on them and the
    merge between them, if any; the default merge keeps the older file and, field by field, merge_defaults."""
    _steward_only(viewer, a, b)
    first, second = _older_first(a, b)
    low, high = ordered_pair(first, second)
    merge = (
        Merge.objects.filter(undone_at__isnull=True)
        .filter(Q(survivor=first, absorbed=second) | Q(survivor=second, absorbed=first))
        .first()
    )
    sides = merge_defaults(first, second)
    return PairReview(
        first=first,
        second=second,
        candidate=CandidatePair.objects.filter(person_a=low, person_b=high).first(),
        decision=pair_decision(first, second),
        merge=merge,
        rows=[
            FieldRow(name, field_label(name), shown_value(first, name), shown_value(second, name))
            for name in MERGEABLE_FIELDS
        ],
        linked=linked_counts(first, second),
        defaults={name: "first" if side == "survivor" else "second" for name, side in sides.items()},
    )


def merge_get(*, viewer, pk: int) -> Merge:
    merge = Merge.objects.select_related(
        "survivor__commune__province", "absorbed__commune__province", "merged_by", "undone_by"
    ).filter(pk=pk)
    found = merge.first()
    if found is None:
        raise Http404
    _steward_only(viewer, found.survivor, found.absorbed)
    return found


@dataclass(frozen=True)
class MergeSummary:
    taken: list[str]  # the fields whose value came from the absorbed file
    moved: list[tuple[str, int]]  # (kind of record, how many) moved to the survivor
    kept: list[tuple[str, int]]  # (kind of record, how many) left with the absorbed file (a unique rule)


# How the merge page names the records it lists, where the model's own name is not the steward's word; the name
# keys of the search and their pairs (rebuilt from the names) are not shown at all.
RECORD_NAMES: dict[str, Promise | None] = {
    "registry.membership": gettext_lazy("household memberships"),
    "registry.personnamekey": None,
    "registry.personnamepair": None,
}


def _record_name(label: str) -> str | None:
    if label in RECORD_NAMES:
        named = RECORD_NAMES[label]
        return None if named is None else str(named)
    try:
        return str(apps.get_model(label)._meta.verbose_name_plural)
    except (LookupError, ValueError):
        return label


def _by_kind(rows: list[dict]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for row in rows:
        name = _record_name(str(row.get("model", "")))
        if name is not None:
            counts[name] = counts.get(name, 0) + 1
    return sorted(counts.items())


def merge_summary(merge: Merge) -> MergeSummary:
    """What a merge did, in words: the values taken from the absorbed file, the records moved and kept."""
    snapshot = merge.snapshot or {}
    return MergeSummary(
        taken=[field_label(name) for name in MERGEABLE_FIELDS if merge.choices.get(name) == "absorbed"],
        moved=_by_kind(snapshot.get("moved", [])),
        kept=_by_kind(snapshot.get("kept", [])),
    )
