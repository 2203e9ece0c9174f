"""The model's reasons in human words: what each compared field and each level of agreement is called.

The batch run stores, per candidate pair, the comparison's output column and the level's chart label from
matching/comparisons.py; this is the one place that turns them into the reader's language (the pair page, and
later the registration form). A label not listed here is shown as it is rather than hidden.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

FIELDS: dict[str, Promise] = {
    "given_name": _("given name"),
    "family_name": _("family name"),
    "birth_date": _("date of birth"),
    "sex": _("sex"),
    "place": _("commune or province"),
    "phone": _("phone"),
    "cnie": _("CNIE"),
    "idcs": _("IDCS"),
}

LEVELS: dict[str, Promise] = {
    "null": _("missing in one of the files"),
    "exact, same script": _("agrees exactly"),
    "same transliteration key": _("same name, spelt differently or in the other script"),
    "given and family names swapped": _("given and family names swapped"),
    "spelling close, same script": _("spelt almost the same"),
    "key close or one word in common": _("close, or one word in common"),
    "another given name, same family and birth date": _("differs, same family and day of birth (twins)"),
    "All other comparisons": _("differs"),
    "same date": _("agrees exactly"),
    "day and month swapped": _("day and month swapped"),
    "same year, one year only": _("same year, only the year known in one file"),
    "one digit apart": _("one digit apart"),
    "same year, other day": _("same year, another day"),
    "a year apart": _("a year apart"),
    "born 15 years apart or more": _("15 years apart or more"),
    "same sex": _("agrees exactly"),
    "same commune": _("same commune"),
    "same province": _("same province, another commune"),
    "same phone, another given name": _("the same, but the given names differ (a household’s phone)"),
    "same phone": _("agrees exactly"),
    "same CNIE": _("agrees exactly"),
    "same IDCS": _("agrees exactly"),
    "one character apart": _("one character apart"),
}

MINUS = "\u2212"  # the minus sign, not a hyphen


@dataclass(frozen=True)
class Reason:
    field: str  # the field, in the reader's language
    level: str  # how far the two files agree on it, in words
    weight: float  # log2 Bayes factor: positive points to one person

    @property
    def weight_display(self) -> str:
        """The weight with its sign and one decimal in the reader's language: "+6.2", "−3.1", "0.0"."""
        shown = number_format(round(abs(self.weight), 1), decimal_pos=1)  # number_format cuts, never rounds
        if round(self.weight, 1) == 0:
            return shown
        return f"+{shown}" if self.weight > 0 else f"{MINUS}{shown}"

    @property
    def points_to_same(self) -> bool:
        return self.weight > 0


def field_words(field: str) -> str:
    return str(FIELDS.get(field, field))


def level_words(level: str) -> str:
    return str(LEVELS.get(level, level))


def reasons_of(explanation: Any) -> list[Reason]:
    """A pair's explanation as reasons, the heaviest (either way) first; malformed items are left out."""
    reasons = []
    for item in explanation if isinstance(explanation, list) else []:
        if not isinstance(item, dict):
            continue
        try:
            weight = float(item.get("weight") or 0)
        except (TypeError, ValueError):
            continue
        reasons.append(Reason(field_words(str(item.get("field", ""))), level_words(str(item.get("level", ""))), weight))
    return sorted(reasons, key=lambda reason: -abs(reason.weight))
