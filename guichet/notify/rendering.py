"""Filling a message template: the values a request offers, in the citizen's language, put in safely."""

import re

from django.utils import translation

from guichet.cases.links import tracking_url
from guichet.cases.models import Status
from guichet.cases.references import format_reference
from guichet.common.l10n import format_date, isolate_ltr_if_bidi

from .defaults import PLACEHOLDERS

# Only {name} with a bare word is a placeholder: no attribute or index access (str.format would allow
# "{reference.__class__}"), and braces an administrator types for another reason stay as typed.
_PLACEHOLDER = re.compile(r"\{([A-Za-z_]+)\}")


def render(text: str, values: dict[str, str]) -> str:
    """The text with every known {placeholder} replaced; unknown ones are left as typed, never an error."""
    return _PLACEHOLDER.sub(lambda match: str(values.get(match[1], match[0])), text)


def unknown_placeholders(text: str) -> list[str]:
    """The {names} in a text that are not placeholders, in order of appearance, for the template form."""
    seen: list[str] = []
    for name in _PLACEHOLDER.findall(text):
        if name not in PLACEHOLDERS and name not in seen:
            seen.append(name)
    return seen


def request_values(*, request, status: str, language: str) -> dict[str, str]:
    """The placeholder values for a request at a status, in a language (names of service, centre, status)."""
    centre = request.centre
    with translation.override(language):
        try:
            status_label = str(Status(status).label)
        except ValueError:
            status_label = status
        # In a right-to-left language the reference, phone number and tracking address are kept left-to-right
        # and in one piece (LRI … PDI): a phone would otherwise show "45891 74533" as "74533 45891".
        values = {
            "reference": isolate_ltr_if_bidi(format_reference(request.reference)),
            "service": request.service.name,
            "status": status_label,
            # The one date format of the language, as on the pages and the receipt (15 يناير 2027).
            "due_date": format_date(request.due_date),
            "centre": centre.display_name,
            "centre_phone": isolate_ltr_if_bidi(centre.phone or centre.email),
            "track_url": isolate_ltr_if_bidi(tracking_url(reference=request.reference)),
        }
    return values
