"""Forms of the registry pages: each field checked and normalised, with messages that name it."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guichet.common.checkdigit import parse_social_id
from guichet.common.phones import normalize_phone
from guichet.common.validators import NamesChecked
from guichet.territory.forms import CommuneChoiceField

from .identifiers import (
    is_valid_cnie,
    is_valid_idcs,
    normalize_cnie,
    normalize_idcs,
)
from .models import Consent, DisabilityRecord, Membership, Person, Relationship

OLDEST_BIRTH_YEAR = 1900


class PersonForm(NamesChecked, forms.ModelForm):
    birth_year = forms.IntegerField(
        label=_("year of birth (when the date is not known)"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    commune = CommuneChoiceField()

    class Meta:
        model = Person
        fields = [
            "given_name_latin",
            "family_name_latin",
            "given_name_ar",
            "family_name_ar",
            "sex",
            "birth_date",
            "cnie",
            "idcs",
            "phone",
            "commune",
            "address",
        ]
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "given_name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "family_name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "sex": forms.RadioSelect,
            "phone": forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
            "idcs": forms.TextInput(attrs={"inputmode": "numeric"}),
        }
        help_texts = {
            "cnie": _("National electronic identity card number, e.g. BE123456."),
            "idcs": _("10 digits."),
            "phone": _("For example 0612345678 or +33612345678."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["birth_date"].required = False
        self.fields["sex"].choices = self.fields["sex"].choices[1:]  # no empty radio
        if self.instance.pk and self.instance.birth_date_approximate:
            self.initial["birth_year"] = self.instance.birth_date.year
            self.initial["birth_date"] = None

    def clean_cnie(self) -> str | None:
        value = normalize_cnie(self.cleaned_data.get("cnie") or "")
        if value and not is_valid_cnie(value):
            raise forms.ValidationError(_("Enter the CNIE as on the card: one or two letters, then digits."))
        return value or None

    def clean_idcs(self) -> str | None:
        value = normalize_idcs(self.cleaned_data.get("idcs") or "")
        if value and not is_valid_idcs(value):
            raise forms.ValidationError(_("The IDCS has exactly 10 digits."))
        return value or None

    def clean_phone(self) -> str:
        value = (self.cleaned_data.get("phone") or "").strip()
        if not value:
            return ""
        normalized = normalize_phone(value)
        if normalized is None:
            raise forms.ValidationError(_("This is not a valid phone number."))
        return normalized

    def clean_birth_date(self) -> datetime.date | None:
        value = self.cleaned_data.get("birth_date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        if value and value.year < OLDEST_BIRTH_YEAR:
            raise forms.ValidationError(_("Check the year of birth."))
        return value

    def clean_birth_year(self) -> int | None:
        value = self.cleaned_data.get("birth_year")
        if value is not None and not OLDEST_BIRTH_YEAR <= value <= timezone.localdate().year:
            raise forms.ValidationError(
                _("Enter a year between %(first)s and %(last)s.")
                % {"first": OLDEST_BIRTH_YEAR, "last": timezone.localdate().year}
            )
        return value

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if not data.get("given_name_latin") and not data.get("given_name_ar"):
            self.add_error("given_name_latin", _("Enter the given name in Latin or in Arabic script."))
        if not data.get("family_name_latin") and not data.get("family_name_ar"):
            self.add_error("family_name_latin", _("Enter the family name in Latin or in Arabic script."))
        if data.get("birth_date"):
            data["birth_date_approximate"] = False
        elif data.get("birth_year"):
            data["birth_date"] = datetime.date(data["birth_year"], 1, 1)
            data["birth_date_approximate"] = True
        elif "birth_date" not in self.errors and "birth_year" not in self.errors:
            self.add_error("birth_date", _("Enter the date of birth, or at least the year."))
        return data

    def _post_clean(self) -> None:
        # Model validation (uniqueness of CNIE and IDCS) runs in the service, which owns the write.
        pass

    def person_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("birth_year", None)
        return data


class RegistrationForm(PersonForm):
    head_social_id = forms.CharField(
        label=_("social ID of the head of household"),
        required=False,
        help_text=_("Leave empty if this person heads a new household."),
    )
    relationship = forms.ChoiceField(
        label=_("relationship to the head"), choices=Relationship.choices, initial=Relationship.HEAD
    )
    consent_given_on = forms.DateField(
        label=_("date of consent"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    consent_purposes = forms.MultipleChoiceField(
        label=_("the person agrees to"),
        choices=Consent.Purpose.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[Consent.Purpose.REGISTRATION],
    )
    confirm_distinct = forms.BooleanField(
        label=_("I checked: none of these persons is the one I am registering."), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("consent_given_on", timezone.localdate())
        self.household_membership: Membership | None = None

    def clean_consent_given_on(self) -> datetime.date:
        value = self.cleaned_data["consent_given_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date of consent cannot be in the future."))
        return value

    def clean_consent_purposes(self) -> list[str]:
        value = self.cleaned_data.get("consent_purposes") or []
        if Consent.Purpose.REGISTRATION not in value:
            raise forms.ValidationError(_("The person's consent to registration is required."))
        return value

    def clean(self) -> dict:
        data = super().clean()
        head_text = (data.get("head_social_id") or "").strip()
        relationship = data.get("relationship")
        if head_text:
            social_id = parse_social_id(head_text)
            membership = None
            if social_id:
                membership = (
                    Membership.objects.select_related("household")
                    .filter(person__social_id=social_id, ended_on__isnull=True)
                    .first()
                )
            if membership is None:
                self.add_error("head_social_id", _("No person has this social ID. Check the digits."))
            elif relationship == Relationship.HEAD:
                self.add_error("relationship", _("Choose how this person is related to the head of household."))
            else:
                self.household_membership = membership
        elif relationship and relationship != Relationship.HEAD:
            self.add_error("head_social_id", _("Enter the social ID of the head of household."))
        return data


class PersonEditForm(PersonForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class DisabilityForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = DisabilityRecord
        fields = ["kind", "degree", "card_number", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
