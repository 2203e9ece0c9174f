"""Forms of the training programme: course (with the rule editor of the service catalogue), module, cohort."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from guichet.accounts.permissions import facilitators_filter
from guichet.accounts.scopes import scope_of
from guichet.common import forms as choice_fields
from guichet.common.validators import NamesChecked
from guichet.network.forms_catalogue import (  # the same rule editor as the service catalogue
    ConditionFormSet,
    RuleForm,
    condition_initial,
    place_choices,
    rule_from,
)
from guichet.territory.forms import CommuneMultipleChoiceField, CommuneSelectMultiple
from guichet.territory.models import Commune

from .models import LANGUAGES, Course, Module

__all__ = ["ConditionFormSet", "RuleForm", "condition_initial", "place_choices", "rule_from"]

RTL = {"dir": "rtl", "lang": "ar"}


class CourseForm(NamesChecked, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Course
        fields = [
            "title_fr",
            "title_ar",
            "title_en",
            "title_zgh",
            "description_fr",
            "description_ar",
            "description_en",
            "description_zgh",
        ]
        widgets = {
            "title_fr": forms.TextInput(attrs={"lang": "fr"}),
            "title_ar": forms.TextInput(attrs=RTL),
            "title_en": forms.TextInput(attrs={"lang": "en"}),
            "title_zgh": forms.TextInput(attrs={"lang": "zgh"}),
            "description_fr": forms.Textarea(attrs={"rows": 3, "lang": "fr"}),
            "description_ar": forms.Textarea(attrs={"rows": 3, **RTL}),
            "description_en": forms.Textarea(attrs={"rows": 3, "lang": "en"}),
            "description_zgh": forms.Textarea(attrs={"rows": 3, "lang": "zgh"}),
        }


class ModuleForm(NamesChecked, forms.ModelForm):
    media_file = forms.FileField(
        label=_("lesson file (audio or video)"),
        required=False,
        help_text=_("MP3, OGG, M4A, MP4 or WebM. Checked by its content, not its name."),
    )
    light_file = forms.FileField(
        label=_("light version (audio only or low resolution)"),
        required=False,
        help_text=_("Offered first to learners on a slow connection."),
    )

    class Meta:
        model = Module
        fields = [
            "position",
            "title_fr",
            "title_ar",
            "title_en",
            "kind",
            "text_fr",
            "text_ar",
            "text_en",
            "transcript_fr",
            "transcript_ar",
            "transcript_en",
        ]
        widgets = {
            "position": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
            "title_fr": forms.TextInput(attrs={"lang": "fr"}),
            "title_ar": forms.TextInput(attrs=RTL),
            "title_en": forms.TextInput(attrs={"lang": "en"}),
            "text_fr": forms.Textarea(attrs={"rows": 6, "lang": "fr"}),
            "text_ar": forms.Textarea(attrs={"rows": 6, **RTL}),
            "text_en": forms.Textarea(attrs={"rows": 6, "lang": "en"}),
            "transcript_fr": forms.Textarea(attrs={"rows": 4, "lang": "fr"}),
            "transcript_ar": forms.Textarea(attrs={"rows": 4, **RTL}),
            "transcript_en": forms.Textarea(attrs={"rows": 4, "lang": "en"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False


class CohortForm(NamesChecked, forms.Form):
    name_fr = forms.CharField(label=_("name in French"), max_length=200, widget=forms.TextInput(attrs={"lang": "fr"}))
    name_ar = forms.CharField(label=_("name in Arabic"), max_length=200, widget=forms.TextInput(attrs=RTL))
    name_en = forms.CharField(label=_("name in English"), max_length=200, widget=forms.TextInput(attrs={"lang": "en"}))
    communes = CommuneMultipleChoiceField(
        queryset=Commune.objects.none(),
        widget=CommuneSelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (Cmd on a Mac) to choose several."),
    )
    facilitator = choice_fields.ModelChoiceField(label=_("facilitator"), queryset=get_user_model().objects.none())
    starts_on = forms.DateField(label=_("starts on"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    capacity = forms.IntegerField(label=_("capacity"), min_value=1, max_value=10000)

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_of(viewer)
        communes = Commune.objects.select_related("province")
        if scope.level == "region":
            communes = communes.filter(province__region_id=scope.region_id)
        elif scope.level == "province":
            communes = communes.filter(province_id=scope.province_id)
        elif scope.level != "national":
            communes = communes.none()
        self.fields["communes"].queryset = communes
        self.fields["facilitator"].queryset = (
            get_user_model().objects.filter(facilitators_filter()).order_by("last_name", "username")
        )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("name, CNIE, IDCS, phone or social ID"), max_length=100, required=False)


class EnrolForm(forms.Form):
    language = forms.ChoiceField(label=_("her language"), choices=LANGUAGES, initial="fr")


class EnrolListForm(forms.Form):
    social_ids = forms.CharField(
        label=_("social IDs, one per line"),
        widget=forms.Textarea(attrs={"rows": 8, "dir": "ltr"}),
        max_length=20000,
    )
    language = forms.ChoiceField(label=_("their language"), choices=LANGUAGES, initial="fr")


class SessionForm(forms.Form):
    held_on = forms.DateField(label=_("date of the session"), widget=forms.DateInput(attrs={"type": "date"}))


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("your access code"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "dir": "ltr"}),
    )
