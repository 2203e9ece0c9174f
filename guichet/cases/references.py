"""Request reference numbers: 10 digits (9 random, first not 0, and a Damm check digit), shown "12345 67890".

Digits only, so that a citizen can type one on any phone keypad, Arabic keyboards included; random rather
than sequential, so that a reference reveals nothing about how many requests were filed or guessing a
neighbour's; the check digit catches every mistyped digit and every swap of two adjacent digits.
"""

import random

from guichet.common.checkdigit import new_damm_number, parse_damm_number

REFERENCE_PAYLOAD_LENGTH = 9
REFERENCE_LENGTH = REFERENCE_PAYLOAD_LENGTH + 1


def new_reference(rng: random.Random | None = None) -> str:
    """A fresh random valid reference (not checked for uniqueness: see services.request_file)."""
    return new_damm_number(REFERENCE_PAYLOAD_LENGTH, rng)


def parse_reference(text: str) -> str | None:
    """The 10 canonical digits of a reference as typed (spaces, dashes, Arabic-Indic digits), else None."""
    return parse_damm_number(text, REFERENCE_LENGTH)


def format_reference(reference: str) -> str:
    """ "12345 67890" for display and print; anything else unchanged, so display code never fails."""
    if isinstance(reference, str) and len(reference) == REFERENCE_LENGTH and reference.isdigit():
        return f"{reference[:5]} {reference[5:]}"
    return reference or ""
