"""The widgets written in Python give the HTML Django's templates give, escaping included."""

import re

import pytest
from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.forms.renderers import DjangoTemplates
from django.template import loader
from django.utils import translation
from django.utils.html import format_html

from guichet.common.form_rendering import GuichetFormRenderer
from guichet.territory.forms import CommuneChoiceField


class EveryWidget(forms.Form):
    text = forms.CharField(max_length=5, help_text="help")
    choice = forms.ChoiceField(
        choices=[("", "—"), ("1", "A & B"), ("group", [("2", "<two>"), ("3", 'say "three"')])], initial="2"
    )
    ticked = forms.BooleanField(required=False)
    number = forms.IntegerField()
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    hidden = forms.CharField(widget=forms.HiddenInput, initial='q"x<')
    several = forms.MultipleChoiceField(choices=[("1", "a"), ("2", "b")])
    radios = forms.ChoiceField(choices=[("1", "a"), ("2", "b")], widget=forms.RadioSelect)
    note = forms.CharField(widget=forms.Textarea)
    said = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), initial='<b>"bold"</b> & co')
    scans = forms.FileField(required=False, widget=forms.ClearableFileInput(attrs={"accept": ".pdf"}))
    commune = CommuneChoiceField()
    password = forms.CharField(help_text=password_validators_help_text_html)  # lazy, its text marked safe
    # A callable help text, as the staff form's password rules: the template calls it (the stubs do not know it).
    rules = forms.CharField(help_text=lambda: format_html("<ul><li>{}</li></ul>", "8 &"))  # type: ignore[arg-type]


def _spaces(html) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", str(html))).strip()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        None,
        {
            "text": "<too long>",
            "choice": "3",
            "ticked": "on",
            "number": "x",
            "several": ["1", "2"],
            "radios": "2",
            "note": "a\n<b>",
        },
    ],
)
def test_every_widget_renders_as_django_renders_it(data):
    ours, djangos = EveryWidget(data, renderer=GuichetFormRenderer()), EveryWidget(data, renderer=DjangoTemplates())
    for name in EveryWidget.base_fields:
        assert _spaces(ours[name]) == _spaces(djangos[name]), name


def test_text_areas_keep_their_text_as_typed():
    """A text area's first line break is the markup's (browsers drop it), its text is escaped, never spaced."""
    html = str(EveryWidget({"note": "  two\nlines <b>"}, renderer=GuichetFormRenderer())["note"])
    assert html == str(EveryWidget({"note": "  two\nlines <b>"}, renderer=DjangoTemplates())["note"])
    assert ">\n  two\nlines &lt;b&gt;</textarea>" in html


def test_values_and_labels_are_escaped():
    html = str(EveryWidget(renderer=GuichetFormRenderer())["choice"]) + str(
        EveryWidget(renderer=GuichetFormRenderer())["hidden"]
    )
    assert "&lt;two&gt;" in html and "say &quot;three&quot;" in html and 'value="q&quot;x&lt;"' in html
    assert '<option value="2" selected>' in html and "<two>" not in html


def test_the_site_renders_forms_this_way(settings):
    assert settings.FORM_RENDERER == "guichet.common.form_rendering.GuichetFormRenderer"
    assert isinstance(EveryWidget().renderer, GuichetFormRenderer)


@pytest.mark.django_db
@pytest.mark.parametrize("data", [None, {"text": "<too long>", "number": "x", "ticked": "on", "radios": "9"}])
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_every_field_group_is_the_field_template(data, language):
    """A field with its label, help and errors (`as_field_group`, written in Python) is what includes/field.html
    writes: the same label, required mark, widget, help and errors, escaped alike, in each language."""
    with translation.override(language):
        ours, djangos = EveryWidget(data, renderer=GuichetFormRenderer()), EveryWidget(data, renderer=DjangoTemplates())
        for name in EveryWidget.base_fields:
            expected = loader.render_to_string("includes/field.html", {"field": djangos[name]})
            assert _spaces(ours[name].as_field_group()) == _spaces(expected), name
        if data:
            assert 'class="field has-error"' in ours["number"].as_field_group()
