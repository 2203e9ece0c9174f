"""A person as the identity-resolution model reads them: plain values in, the model's columns out.

The caller (the registry's command, a CSV reader) gives a dict with the keys of `RAW_FIELDS`; `prepare_record`
returns the columns the model compares: both scripts of each name normalised, a cross-script transliteration
key for each name (the same for "Idrissi" and "الإدريسي"), the birth date with its year kept apart (a date
known only by its year still agrees on the year) and with day and month swapped (14/03 typed as 03/14), the
phone in E.164 and the identifiers upper-cased without spaces.
"""

import datetime
import functools
from typing import Any

import phonenumbers
from django.conf import settings

from guichet.matching.normalize import name_keys, normalize_name

RAW_FIELDS = (
    "record_id",
    "given_name_latin",
    "family_name_latin",
    "given_name_arabic",
    "family_name_arabic",
    "sex",
    "birth_date",
    "birth_date_approx",
    "cnie",
    "idcs",
    "phone",
    "commune",
    "province",
)

# The columns the model compares, in the order they are handed to the engine.
COLUMNS = (
    "unique_id",
    "given_latin",
    "family_latin",
    "given_arabic",
    "family_arabic",
    "given_key",
    "family_key",
    "given_key1",
    "family_key1",
    "birth_date",
    "birth_date_swapped",
    "birth_year",
    "birth_approx",
    "sex",
    "commune",
    "province",
    "phone",
    "cnie",
    "idcs",
)

_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _or_none(text: str) -> str | None:
    return text or None


# Names repeat (a registry of millions holds some thousands of spellings): normalising each once makes preparing
# a million records about three times faster.
@functools.lru_cache(maxsize=65_536)
def _name(value: Any) -> str | None:
    return _or_none(normalize_name(_text(value)))


@functools.lru_cache(maxsize=65_536)
def _keys(*spellings: Any) -> tuple[str, ...]:
    """The transliteration keys of a name, from its Latin spelling, or its Arabic one when it has no Latin."""
    for spelling in spellings:
        keys = name_keys(_text(spelling))
        if keys:
            return tuple(keys)
    return ()


def phone_e164(value: Any) -> str | None:
    """A phone as typed (Arabic-Indic digits, national form) in E.164, or None when it is no valid number.

    The same reading as guichet.common.phones.normalize_phone, which this kernel module may not import.
    """
    text = _text(value).translate(_ARABIC_DIGITS)
    if not text:
        return None
    try:
        number = phonenumbers.parse(text, settings.GUICHET_PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _identifier(value: Any) -> str | None:
    return _or_none("".join(_text(value).translate(_ARABIC_DIGITS).split()).upper())


def _swapped(date: datetime.date) -> str | None:
    """The date with day and month exchanged, when that is a date and a different one."""
    if date.day > 12 or date.day == date.month:
        return None
    return datetime.date(date.year, date.day, date.month).isoformat()


def _is_approx(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return _text(value).lower() in {"year", "true", "1", "yes"}


def birth_columns(value: Any, approx: Any) -> dict[str, Any]:
    """birth_date, birth_date_swapped, birth_year and birth_approx from a date (or YYYY-MM-DD, or YYYY).

    A date known only by its year keeps its year and no day: it can agree on the year, never on a day.
    Raises ValueError on a text that is no date.
    """
    empty = {"birth_date": None, "birth_date_swapped": None, "birth_year": None, "birth_approx": False}
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        date = value
    else:
        text = _text(value).translate(_ARABIC_DIGITS)
        if not text:
            return empty
        if len(text) == 4 and text.isdigit():
            return {**empty, "birth_year": int(text), "birth_approx": True}
        date = datetime.date.fromisoformat(text)  # ValueError on anything else
    if _is_approx(approx):
        return {**empty, "birth_year": date.year, "birth_approx": True}
    return {
        "birth_date": date.isoformat(),
        "birth_date_swapped": _swapped(date),
        "birth_year": date.year,
        "birth_approx": False,
    }


def prepare_record(raw: dict[str, Any]) -> dict[str, Any]:
    """The model's columns (COLUMNS) for one person given as a dict of RAW_FIELDS (missing keys are empty)."""
    given_keys = _keys(raw.get("given_name_latin"), raw.get("given_name_arabic"))
    family_keys = _keys(raw.get("family_name_latin"), raw.get("family_name_arabic"))
    sex = _text(raw.get("sex")).upper()[:1]
    return {
        "unique_id": _text(raw.get("record_id")),
        "given_latin": _name(raw.get("given_name_latin")),
        "family_latin": _name(raw.get("family_name_latin")),
        "given_arabic": _name(raw.get("given_name_arabic")),
        "family_arabic": _name(raw.get("family_name_arabic")),
        "given_key": _or_none(" ".join(given_keys)),
        "family_key": _or_none(" ".join(family_keys)),
        "given_key1": given_keys[0] if given_keys else None,
        "family_key1": family_keys[-1] if family_keys else None,
        **birth_columns(raw.get("birth_date"), raw.get("birth_date_approx")),
        "sex": sex if sex in {"F", "M"} else None,
        "commune": _name(raw.get("commune")),
        "province": _name(raw.get("province")),
        "phone": phone_e164(raw.get("phone")),
        "cnie": _identifier(raw.get("cnie")),
        "idcs": _identifier(raw.get("idcs")),
    }
