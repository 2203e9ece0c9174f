"""The matching model's reasons in words: what each compared field is called and what each level of agreement on
it means, for the agent at registration and the data steward reviewing a pair — one vocabulary for both.

A reason is a comparison's output column and its level's chart label (guichet/matching/comparisons.py) with the
level's weight (log2 of its Bayes factor: positive speaks for one person). A level this wording does not know (a
later model) is said by whether it speaks for or against.
"""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# What each level of each comparison means for the agent, by the level's label in the model's settings.
_NAME_LEVELS: dict[str, dict[str, Promise]] = {
    "given_name": {
        "exact, same script": _("same given name"),
        "same transliteration key": _("same given name, in another spelling or script"),
        "given and family names swapped": _("given and family names swapped"),
        "spelling close, same script": _("given name spelt almost the same"),
        "key close or one word in common": _("given name close"),
        "another given name, same family and birth date": _("another given name, same family name and birth date"),
        "All other comparisons": _("another given name"),
    },
    "family_name": {
        "exact, same script": _("same family name"),
        "same transliteration key": _("same family name, in another spelling or script"),
        "given and family names swapped": _("given and family names swapped"),
        "spelling close, same script": _("family name spelt almost the same"),
        "key close or one word in common": _("family name close"),
        "All other comparisons": _("another family name"),
    },
}
REASONS: dict[str, dict[str, Promise]] = {
    **_NAME_LEVELS,
    "birth_date": {
        "same date": _("same date of birth"),
        "day and month swapped": _("date of birth with day and month swapped"),
        "same year, one year only": _("same year of birth (only the year is known)"),
        "one digit apart": _("date of birth one digit apart"),
        "same year, other day": _("same year of birth, another day"),
        "a year apart": _("born a year apart"),
        "born 15 years apart or more": _("born 15 years apart or more"),
        "All other comparisons": _("another date of birth"),
    },
    "sex": {"same sex": _("same sex"), "All other comparisons": _("another sex")},
    "place": {
        "same commune": _("same commune"),
        "same province": _("same province, another commune"),
        "All other comparisons": _("lives in another province"),
    },
    "phone": {
        "same phone, another given name": _("same phone, another given name"),
        "same phone": _("same phone"),
        "one digit apart": _("phone one digit apart"),
        "All other comparisons": _("another phone"),
    },
    "cnie": {
        "same CNIE": _("same CNIE"),
        "one character apart": _("CNIE one character apart"),
        "All other comparisons": _("another CNIE"),
    },
    "idcs": {
        "same IDCS": _("same IDCS"),
        "one character apart": _("IDCS one character apart"),
        "All other comparisons": _("another IDCS"),
    },
}
FIELDS = {
    "given_name": _("given name"),
    "family_name": _("family name"),
    "birth_date": _("date of birth"),
    "sex": _("sex"),
    "place": _("place"),
    "phone": _("phone"),
    "cnie": _("CNIE"),
    "idcs": _("IDCS"),
}

MINUS = "\u2212"  # the minus sign, not a hyphen


def field_words(field: str) -> str:
    return str(FIELDS.get(field, field))


def reason_text(field: str, label: str, weight: float) -> str | Promise:
    """What reaching `label` on `field` means, in words; a level not worded here by whether it speaks for one."""
    text = REASONS.get(field, {}).get(label)
    if text is None:
        template = gettext("%(field)s agrees") if weight > 0 else gettext("%(field)s differs")
        return template % {"field": field_words(field)}
    return text


@dataclass(frozen=True)
class Reason:
    """One field of the comparison: what was found, in words, and how much it weighed (log2 of its factor)."""

    field: str
    text: str | Promise
    weight: float

    @property
    def agrees(self) -> bool:
        return self.weight > 0

    @property
    def field_words(self) -> str:
        return field_words(self.field)

    @property
    def weight_display(self) -> str:
        """The weight with its sign and one decimal in the reader's language: "+6.2", "−3.1", "0.0"."""
        shown = number_format(round(abs(self.weight), 1), decimal_pos=1)  # number_format cuts, never rounds
        if round(self.weight, 1) == 0:
            return shown
        return f"+{shown}" if self.weight > 0 else f"{MINUS}{shown}"


def reasons_of(explanation: object) -> list[Reason]:
    """A stored explanation ([{"field", "level", "weight"}, …]) as reasons, the heaviest either way first;
    malformed items are left out."""
    reasons = []
    for item in explanation if isinstance(explanation, list) else []:
        if not isinstance(item, dict):
            continue
        try:
            weight = float(item.get("weight") or 0)
        except (TypeError, ValueError):
            continue
        field = str(item.get("field", ""))
        reasons.append(Reason(field, reason_text(field, str(item.get("level", "")), weight), weight))
    return sorted(reasons, key=lambda reason: -abs(reason.weight))
