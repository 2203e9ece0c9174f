"""Reading the identifiers agents type: CNIE, IDCS, phone numbers — normalised, loosely validated."""

import re

import phonenumbers
from django.conf import settings

_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# The CNIE has no published check rule: one or two letters then digits is all we can ask.
_CNIE = re.compile(r"^[A-Z]{1,2}[0-9]{1,7}$")


def ascii_digits(text: str) -> str:
    return text.translate(_ARABIC_DIGITS)


def normalize_cnie(text: str) -> str:
    return re.sub(r"[\s\-./]", "", ascii_digits(text)).upper()


def is_valid_cnie(normalized: str) -> bool:
    return bool(_CNIE.match(normalized))


def normalize_idcs(text: str) -> str:
    return re.sub(r"[\s\-./]", "", ascii_digits(text))


def is_valid_idcs(normalized: str) -> bool:
    return len(normalized) == 10 and normalized.isdigit()


def normalize_phone(text: str) -> str | None:
    """The number in E.164 (+212…), or None when it is not a possible, valid number."""
    try:
        number = phonenumbers.parse(ascii_digits(text), settings.GUICHET_PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str) -> str:
    """A stored number as agents write it: national form for local numbers, international otherwise."""
    if not e164:
        return ""
    number = phonenumbers.parse(e164, None)
    if phonenumbers.region_code_for_number(number) == settings.GUICHET_PHONE_REGION:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
