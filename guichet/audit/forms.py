"""The filters of the audit log: dates, who, what was done, to which record; checked, with translated errors."""

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from guichet.common.checkdigit import parse_social_id

from .kinds import DISABILITY_OBJECT_TYPE, type_choices
from .models import AuditEntry


def _action_choices() -> list[tuple[str, str]]:
    return [("", str(_("All"))), *((value, str(capfirst(label))) for value, label in AuditEntry.Action.choices)]


class AuditFilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    actor = forms.CharField(
        label=_("Who"),
        required=False,
        max_length=150,
        help_text=_("Username or name of the staff member."),
    )
    action = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.ChoiceField(label=_("Record type"), required=False)
    object_ref = forms.CharField(
        label=_("Record"),
        required=False,
        max_length=40,
        help_text=_("A request reference, a social ID, a username or a record number."),
    )
    person = forms.CharField(label=_("Social ID of the person"), required=False, max_length=40)

    def __init__(self, *args: Any, sees_disability: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sees_disability = sees_disability
        action, object_type = self.fields["action"], self.fields["object_type"]
        assert isinstance(action, forms.ChoiceField) and isinstance(object_type, forms.ChoiceField)
        # Listed when the form is shown or checked, not before: a blank form's fields are written once per process.
        action.choices = _action_choices
        object_type.choices = self._type_choices

    def _type_choices(self) -> list[tuple[str, str]]:
        types = [
            (value, label) for value, label in type_choices() if self.sees_disability or value != DISABILITY_OBJECT_TYPE
        ]
        return [("", str(_("All"))), *types]

    def clean_person(self) -> str:
        text = self.cleaned_data["person"].strip()
        if not text:
            return ""
        social_id = parse_social_id(text)
        if social_id is None:
            raise forms.ValidationError(_("This is not a valid social ID: check the digits."))
        return social_id

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def filters(self) -> dict[str, Any]:
        """The filters that passed their checks (a refused one is not applied: the form says why)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        given = {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}
        if "person" in given:
            given["person_social_id"] = given.pop("person")
        return given
