"""Staff account forms: the attachment a role needs is checked on the field that is missing."""

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from guichet.common import forms as choice_fields
from guichet.common.validators import NamesChecked
from guichet.territory.forms import ProvinceChoiceField
from guichet.territory.models import Region

from .models import STAFF_ROLES, TERRITORY_MISSING, TERRITORY_TWICE, User
from .permissions import needs_centre, needs_window, works_in_territory
from .services import RESERVED_USERNAME, STAFF_FIELDS
from .system import is_reserved_username


class StaffForm(NamesChecked, forms.ModelForm):
    window: choice_fields.ModelChoiceField[Model] = choice_fields.ModelChoiceField(
        label=_("window"),
        required=False,
        queryset=None,  # the user's own foreign key names the model (network sits above accounts): see __init__
        help_text=_("For a window agent."),
    )
    centre: choice_fields.ModelChoiceField[Model] = choice_fields.ModelChoiceField(
        label=_("centre"),
        required=False,
        queryset=None,
        help_text=_("For centre staff."),
    )
    province = ProvinceChoiceField(
        required=False,
        help_text=_("For a supervisor, coordinator or programme officer of a province."),
    )
    region = choice_fields.ModelChoiceField(
        label=_("region"),
        required=False,
        queryset=Region.objects.order_by("code"),
        help_text=_("For a supervisor, coordinator or programme officer of a region."),
    )
    national = forms.BooleanField(
        label=_("the whole nation"),
        required=False,
        help_text=_("Only for a supervisor, coordinator or programme officer who covers the whole nation."),
    )

    class Meta:
        model = User
        fields = list(STAFF_FIELDS)  # the fields the staff services write, named once

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A client system's account is registered on its own page (its token and key), never as staff.
        role = self.fields["role"]
        assert isinstance(role, forms.TypedChoiceField)
        role.choices = STAFF_ROLES  # the role has a default: no blank choice to keep
        for name in ("window", "centre"):
            field = self.fields[name]
            model = User._meta.get_field(name).related_model
            assert isinstance(field, forms.ModelChoiceField) and isinstance(model, type)  # declared above; a key
            field.queryset = model._default_manager.order_by("name")

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        role = data.get("role", "")  # missing when the choice was refused: then no place is asked for
        if needs_window(role) and not data.get("window"):
            self.add_error("window", _("A window agent must be attached to a window."))
        if needs_centre(role) and not data.get("centre"):
            self.add_error("centre", _("Centre staff must be attached to a centre."))
        if works_in_territory(role):
            chosen = [bool(data.get("province")), bool(data.get("region")), bool(data.get("national"))].count(True)
            if chosen == 0:
                self.add_error("province", TERRITORY_MISSING)
            elif chosen > 1:
                self.add_error("region", TERRITORY_TWICE)
        return data

    def _post_clean(self) -> None:
        pass  # the services validate the model and own the write


class StaffCreateForm(StaffForm):
    username = forms.RegexField(
        label=_("username"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Letters, digits and @ . + - _ only.")},
    )
    password = forms.CharField(
        label=_("initial password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html,
    )

    class Meta(StaffForm.Meta):
        fields = ["username", "password", *StaffForm.Meta.fields]

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if is_reserved_username(username):
            raise forms.ValidationError(RESERVED_USERNAME, code="reserved")
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken."))
        return username


class StaffEditForm(StaffForm):
    account_version = forms.IntegerField(widget=forms.HiddenInput)
