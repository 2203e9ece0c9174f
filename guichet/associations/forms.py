"""Forms of the association pages: every field checked, with messages that name it."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from guichet.common.phones import normalize_phone
from guichet.common.validators import NamesChecked
from guichet.registry.models import DisabilityRecord, Person, Sex
from guichet.territory.forms import CommuneChoiceField, ProvinceChoiceField

from .files import check_upload
from .models import Association, Decision, SupportKind, TermReport

_ARABIC = re.compile(r"[\u0600-\u06FF]")
_LATIN = re.compile(r"[A-Za-zÀ-ÿ]")


class AssociationForm(NamesChecked, forms.ModelForm):
    province = ProvinceChoiceField()
    statutes = forms.FileField(label=_("statutes"), help_text=_("PDF, JPEG or PNG."))
    receipt = forms.FileField(label=_("registration receipt"), help_text=_("PDF, JPEG or PNG."))

    class Meta:
        model = Association
        fields = ["name_fr", "name_ar", "registration_number", "province", "address", "president", "phone", "email"]
        widgets = {
            "name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "phone": forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        help_texts = {"phone": _("For example 0522123456.")}

    def __init__(self, *args, correcting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if correcting:  # the documents already sent are kept unless new ones are given
            self.fields["statutes"].required = False
            self.fields["receipt"].required = False
        self.fields["name_fr"].error_messages["required"] = _("Enter the association's name in French.")
        self.fields["name_ar"].error_messages["required"] = _("Enter the association's name in Arabic.")
        self.fields["registration_number"].error_messages["required"] = _("Enter the legal registration number.")
        self.fields["province"].error_messages["required"] = _("Choose the province.")
        self.fields["address"].error_messages["required"] = _("Enter the address.")
        self.fields["president"].error_messages["required"] = _("Enter the president's name.")
        self.fields["phone"].error_messages["required"] = _("Enter a phone number.")
        self.fields["email"].error_messages["required"] = _("Enter an e-mail address.")
        self.fields["email"].error_messages["invalid"] = _("Enter a valid e-mail address, e.g. contact@example.ma.")
        self.fields["statutes"].error_messages["required"] = _("Attach the statutes.")
        self.fields["receipt"].error_messages["required"] = _("Attach the registration receipt.")

    def validate_unique(self):
        pass  # the service refuses a duplicate number with its own message

    def clean_name_fr(self) -> str:
        value = self.cleaned_data["name_fr"].strip()
        if not _LATIN.search(value):
            raise forms.ValidationError(_("Write the French name in Latin letters."))
        return value

    def clean_name_ar(self) -> str:
        value = self.cleaned_data["name_ar"].strip()
        if not _ARABIC.search(value):
            raise forms.ValidationError(_("Write the Arabic name in Arabic letters."))
        return value

    def clean_registration_number(self) -> str:
        value = re.sub(r"\s+", "", self.cleaned_data["registration_number"]).upper()
        if not re.fullmatch(r"[A-Z0-9/\-.]{3,40}", value):
            raise forms.ValidationError(
                _("Enter the registration number as on the receipt: letters, digits, / or -, at least 3.")
            )
        return value

    def clean_phone(self) -> str:
        value = normalize_phone(self.cleaned_data["phone"])
        if value is None:
            raise forms.ValidationError(_("Enter a valid phone number, e.g. 0522123456."))
        return value

    def clean_president(self) -> str:
        value = self.cleaned_data["president"].strip()
        if len(value) < 3:
            raise forms.ValidationError(_("Enter the president's full name."))
        return value

    def clean_address(self) -> str:
        value = self.cleaned_data["address"].strip()
        if len(value) < 5:
            raise forms.ValidationError(_("Enter the full address."))
        return value

    def clean_statutes(self):
        upload = self.cleaned_data.get("statutes")
        return check_upload(upload) if upload else None

    def clean_receipt(self):
        upload = self.cleaned_data.get("receipt")
        return check_upload(upload) if upload else None

    def association_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("reason, or what must be corrected"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to reject or to ask for a correction; sent to the association."),
    )

    def clean(self):
        # Named before the rejection is confirmed (the services refuse it too): the confirmation shows the reason.
        cleaned = super().clean()
        if not (cleaned.get("reason") or "").strip():
            if self.data.get("action") == "reject":
                self.add_error("reason", _("Give the reason for the rejection."))
            elif self.data.get("action") == "correction":
                self.add_error("reason", _("Say what must be corrected."))
        return cleaned


class ApplicationCreateForm(forms.Form):
    school_year = forms.CharField(
        label=_("school year"),
        max_length=9,
        help_text=_("For example 2026-2027."),
        error_messages={"required": _("Enter the school year.")},
    )


class ChildLookupForm(forms.Form):
    """A child already in the registry: chosen from the association's own (social ID alone), or anyone the
    family told the association about (social ID and date of birth, both exactly)."""

    person = forms.CharField(label=_("social ID"), max_length=20, required=False)
    born = forms.DateField(
        label=_("date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class ChildForm(NamesChecked, forms.Form):
    """A child on the application: an existing registry person (social ID from the search) or a new one."""

    social_id = forms.CharField(widget=forms.HiddenInput, required=False)
    born = forms.DateField(widget=forms.HiddenInput, required=False)
    given_name_latin = forms.CharField(label=_("given name (Latin script)"), max_length=80, required=False)
    family_name_latin = forms.CharField(label=_("family name (Latin script)"), max_length=80, required=False)
    given_name_ar = forms.CharField(
        label=_("given name (Arabic script)"),
        max_length=80,
        required=False,
        widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
    )
    family_name_ar = forms.CharField(
        label=_("family name (Arabic script)"),
        max_length=80,
        required=False,
        widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
    )
    sex = forms.ChoiceField(label=_("sex"), choices=Sex.choices, required=False, widget=forms.RadioSelect)
    birth_date = forms.DateField(
        label=_("date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    commune = CommuneChoiceField(required=False)
    consent = forms.BooleanField(
        label=_("the parents agree to the child's registration and to the handling of the application"),
        required=False,
    )
    kind = forms.ChoiceField(
        label=_("type of disability"), required=False, choices=[("", "—"), *DisabilityRecord.Kind.choices]
    )
    degree = forms.ChoiceField(label=_("degree"), required=False, choices=[("", "—"), *DisabilityRecord.Degree.choices])
    card_number = forms.CharField(label=_("disability card number"), max_length=30, required=False)
    school = forms.CharField(
        label=_("school or class"), max_length=200, error_messages={"required": _("Enter the school or class.")}
    )
    support_kind = forms.ChoiceField(
        label=_("kind of support"),
        choices=SupportKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of support.")},
    )
    amount_requested = forms.DecimalField(
        label=_("amount asked (MAD)"),
        max_digits=10,
        decimal_places=2,
        min_value=1,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "required": _("Enter the amount asked."),
            "invalid": _("Enter the amount in dirhams, e.g. 4500 or 4500.50."),
            "min_value": _("The amount asked must be at least 1 MAD."),
        },
    )

    confirm_distinct = forms.BooleanField(
        label=_("I checked: the child I am registering is not the person already registered."), required=False
    )

    def __init__(self, *args, person: Person | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def clean(self):
        data = super().clean()
        if self.person is None:
            if not (data.get("given_name_latin") or data.get("given_name_ar")):
                self.add_error("given_name_latin", _("Enter the child's given name in Latin or Arabic script."))
            if not (data.get("family_name_latin") or data.get("family_name_ar")):
                self.add_error("family_name_latin", _("Enter the child's family name in Latin or Arabic script."))
            if not data.get("sex"):
                self.add_error("sex", _("Choose the child's sex."))
            if not data.get("birth_date"):
                self.add_error("birth_date", _("Enter the child's date of birth."))
            if not data.get("commune"):
                self.add_error("commune", _("Choose the commune where the child lives."))
            if not data.get("consent"):
                self.add_error("consent", _("The parents' consent is needed to register the child."))
        # Always asked, so that the form never tells whether the person already has a disability record.
        if not data.get("kind"):
            self.add_error("kind", _("Choose the type of disability."))
        if not data.get("degree"):
            self.add_error("degree", _("Choose the degree of disability."))
        return data

    def person_data(self) -> dict:
        names = ("given_name_latin", "family_name_latin", "given_name_ar", "family_name_ar", "sex", "birth_date")
        return {**{name: self.cleaned_data[name] for name in names}, "commune": self.cleaned_data["commune"]}


class ChildDecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[c for c in Decision.choices if c[0] != Decision.PENDING],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a decision.")},
    )
    amount_granted = forms.DecimalField(
        label=_("amount granted (MAD)"),
        required=False,
        max_digits=10,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("Only for a partial approval."),
        error_messages={"invalid": _("Enter the amount in dirhams, e.g. 4500 or 4500.50.")},
    )
    reason = forms.CharField(
        label=_("reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for a rejection."),
    )


class ApplicationDecideForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("note on the decision"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TermReportForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = TermReport
        fields = ["days_present", "days_expected", "level", "progress"]
        widgets = {"progress": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        data = super().clean()
        present, expected = data.get("days_present"), data.get("days_expected")
        if expected is not None and expected == 0:
            self.add_error("days_expected", _("The days expected must be more than 0."))
        elif present is not None and expected is not None and present > expected:
            self.add_error("days_present", _("The days present cannot exceed the days expected."))
        return data

    def validate_unique(self):
        pass


class UnreportedFilterForm(forms.Form):
    school_year = forms.CharField(label=_("school year"), max_length=9, required=False)
    term = forms.TypedChoiceField(
        label=_("term"), coerce=int, choices=[(1, _("term 1")), (2, _("term 2")), (3, _("term 3"))], required=False
    )
    province = ProvinceChoiceField(required=False, empty_label=_("all"))
