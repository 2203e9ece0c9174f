"""Reads of identity resolution: the decision on a pair, the pairs still to propose, the default merge choices."""

from collections.abc import Iterable

from django.db.models import Q

from guichet.registry.models import Person

from .models import Merge, PairDecision

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
