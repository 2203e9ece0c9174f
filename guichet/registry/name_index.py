"""The index of names behind search and the duplicate checks: each person's transliteration keys (PersonNameKey)
and each pair of two of them (PersonNamePair), written together and read here.

A search of two names looks up the persons who have a key of each word. Intersecting the persons of each key
(an INTERSECT of index-only look-ups) hashes every person of a common first name — 53,000 for Fatima's key at
600,000 persons, 17 ms of PostgreSQL for one search —; the pairs' index finds the persons who have both keys in
one look-up of a few hundred rows.
"""

from collections.abc import Iterable, Sequence
from itertools import pairwise

from django.db.models import QuerySet

from .models import PersonNameKey, PersonNamePair

KEY_LENGTH = 40  # PersonNameKey.key's length: a longer key is cut, and its pairs are made of the cut key


def stored_keys(keys: Iterable[str]) -> list[str]:
    """The keys as stored: cut to their column's length, each once, in order."""
    return list(dict.fromkeys(key[:KEY_LENGTH] for key in keys))


def key_pairs(keys: Iterable[str]) -> list[str]:
    """Every pair of two different stored keys, each written once as "a b" with a before b."""
    ordered = sorted(set(stored_keys(keys)))
    return [f"{first} {second}" for index, first in enumerate(ordered) for second in ordered[index + 1 :]]


def _pairs_between(first: Iterable[str], second: Iterable[str]) -> list[str]:
    """The pairs of a key of `first` and a key of `second` (sets that share no key)."""
    return sorted({" ".join(sorted((a[:KEY_LENGTH], b[:KEY_LENGTH]))) for a in first for b in second})


def persons_with_keys(key_sets: Sequence[Sequence[str]]) -> QuerySet:
    """The `person_id` of the persons who have a key of each set (one set per word typed, or per name).

    Consecutive sets that share no key are looked up as pairs: a person has a key of each set exactly when they
    have a pair of each two consecutive sets. Sets that share a key ("Mohamed Mohamed", or a spelling variant
    common to two words) are intersected key by key, as a pair needs two different keys."""
    sets = [[key[:KEY_LENGTH] for key in keys] for keys in key_sets]
    having: list[QuerySet]
    if len(sets) > 1 and all(not set(a) & set(b) for a, b in pairwise(sets)):
        having = [
            PersonNamePair.objects.filter(pair__in=_pairs_between(a, b)).values("person_id") for a, b in pairwise(sets)
        ]
    else:
        having = [PersonNameKey.objects.filter(key__in=keys).values("person_id") for keys in sets]
    return having[0].intersection(*having[1:]) if len(having) > 1 else having[0]


def name_index_rows(person_id: int, keys: Iterable[str], *, key_model=PersonNameKey, pair_model=PersonNamePair):
    """The rows of one person's keys and of their pairs (models passed by a data migration; no pair model, no
    pairs: a migration older than the pairs' table)."""
    stored = stored_keys(keys)
    pairs = [] if pair_model is None else [pair_model(person_id=person_id, pair=pair) for pair in key_pairs(stored)]
    return [key_model(person_id=person_id, key=key) for key in stored], pairs
