"""How alike two full names are: the transliteration keys first, the spellings to rank the exact one above."""

from __future__ import annotations

import difflib

from guichet.matching.normalize import is_arabic, name_keys, normalize_name


def _ratio(left: str, right: str) -> float:
    return difflib.SequenceMatcher(None, left, right, autojunk=False).ratio()


def _scripts(text: str) -> set[str]:
    scripts = set()
    for char in text:
        if is_arabic(char) and char.isalpha():
            scripts.add("arabic")
        elif char.isascii() and char.isalpha():
            scripts.add("latin")
    return scripts


def similarity(a: str, b: str) -> float:
    """How alike two full names are, in [0, 1]: 1 for the same name, high for spelling variants.

    Compares the transliteration keys (in the given order and in sorted order, as family and given names
    are often swapped), and, when both names share a script, the normalised spellings too, so that the
    exact spelling ranks above its variants. Names in different scripts are compared on keys only, scaled
    by 0.95 so that an exact same-script spelling still ranks first.
    """
    keys_a, keys_b = name_keys(a), name_keys(b)
    if not keys_a or not keys_b:
        return 0.0
    key_score = max(
        _ratio(" ".join(keys_a), " ".join(keys_b)),
        _ratio(" ".join(sorted(keys_a)), " ".join(sorted(keys_b))),
    )
    text_a, text_b = normalize_name(a), normalize_name(b)
    if not _scripts(text_a) & _scripts(text_b):
        return round(0.95 * key_score, 6)
    text_score = max(
        _ratio(text_a, text_b),
        _ratio(" ".join(sorted(text_a.split())), " ".join(sorted(text_b.split()))),
    )
    return round(min(1.0, 0.75 * key_score + 0.25 * text_score), 6)
