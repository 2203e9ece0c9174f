"""Names and titles refuse control and invisible formatting characters, on every form that takes one."""

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from guichet.accounts.forms import StaffCreateForm, StaffEditForm
from guichet.associations.forms import AssociationForm, ChildForm
from guichet.common.validators import validate_visible_text
from guichet.network.forms import CentreForm, HolidayForm, WindowForm
from guichet.network.forms_catalogue import DocumentForm, ServiceForm
from guichet.registry.forms import PersonEditForm, RegistrationForm
from guichet.training.forms import CohortForm, CourseForm, ModuleForm

# What is typed, and the character the message must name.
HOSTILE = {
    "right-to-left override": ("Fat\u202eamiN", "U+202E"),
    "zero-width space": ("Fati\u200bma", "U+200B"),
    "right-to-left mark": ("فاطمة\u200fبناني", "U+200F"),
    "left-to-right isolate": ("Fatima \u2066Bennani", "U+2066"),
    "first strong isolate": ("Fatima \u2068Bennani", "U+2068"),
    "carriage return": ("Fatima\rBennani", "U+000D"),
    "line feed": ("Fatima\nBennani", "U+000A"),
    "bell": ("Fatima\x07", "U+0007"),
    "nul": ("Fati\x00ma", "U+0000"),
    "line separator": ("Fatima\u2028Bennani", "U+2028"),
}

NAME_FIELDS = [
    (RegistrationForm, {}, ["given_name_latin", "family_name_latin", "given_name_ar", "family_name_ar"]),
    (PersonEditForm, {}, ["given_name_latin", "family_name_latin", "given_name_ar", "family_name_ar"]),
    (StaffCreateForm, {}, ["username", "first_name", "last_name"]),
    (StaffEditForm, {}, ["first_name", "last_name"]),
    (AssociationForm, {}, ["name_fr", "name_ar", "president"]),
    (ChildForm, {}, ["given_name_latin", "family_name_latin", "given_name_ar", "family_name_ar"]),
    (CentreForm, {}, ["name", "name_ar"]),
    (WindowForm, {}, ["name", "name_ar"]),
    (HolidayForm, {}, ["name_fr", "name_ar"]),
    (ServiceForm, {}, ["name_fr", "name_ar", "name_en"]),
    (DocumentForm, {}, ["name_fr", "name_ar", "name_en"]),
    (CourseForm, {}, ["title_fr", "title_ar", "title_en"]),
    (ModuleForm, {}, ["title_fr", "title_ar", "title_en"]),
    (CohortForm, {"viewer": "coordinator"}, ["name_fr", "name_ar", "name_en"]),
]


def _form(form_class, kwargs, personas):
    kwargs = {key: personas[value] if key == "viewer" else value for key, value in kwargs.items()}
    return form_class(**kwargs)


@pytest.mark.parametrize(("value", "named"), HOSTILE.values(), ids=HOSTILE.keys())
def test_the_validator_refuses_invisible_and_control_characters_and_names_them(value, named):
    with pytest.raises(forms.ValidationError) as refused:
        validate_visible_text(value)
    assert named in refused.value.messages[0]


@pytest.mark.parametrize("name", ["Fatima Bennani", "Aït Ben Haddou", "O'Neil-Smith", "فاطمة الزهراء بناني", "ⴼⴰⵟⵉⵎⴰ"])
def test_ordinary_names_in_every_script_pass(name):
    validate_visible_text(name)


@pytest.mark.parametrize(("form_class", "kwargs", "fields"), NAME_FIELDS, ids=[row[0].__name__ for row in NAME_FIELDS])
def test_every_name_field_refuses_every_hidden_character(personas, form_class, kwargs, fields):
    form = _form(form_class, kwargs, personas)
    for field_name in fields:
        field = form.fields[field_name]
        field.clean("Fatima")  # an ordinary value passes
        for value, _named in HOSTILE.values():
            with pytest.raises(forms.ValidationError):
                field.clean(value)


def test_the_registration_page_says_which_character_and_writes_nothing(client, personas, territory):
    from guichet.registry.models import Person

    client.force_login(personas["agent"])
    before = Person.objects.count()
    response = client.post(
        reverse("registry:create"),
        {
            "given_name_latin": "Fat\u202eamiN",
            "family_name_latin": "Bennani",
            "sex": "F",
            "commune": territory["anfa"].pk,
        },
        headers={"accept-language": "en"},
    )
    assert response.status_code in (200, 400)
    assert "invisible or control character (U+202E)" in response.content.decode()
    assert Person.objects.count() == before


@pytest.mark.parametrize(("language", "words"), [("fr", "invisible ou de contrôle"), ("ar", "غير مرئي")])
def test_the_message_is_translated(language, words):
    with translation.override(language):
        with pytest.raises(forms.ValidationError) as refused:
            validate_visible_text("Fati\u200bma")
        assert words in refused.value.messages[0]
