"""Access codes of learners and verification codes of certificates: short digits with a Damm check digit.

An access code is 8 digits (7 random, 1 check); only its keyed hash is stored, so a copy of the database
does not open anyone's course. The check digit lets the page tell a typing error from a wrong code.
"""

import hashlib
import hmac

from django.conf import settings

from guichet.common.checkdigit import new_damm_number, parse_damm_number

ACCESS_CODE_LENGTH = 8
CERTIFICATE_CODE_LENGTH = 10


def new_access_code(rng=None) -> str:
    return new_damm_number(ACCESS_CODE_LENGTH - 1, rng)


def parse_access_code(text: str) -> str | None:
    return parse_damm_number(text, ACCESS_CODE_LENGTH)


def hash_code(code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"training:{code}".encode(), hashlib.sha256).hexdigest()


def new_certificate_code(rng=None) -> str:
    return new_damm_number(CERTIFICATE_CODE_LENGTH - 1, rng)


def parse_certificate_code(text: str) -> str | None:
    return parse_damm_number(text, CERTIFICATE_CODE_LENGTH)


def format_code(code: str) -> str:
    """Grouped by four from the left, "1234 5678" or "1234 5678 90", easier to read out and type."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))
