"""Phone numbers as people type them (Arabic-Indic digits, spaces, national form), stored in E.164."""

import phonenumbers
from django.conf import settings

_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def ascii_digits(text: str) -> str:
    """Arabic-Indic and Persian digits read as 0-9; everything else kept."""
    return text.translate(_ARABIC_DIGITS)


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
