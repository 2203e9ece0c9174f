"""Template filters for what a reader must read right in every language (see guichet/common/l10n.py).

Loaded on every page (TEMPLATES builtins): {{ req.reference_display|ltr }}, {{ person.address|address }},
{{ amount|money }}, {{ count|number }}, {{ req.due_date|format_date }}, {{ entry.at|format_datetime }},
{{ names|listjoin }}, and {% list_comma %} between looped items.
"""

import datetime
from collections.abc import Iterable

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from guichet.common import l10n

register = template.Library()


@register.filter(is_safe=True)
def ltr(value: object) -> SafeString:
    """<bdi dir="ltr">value</bdi>: a reference, social ID, phone (masked too), CNIE or IDCS kept in order."""
    return l10n.ltr_html(value)


@register.filter(is_safe=True)
def address(value: object) -> SafeString:
    """An address in its own direction, with its house numbers kept left-to-right."""
    return l10n.address_html(value)


@register.filter
def money(value: object) -> str:
    """An amount in dirhams, grouped, with the currency as the language writes it."""
    return l10n.format_money(value)  # type: ignore[arg-type]


@register.filter
def number(value: object) -> str:
    """A count with the thousands separator of the language."""
    if value is None or value == "":
        return ""
    return l10n.format_number(value)  # type: ignore[arg-type]


@register.filter
def format_date(value: object) -> str:
    """A date (or a date-time's local date) in the one date format of the language: 7 décembre 2026."""
    return l10n.format_date(value) if isinstance(value, datetime.date) else ""


@register.filter
def format_datetime(value: object) -> str:
    """A date and time, in local time, in the one date-time format of the language: 7 décembre 2026, 13:09."""
    return l10n.format_datetime(value) if isinstance(value, datetime.datetime) else ""


@register.filter(is_safe=True, needs_autoescape=True)
def listjoin(items: Iterable[object], autoescape: bool = True) -> SafeString:
    """The items joined with the comma of the language, each escaped."""
    shown = (conditional_escape(str(item)) if autoescape else str(item) for item in items)
    return mark_safe(l10n.list_separator().join(shown))  # noqa: S308 - items escaped


@register.simple_tag
def list_comma() -> str:
    """The comma of the language, for {% if not forloop.last %}{% list_comma %}{% endif %}."""
    return l10n.list_separator()
