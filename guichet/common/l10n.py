"""Dates, amounts, lists and numbers-in-text as the reader's language writes them, in one place.

Dates use the one date format and one date-time format of each language (guichet/formats). References,
social IDs, phone numbers, CNIE, IDCS and house numbers are isolated from the bidirectional algorithm, so that
an Arabic page or message cannot reorder their digits ("45891 74533" shown as "74533 45891"): in HTML with
<bdi dir="ltr">, in plain text (SMS, e-mail, flash messages) with the Unicode isolates LRI … PDI.
"""

import datetime
import functools
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_bidi, pgettext

from .html_text import escaped

LRI, PDI = "\u2066", "\u2069"  # left-to-right isolate, pop directional isolate

# A house number and what sticks to it: 83, 12bis, 4/2, 10-12, N°5.
_NUMBER_IN_ADDRESS = re.compile(r"\d+(?:[/\-]\d+)*(?:\s?(?:bis|ter)\b|[A-Za-z]\b)?")


def name_in_language(latin: str, arabic: str) -> str:
    """A person's name as the reader's language prefers it: in Arabic script on an Arabic page when it has one,
    otherwise in Latin script (and the one written when only one is)."""
    if (get_language() or "").startswith("ar"):
        return arabic or latin
    return latin or arabic


def format_date(value: datetime.date | None) -> str:
    """The one date format of the active language (2 décembre 2026, 2 دجنبر 2026, 2 December 2026)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return _date_text(value, get_language())


@functools.lru_cache(maxsize=4096)
def _date_text(value: datetime.date, language: str | None) -> str:
    """format_date's words for a date in a language (the active one), kept: a work queue or a list of results
    shows the same due dates and birth dates again and again, and Django builds each from the format again
    (about 35 µs, a millisecond on a page of 25 rows)."""
    return date_format(value, "DATE_FORMAT")


def format_datetime(value: datetime.datetime | None) -> str:
    """The one date-time format of the active language, in local time (2 دجنبر 2026، 13:09)."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    # Shown to the minute: the entries of one minute (an audit log's page, a timeline) share their words.
    return _datetime_text(value.replace(second=0, microsecond=0), get_language())


@functools.lru_cache(maxsize=4096)
def _datetime_text(value: datetime.datetime, language: str | None) -> str:
    return date_format(value, "DATETIME_FORMAT")


def format_number(value: int | Decimal | float) -> str:
    """A count with the thousands separator of the active language (12 345, 12.345, 12,345)."""
    return number_format(value, force_grouping=True)


def format_money(amount: int | Decimal | float | str | None) -> str:
    """An amount in dirhams as the language writes it: 12 345,50 DH, 12.345,50 درهم, 1,500 DH."""
    if amount is None or amount == "":
        return ""
    value = Decimal(str(amount))
    places = 0 if value == value.to_integral_value() else 2
    # Translators: the Moroccan dirham after an amount, as the language writes it (DH; درهم in Arabic).
    currency = pgettext("currency", "DH")
    return f"{number_format(value, decimal_pos=places, force_grouping=True)}\u00a0{currency}"


def list_separator() -> str:
    """The comma between the items of a list: ", " or the Arabic "، "."""
    # Translators: between the items of a list; Arabic writes "، " (the Arabic comma).
    return pgettext("list separator", ", ")


def join_list(items: Iterable[object]) -> str:
    """Items joined with the comma of the active language, as plain text."""
    return list_separator().join(str(item) for item in items)


def isolate_ltr(text: object) -> str:
    """Plain text kept left-to-right and in one piece inside any sentence (LRI … PDI); empty stays empty."""
    text = "" if text is None else str(text)
    return f"{LRI}{text}{PDI}" if text else ""


def isolate_ltr_if_bidi(text: object) -> str:
    """isolate_ltr in a right-to-left language; as is otherwise (GSM-7 SMS have no room for the isolates)."""
    return isolate_ltr(text) if get_language_bidi() else ("" if text is None else str(text))


def ltr_html(value: object) -> SafeString:
    """A reference, ID or phone number, escaped, in <bdi dir="ltr">; nothing for an empty value."""
    if value is None or value == "":
        return mark_safe("")
    return SafeString(f'<bdi dir="ltr">{escaped(value)}</bdi>')  # escaped


def text_direction(text: str) -> str:
    """ "rtl" when the first letter is Arabic (or Hebrew), "ltr" otherwise: what dir="auto" would find."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def address_html(value: object) -> SafeString:
    """An address in its own direction, each house number kept left-to-right inside it.

    The direction is written out rather than left to <bdi>'s "auto", which WeasyPrint (the PDF receipts)
    does not know: there "83, Rue Al Massira" would still come out as "Rue Al Massira ,83".
    """
    if value is None or value == "":
        return mark_safe("")
    text, parts, start = str(value), [], 0
    for match in _NUMBER_IN_ADDRESS.finditer(text):
        parts.append(escaped(text[start : match.start()]))
        parts.append(f'<bdi dir="ltr">{escaped(match[0])}</bdi>')
        start = match.end()
    parts.append(escaped(text[start:]))
    return SafeString(f'<bdi dir="{text_direction(text)}">{"".join(parts)}</bdi>')  # parts escaped
