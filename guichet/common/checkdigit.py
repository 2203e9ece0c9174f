"""Damm check digit and the social ID: 8 random digits and 1 Damm check digit, shown as "123 456 789"."""

from __future__ import annotations

import random
import secrets
import unicodedata

# The Damm algorithm uses a totally anti-symmetric quasigroup of order 10 (the table below, from Damm's
# 2004 thesis). Its check digit detects every single-digit substitution and every transposition of two
# adjacent digits, including transpositions with the check digit itself, unlike Luhn (which misses 09/90)
# and without the extra "X" symbol of ISO 7064 mod 11.
_DAMM_TABLE: tuple[tuple[int, ...], ...] = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)

SOCIAL_ID_PAYLOAD_LENGTH = 8
SOCIAL_ID_LENGTH = SOCIAL_ID_PAYLOAD_LENGTH + 1

# Arabic-Indic (U+0660-U+0669) and extended Arabic-Indic (U+06F0-U+06F9) digits, as typed on Arabic keyboards.
_DIGITS = str.maketrans(
    {
        **{chr(0x0660 + value): str(value) for value in range(10)},
        **{chr(0x06F0 + value): str(value) for value in range(10)},
    }
)
# Separators people put in an ID: spaces, dashes of every kind, dots, slashes.
_SEPARATORS = frozenset(" -._/\u00a0\u2007\u2009\u202f\u2010\u2011\u2012\u2013\u2014\u2212\u066b\u066c")


def _is_ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _interim(digits: str) -> int:
    interim = 0
    for char in digits:
        interim = _DAMM_TABLE[interim][ord(char) - 48]
    return interim


def damm_check_digit(digits: str) -> str:
    """The Damm check digit to append to a string of ASCII digits; ValueError on anything else."""
    if not isinstance(digits, str) or not _is_ascii_digits(digits):
        raise ValueError(f"digits expected, got {digits!r}")
    return str(_interim(digits))


def damm_is_valid(number: str) -> bool:
    """Whether a string of ASCII digits ends with its correct Damm check digit."""
    return isinstance(number, str) and _is_ascii_digits(number) and _interim(number) == 0


def is_valid_social_id(social_id: str) -> bool:
    """Whether a canonical social ID (9 ASCII digits, first not 0, Damm-valid) is well formed."""
    return (
        isinstance(social_id, str)
        and len(social_id) == SOCIAL_ID_LENGTH
        and social_id[:1] != "0"
        and damm_is_valid(social_id)
    )


def _canonical_digits(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_DIGITS)  # NFKC: full-width digits too
    return "".join(
        char for char in text if char not in _SEPARATORS and not char.isspace() and unicodedata.category(char) != "Cf"
    )


def parse_social_id(text: str) -> str | None:
    """The 9 canonical digits of a social ID typed by a user, or None if it is not a valid social ID.

    Accepts spaces, dashes, dots and slashes anywhere, and Arabic-Indic digits. A number of the right
    length whose check digit fails (a typing error) or that starts with 0 (never issued) gives None.
    """
    if not isinstance(text, str):
        return None
    digits = _canonical_digits(text)
    return digits if is_valid_social_id(digits) else None


def format_social_id(social_id: str) -> str:
    """The social ID grouped for display, "123 456 789".

    Anything that does not read as 9 digits (a blank ID on an unsaved record) is returned unchanged, so
    that display code never fails; validity is parse_social_id's job.
    """
    if not isinstance(social_id, str):
        return ""
    # A stored ID is already its 9 canonical digits (every row a page lists): grouped without normalising it.
    digits = social_id if _is_ascii_digits(social_id) else _canonical_digits(social_id)
    if len(digits) != SOCIAL_ID_LENGTH or not _is_ascii_digits(digits):
        return social_id
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def new_social_id(rng: random.Random | None = None) -> str:
    """A fresh random valid social ID: 8 payload digits (first not 0) and the Damm check digit.

    Uses `secrets` unless a seeded `random.Random` is given (fixtures, tests). The 90 million payloads
    are drawn at random, not in sequence, so IDs reveal nothing; uniqueness and never reusing an ID are
    the caller's business (a unique constraint on the column, and retry while the candidate is taken).
    """
    if rng is None:
        first = secrets.randbelow(9) + 1
        rest = [secrets.randbelow(10) for _ in range(SOCIAL_ID_PAYLOAD_LENGTH - 1)]
    else:
        first = rng.randrange(1, 10)
        rest = [rng.randrange(10) for _ in range(SOCIAL_ID_PAYLOAD_LENGTH - 1)]
    payload = str(first) + "".join(str(digit) for digit in rest)
    return payload + damm_check_digit(payload)


def new_damm_number(payload_length: int, rng: random.Random | None = None) -> str:
    """A random number of `payload_length` digits (first not 0) followed by its Damm check digit.

    The generic form of new_social_id, for other identifiers (request references); `secrets` unless a
    seeded `random.Random` is given. Uniqueness is the caller's business.
    """
    if payload_length < 1:
        raise ValueError("payload_length must be at least 1")
    if rng is None:
        first = secrets.randbelow(9) + 1
        rest = [secrets.randbelow(10) for _ in range(payload_length - 1)]
    else:
        first = rng.randrange(1, 10)
        rest = [rng.randrange(10) for _ in range(payload_length - 1)]
    payload = str(first) + "".join(str(digit) for digit in rest)
    return payload + damm_check_digit(payload)


def parse_damm_number(text: str, length: int) -> str | None:
    """The canonical ASCII digits of a Damm-checked number of `length` digits (first not 0) typed by a user.

    Like parse_social_id: spaces, dashes, dots and slashes anywhere, Arabic-Indic digits; None when the
    length, the first digit or the check digit is wrong.
    """
    if not isinstance(text, str):
        return None
    digits = _canonical_digits(text)
    if len(digits) != length or not _is_ascii_digits(digits) or digits[:1] == "0" or not damm_is_valid(digits):
        return None
    return digits
