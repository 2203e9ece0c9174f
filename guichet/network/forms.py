"""Forms of the network pages: centres, windows, holidays and the list filters (the catalogue: forms_catalogue)."""

from django import forms
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from guichet.common import forms as choice_fields
from guichet.common.phones import normalize_phone
from guichet.common.validators import NamesChecked
from guichet.territory.forms import CommuneChoiceField

from .models import Centre, Holiday, Service, Window

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ARABIC = {"dir": "rtl", "lang": "ar"}


class ServiceChoiceField(choice_fields.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Service) -> str:
        return obj.name


class VersionedForm(forms.ModelForm):
    """The service owns the write and its checks: the form reads and cleans the fields, nothing more."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def _post_clean(self) -> None:
        # Model validation (uniqueness of the code, territory) runs in the service, which owns the write.
        pass

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class CentreForm(NamesChecked, VersionedForm):
    commune = CommuneChoiceField()
    services = ServiceChoiceField(
        label=_("services offered"),
        queryset=Service.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only the services that this type of centre delivers can be offered."),
    )

    class Meta:
        model = Centre
        fields = ["kind", "code", "name", "name_ar", "commune", "address", "phone", "email", "services", "is_active"]
        widgets = {
            "name_ar": forms.TextInput(attrs=ARABIC),
            "phone": forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off", "dir": "ltr"}),
            "email": forms.EmailInput(attrs={"dir": "ltr"}),
            "code": forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
        }
        help_texts = {
            "code": _("Letters, digits and dashes, e.g. CAPH-CAS-01."),
            "phone": _("For example 0522123456."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offered = Q(pk__in=self.instance.services.values("pk")) if self.instance.pk else Q(pk__in=[])
        self.fields["services"].queryset = Service.objects.filter(Q(is_active=True) | offered).order_by("code")

    def clean_code(self) -> str:
        return clean_code(self.cleaned_data.get("code", ""))

    def clean_phone(self) -> str:
        value = (self.cleaned_data.get("phone") or "").strip()
        if not value:
            return ""
        normalized = normalize_phone(value)
        if normalized is None:
            raise forms.ValidationError(_("This is not a valid phone number."))
        return normalized


class WindowForm(NamesChecked, VersionedForm):
    commune = CommuneChoiceField()

    class Meta:
        model = Window
        fields = ["kind", "code", "name", "name_ar", "commune", "opening_hours", "status", "opened_on", "closed_on"]
        widgets = {
            "kind": forms.RadioSelect,
            "status": forms.RadioSelect,
            "name_ar": forms.TextInput(attrs=ARABIC),
            "code": forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
            "opening_hours": forms.Textarea(attrs={"rows": 3}),
            "opened_on": DATE_WIDGET,
            "closed_on": DATE_WIDGET,
        }
        help_texts = {
            "code": _("Letters, digits and dashes, e.g. GSU-CAS-001."),
            "opening_hours": _("For example: Monday to Friday, 8:30–16:30. For a mobile window, its rounds."),
            "opened_on": _("Required when the window is open."),
            "closed_on": _("Required when the window is closed."),
        }

    def clean_code(self) -> str:
        return clean_code(self.cleaned_data.get("code", ""))


def clean_code(value: str) -> str:
    code = (value or "").strip().upper()
    if not code or not all(char.isascii() and (char.isalnum() or char == "-") for char in code):
        raise forms.ValidationError(_("Use only letters, digits and dashes."))
    return code


class HolidayForm(NamesChecked, forms.ModelForm):
    class Meta:
        model = Holiday
        fields = ["date", "name_fr", "name_ar"]
        widgets = {"date": DATE_WIDGET, "name_ar": forms.TextInput(attrs=ARABIC)}

    def _post_clean(self) -> None:
        pass


def _choices_with_all(choices) -> list[tuple[str, str]]:
    return [("", _("All")), *((value, capfirst(label)) for value, label in choices)]


class CentreFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or code"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Type"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _choices_with_all(Centre.Kind.choices)
        self.fields["region"].choices = _choices_with_all([(region.code, region.name) for region in regions])


class WindowFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = _choices_with_all(Window.Status.choices)
        self.fields["kind"].choices = _choices_with_all(Window.Kind.choices)
        self.fields["region"].choices = _choices_with_all([(region.code, region.name) for region in regions])


def filter_values(form: forms.Form) -> dict[str, str]:
    """The valid filters of a GET form; an unknown value is dropped rather than failing the page."""
    form.is_valid()
    return {name: value for name, value in getattr(form, "cleaned_data", {}).items() if value}
