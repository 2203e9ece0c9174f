"""Checks shared by every form: names and titles hold only visible characters.

A name with a bidi override (U+202E), a zero-width space or a line break looks like another name on screen
and in lists, sorts and matches differently, and can reorder the text around it in receipts and exports.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Control (Cc: CR, LF, BEL, NUL…), format (Cf: bidi marks and overrides, zero-width characters), surrogates,
# private use, unassigned, and the line and paragraph separators.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
# Form fields holding a name or a title: given_name_latin, family_name_ar, name_fr, title_en, president…
NAME_FIELD = re.compile(r"(^|_)(name|title|president|username|first_name|last_name)($|_)")


def validate_visible_text(value: str) -> None:
    """Refuses a value with a control or invisible formatting character, naming the character found."""
    for character in value or "":
        if unicodedata.category(character) in INVISIBLE_CATEGORIES:
            raise ValidationError(
                _(
                    "This contains an invisible or control character (%(character)s). "
                    "Type it again, without copying and pasting."
                ),
                code="invisible_character",
                params={"character": f"U+{ord(character):04X}"},
            )


def check_names(form: forms.BaseForm) -> None:
    """Adds the visible-text check to every text field of `form` that holds a name or a title."""
    for name, field in form.fields.items():
        named = isinstance(field, forms.CharField) and NAME_FIELD.search(name)
        if named and validate_visible_text not in field.validators:
            field.validators.append(validate_visible_text)


class NamesChecked:
    """Form mixin (first among the bases): its name and title fields refuse invisible and control characters."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        check_names(self)
