"""Forms of the service catalogue: the service, its documents (a formset) and its eligibility rule.

The rule is edited without JavaScript: each condition row has the field, the comparison and three value inputs
(a number, a choice, places); the field says which one is read. The rule built from the rows is then checked
with eligibility.validate_rule, whose message names the condition.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from guichet.common.validators import NamesChecked
from guichet.territory.forms import sort_key
from guichet.territory.models import Commune, Province, Region

from .eligibility import EMPTY_RULE
from .forms import VersionedForm
from .models import Centre, Service

FIELD_CHOICES = [
    ("", "—"),
    ("age", _("age")),
    ("sex", _("sex")),
    ("disability", _("disability")),
    ("rsu_score", _("household score (RSU)")),
    ("commune_kind", _("rural or urban commune")),
    ("region", _("region")),
    ("province", _("province or prefecture")),
    ("commune", _("commune")),
]
COMPARISON_CHOICES = [("", "—"), ("gte", _("at least")), ("lte", _("at most")), ("is", _("is (one of)"))]
VALUE_CHOICES = [
    ("", "—"),
    (_("Sex"), [("F", _("a woman")), ("M", _("a man"))]),
    (_("Disability"), [("yes", _("with a recorded disability")), ("no", _("without a recorded disability"))]),
    (_("Commune"), [("rural", _("rural commune")), ("urban", _("urban commune"))]),
]
PLACE_FIELDS = ("commune", "province", "region")
NUMBER_FIELDS = ("age", "rsu_score")


class ServiceForm(NamesChecked, VersionedForm):
    centre_kinds = forms.MultipleChoiceField(
        label=_("centre types that deliver it"), choices=Centre.Kind.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Service
        fields = [
            "code",
            "category",
            "name_fr",
            "name_ar",
            "name_en",
            "description_fr",
            "description_ar",
            "description_en",
            "centre_kinds",
            "due_working_days",
            "channel_window",
            "channel_online",
            "is_active",
        ]
        widgets = {
            "code": forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
            "name_fr": forms.TextInput(attrs={"lang": "fr"}),
            "name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "name_en": forms.TextInput(attrs={"lang": "en"}),
            "description_fr": forms.Textarea(attrs={"rows": 3, "lang": "fr"}),
            "description_ar": forms.Textarea(attrs={"rows": 3, "dir": "rtl", "lang": "ar"}),
            "description_en": forms.Textarea(attrs={"rows": 3, "lang": "en"}),
            "due_working_days": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "max": 365}),
        }
        help_texts = {
            "code": _("Lower-case letters, digits and dashes, e.g. disability-card. It cannot change later."),
            "due_working_days": _("Weekends and public holidays are not counted."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True
        self.fields["due_working_days"].widget.attrs["min"] = 1

    def clean_code(self) -> str:
        code = self.cleaned_data.get("code", "")
        if code == "new":  # /network/services/new/ is the address of the creation page
            raise forms.ValidationError(_("This code is reserved: choose another one."))
        return code

    def clean_due_working_days(self) -> int:
        value = self.cleaned_data["due_working_days"]
        if not 1 <= value <= 365:
            raise forms.ValidationError(_("Between 1 and 365 working days."))
        return value


class DocumentForm(NamesChecked, forms.Form):
    pk = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name_fr = forms.CharField(label=_("name in French"), max_length=200, widget=forms.TextInput(attrs={"lang": "fr"}))
    name_ar = forms.CharField(
        label=_("name in Arabic"), max_length=200, widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ar"})
    )
    name_en = forms.CharField(label=_("name in English"), max_length=200, widget=forms.TextInput(attrs={"lang": "en"}))
    # A choice rather than a checkbox: an untouched empty row then stays unchanged, and is skipped.
    need = forms.ChoiceField(
        label=_("the citizen must bring it"),
        choices=[("required", _("required")), ("optional", _("optional"))],
        initial="required",
    )


class RowFormSet(forms.BaseFormSet):
    """A formset whose "delete" box says what it removes."""

    delete_label = _("remove")

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = self.delete_label


class DocumentRows(RowFormSet):
    delete_label = _("remove this document")


class ConditionRows(RowFormSet):
    delete_label = _("remove this condition")


DocumentFormSet = forms.formset_factory(
    DocumentForm, formset=DocumentRows, extra=2, can_delete=True, max_num=30, validate_max=True, absolute_max=30
)


def document_initial(service: Service | None) -> list[dict]:
    if service is None or not service.pk:
        return []
    return [
        {
            "pk": document.pk,
            "name_fr": document.name_fr,
            "name_ar": document.name_ar,
            "name_en": document.name_en,
            "need": "required" if document.required else "optional",
        }
        for document in service.documents.all()
    ]


def documents_from(formset) -> list[dict]:
    """The documents to keep, in order: rows not deleted and not left empty."""
    documents = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None)
        if not data or data.get("DELETE"):
            continue
        documents.append(
            {
                "pk": data.get("pk"),
                "name_fr": data["name_fr"],
                "name_ar": data["name_ar"],
                "name_en": data["name_en"],
                "required": data["need"] == "required",
            }
        )
    return documents


class RuleForm(forms.Form):
    combine = forms.ChoiceField(
        label=_("the person is eligible when"),
        choices=[("all", _("all the conditions hold")), ("any", _("at least one condition holds"))],
        initial="all",
        widget=forms.RadioSelect,
    )


def place_choices() -> list:
    """Regions, then provinces, as option groups; values are "<field>:<code>".

    Communes (about 1,500 in Morocco) are typed as codes instead: a list of them in every condition row
    would make the page weigh megabytes."""
    provinces = sorted(Province.objects.all(), key=lambda place: sort_key(place.name))  # in the language shown
    return [
        (_("Regions"), [(f"region:{place.code}", place.name) for place in Region.objects.order_by("code")]),
        (_("Provinces and prefectures"), [(f"province:{place.code}", place.name) for place in provinces]),
    ]


class ConditionForm(forms.Form):
    field = forms.ChoiceField(label=_("condition on"), choices=FIELD_CHOICES, required=False)
    op = forms.ChoiceField(label=_("comparison"), choices=COMPARISON_CHOICES, required=False)
    number = forms.CharField(
        label=_("number (age in years, or score)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}),
    )
    choice = forms.ChoiceField(label=_("value (sex, disability, commune)"), choices=VALUE_CHOICES, required=False)
    places = forms.MultipleChoiceField(
        label=_("places (for a region or a province)"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    commune_codes = forms.CharField(
        label=_("commune codes (for a commune), separated by spaces or commas"),
        required=False,
        max_length=2000,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )

    def clean_commune_codes(self) -> list[str]:
        codes = [code for code in re.split(r"[\s,;]+", self.cleaned_data.get("commune_codes") or "") if code]
        known = set(Commune.objects.filter(code__in=codes).values_list("code", flat=True))
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise forms.ValidationError(_("Unknown commune codes: %(codes)s.") % {"codes": ", ".join(unknown[:10])})
        return codes

    def __init__(self, *args, place_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["places"].choices = place_choices

    def condition(self) -> dict | None:
        """The condition as the rule stores it (not yet validated); None for an empty or deleted row."""
        data = getattr(self, "cleaned_data", None)
        if not data or data.get("DELETE") or not data.get("field"):
            return None
        name, op = data["field"], data.get("op") or ""
        if name == "commune":
            return {"field": name, "op": "in", "value": data.get("commune_codes") or None}
        if name in PLACE_FIELDS:
            prefix = f"{name}:"
            chosen = data.get("places") or []
            # A place of another level (a province for a region condition) makes the value invalid.
            places = [item[len(prefix) :] for item in chosen] if all(c.startswith(prefix) for c in chosen) else None
            return {"field": name, "op": "in" if op in ("is", "") else op, "value": places}
        if name in NUMBER_FIELDS:
            text = (data.get("number") or "").strip().replace(",", ".")
            number = int(text) if name == "age" and text.isdigit() else text
            return {"field": name, "op": op, "value": number}
        choice = data.get("choice") or ""
        value = {"yes": True, "no": False}.get(choice) if name == "disability" else choice
        return {"field": name, "op": "eq" if op in ("is", "") else op, "value": value}


ConditionFormSet = forms.formset_factory(
    ConditionForm, formset=ConditionRows, extra=2, can_delete=True, max_num=20, validate_max=True, absolute_max=20
)


def condition_initial(rule: dict) -> list[dict]:
    rows = []
    for condition in (rule or EMPTY_RULE).get("conditions") or []:
        name, op, value = condition["field"], condition["op"], condition["value"]
        row = {"field": name, "op": "is" if op in ("eq", "in") else op}
        if name == "commune":
            row["commune_codes"] = " ".join(value)
        elif name in PLACE_FIELDS:
            row["places"] = [f"{name}:{code}" for code in value]
        elif name in NUMBER_FIELDS:
            row["number"] = str(value)
        elif name == "disability":
            row["choice"] = "yes" if value else "no"
        else:
            row["choice"] = value
        rows.append(row)
    return rows


def rule_problems(*, rule_error: str, conditions) -> list[dict]:
    """The rule editor's errors for the page's error summary (includes/form_errors.html), each linking to the rule."""
    problems: list[dict] = (
        [{"href": "#rule-error", "text": f"{_('Eligibility rule:')} {rule_error}"}] if rule_error else []
    )
    problems += [{"href": "#rule", "text": error} for error in conditions.non_form_errors()]
    if any(conditions.errors):
        problems.append({"href": "#rule", "text": _("Check the conditions of the eligibility rule.")})
    return problems


def rule_from(rule_form: RuleForm, formset) -> dict:
    """The rule as typed, to give to eligibility.validate_rule."""
    conditions = [condition for form in formset.forms if (condition := form.condition()) is not None]
    return {"combine": rule_form.cleaned_data.get("combine") or "all", "conditions": conditions}
