"""A service's refusal lands on the form: at the field it names when the form has one, else above the form."""

from django import forms

from guichet.common.exceptions import ValidationError
from guichet.common.forms import form_add_service_error


class NameForm(forms.Form):
    name = forms.CharField()


def _bound():
    form = NameForm({"name": "Amina"})
    assert form.is_valid()
    return form


def test_an_error_naming_a_field_of_the_form_is_shown_at_that_field():
    form = _bound()
    form_add_service_error(form, ValidationError({"name": "This name is taken."}))
    assert form.errors["name"] == ["This name is taken."]
    assert form.non_field_errors() == []
    assert "name" not in form.cleaned_data


def test_an_error_naming_a_field_the_form_lacks_is_shown_above_the_form():
    form = _bound()
    form_add_service_error(form, ValidationError({"commune": "Choose a commune.", "name": "Too short."}))
    assert form.non_field_errors() == ["Choose a commune."]
    assert form.errors["name"] == ["Too short."]


def test_an_error_without_a_field_is_shown_above_the_form():
    form = _bound()
    form_add_service_error(form, ValidationError("The centre does not offer this service."))
    assert form.non_field_errors() == ["The centre does not offer this service."]
    assert not form.is_valid()
