"""The tracking form: the reference (unless the address carries it) and the date of birth in three fields.

The page writes its inputs itself (portal/track.html): numeric keypad, birthday autocompletion, no widget CSS.
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guichet.cases.references import parse_reference


def _digits(text: str) -> str:
    """ASCII digits of what was typed, Arabic-Indic digits included; other characters dropped."""
    return "".join(str(int(char)) for char in text if char.isdecimal())


class TrackForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference number"),
        max_length=40,
        help_text=_("The 10 digits printed on your receipt, for example 12345 67890."),
        error_messages={"required": _("Enter the reference number printed on your receipt.")},
    )
    day = forms.CharField(label=_("Day"), required=False)
    month = forms.CharField(label=_("Month"), required=False)
    year = forms.CharField(label=_("Year"), required=False)

    def __init__(self, *args, with_reference: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_reference:
            del self.fields["reference"]

    def clean_reference(self) -> str:
        text = self.cleaned_data["reference"]
        if len(_digits(text)) != 10:
            raise forms.ValidationError(_("A reference number has 10 digits: check the one on your receipt."))
        return text

    def clean(self):
        cleaned = super().clean()
        day, month, year = (_digits(self.data.get(self.add_prefix(name), "")) for name in ("day", "month", "year"))
        if not (day and month and year):
            self._birth_date_error(_("Enter your date of birth: day, month and year."))
        elif len(year) != 4:
            self._birth_date_error(_("Enter the year with 4 digits, for example 1985."))
        else:
            try:
                birth_date = datetime.date(int(year), int(month), int(day))
            except (ValueError, OverflowError):
                self._birth_date_error(_("This date does not exist: check the day and the month."))
            else:
                if birth_date > timezone.localdate() or birth_date.year < 1880:
                    self._birth_date_error(_("Check the year of birth."))
                else:
                    cleaned["birth_date"] = birth_date
        return cleaned

    def _birth_date_error(self, message) -> None:
        # One message for the three fields: the page shows it beside the date and links it to the day.
        self.add_error(None, forms.ValidationError(message, code="birth_date"))

    @property
    def canonical_reference(self) -> str | None:
        """The reference as stored, for counting attempts per reference whatever its spelling."""
        return parse_reference(self.data.get(self.add_prefix("reference"), "") or "")
