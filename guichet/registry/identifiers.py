"""Reading the identifiers agents type: CNIE and IDCS, normalised, loosely validated (phones: common/phones)."""

import re

from guichet.common.phones import ascii_digits

# The CNIE has no published check rule: one or two letters then digits is all we can ask.
_CNIE = re.compile(r"^[A-Z]{1,2}[0-9]{1,7}$")


def normalize_cnie(text: str) -> str:
    return re.sub(r"[\s\-./]", "", ascii_digits(text)).upper()


def is_valid_cnie(normalized: str) -> bool:
    return bool(_CNIE.match(normalized))


def normalize_idcs(text: str) -> str:
    return re.sub(r"[\s\-./]", "", ascii_digits(text))


def is_valid_idcs(normalized: str) -> bool:
    return len(normalized) == 10 and normalized.isdigit()
