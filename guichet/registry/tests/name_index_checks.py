"""A check shared by the tests of every writer of the index of names: each person's pairs are their keys' pairs."""

from guichet.registry.models import PersonNameKey, PersonNamePair
from guichet.registry.name_index import key_pairs


def assert_pairs_follow_keys() -> int:
    """Every person's stored pairs are exactly the pairs of their stored keys; returns how many pairs there are."""
    keys: dict[int, list[str]] = {}
    for person_id, key in PersonNameKey.objects.values_list("person_id", "key"):
        keys.setdefault(person_id, []).append(key)
    pairs: dict[int, set[str]] = {}
    for person_id, pair in PersonNamePair.objects.values_list("person_id", "pair"):
        pairs.setdefault(person_id, set()).add(pair)
    expected = {person_id: set(key_pairs(found)) for person_id, found in keys.items()}
    assert {k: v for k, v in expected.items() if v} == pairs
    return sum(len(found) for found in pairs.values())
