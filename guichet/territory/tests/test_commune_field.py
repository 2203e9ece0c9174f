"""The commune list of every form: grouped by province, sorted in the language shown, with a search box for
browsers that run the script and nothing dead for those that do not."""

import re

import pytest
from django import forms
from django.utils import translation

from guichet.territory.forms import CommuneChoiceField, CommuneMultipleChoiceField, ProvinceChoiceField
from guichet.territory.models import Commune
from guichet.territory.tests.factories import CommuneFactory, ProvinceFactory


class PlaceForm(forms.Form):
    commune = CommuneChoiceField()


class PlacesForm(forms.Form):
    communes = CommuneMultipleChoiceField(required=False)


class ProvinceForm(forms.Form):
    province = ProvinceChoiceField()


@pytest.fixture
def places(db):
    """Two provinces whose French and Arabic alphabetical orders differ, and communes to match."""
    casablanca = ProvinceFactory(code="MA-CAS", name_fr="Casablanca", name_ar="الدار البيضاء")
    tiznit = ProvinceFactory(code="MA-TIZ", name_fr="Tiznit", name_ar="تيزنيت")
    return {
        "casablanca": casablanca,
        "tiznit": tiznit,
        # French: Aïn Chock, Anfa, Édifice, Zenata; Arabic (hamza seats aside): إديفيس, أنفا, زناتة, عين الشق.
        "anfa": CommuneFactory(code="C-1", province=casablanca, name_fr="Anfa", name_ar="أنفا"),
        "ain_chock": CommuneFactory(code="C-2", province=casablanca, name_fr="Aïn Chock", name_ar="عين الشق"),
        "zenata": CommuneFactory(code="C-3", province=casablanca, name_fr="Zenata", name_ar="زناتة"),
        "edifice": CommuneFactory(code="C-4", province=casablanca, name_fr="Édifice", name_ar="إديفيس"),
        "tafraout": CommuneFactory(code="C-5", province=tiznit, name_fr="Tafraout", name_ar="تافراوت"),
    }


def rendered(form, language: str) -> str:
    with translation.override(language):
        return str(form)


def groups_of(html: str) -> list[tuple[str, list[str]]]:
    """(group label, option labels) in the order the page lists them."""
    return [
        (label, re.findall(r"<option [^>]*>([^<]*)</option>", body))
        for label, body in re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', html, re.S)
    ]


def test_french_page_lists_communes_by_province_in_french_alphabetical_order(places):
    assert groups_of(rendered(PlaceForm(), "fr")) == [
        ("Casablanca", ["Aïn Chock", "Anfa", "Édifice", "Zenata"]),
        ("Tiznit", ["Tafraout"]),
    ]


def test_arabic_page_lists_communes_by_province_in_arabic_alphabetical_order(places):
    assert groups_of(rendered(PlaceForm(), "ar")) == [
        ("الدار البيضاء", ["إديفيس", "أنفا", "زناتة", "عين الشق"]),
        ("تيزنيت", ["تافراوت"]),
    ]


def test_english_page_lists_the_names_the_administration_writes_in_latin_script(places):
    assert groups_of(rendered(PlaceForm(), "en"))[0][1] == ["Aïn Chock", "Anfa", "Édifice", "Zenata"]


def test_a_name_found_in_two_provinces_says_which_province(places):
    CommuneFactory(code="C-6", province=places["tiznit"], name_fr="Anfa", name_ar="أنفا")
    labels = [label for _group, options in groups_of(rendered(PlaceForm(), "fr")) for label in options]
    assert "Anfa — Casablanca" in labels
    assert "Anfa — Tiznit" in labels
    assert "Tafraout" in labels


def test_the_chosen_commune_is_the_one_sent(places):
    form = PlaceForm(data={"commune": str(places["edifice"].pk)})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["commune"] == places["edifice"]
    assert PlacesForm(data={"communes": [places["anfa"].pk, places["tafraout"].pk]}).is_valid()


def test_a_commune_outside_the_offered_ones_is_refused(places):
    form = PlaceForm(data={"commune": str(places["anfa"].pk)})
    form.fields["commune"].queryset = Commune.objects.filter(province=places["tiznit"])
    assert not form.is_valid()
    assert "commune" in form.errors


def test_the_list_is_read_in_one_query(places, django_assert_num_queries):
    with django_assert_num_queries(1):
        rendered(PlaceForm(), "ar")


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("fr", "Tapez une partie du nom d&#x27;une commune ou d&#x27;une province pour réduire la liste"),
        ("ar", "اكتب جزءا من اسم جماعة أو إقليم لتضييق القائمة"),
        ("en", "Type part of a commune or province name to narrow the list"),
    ],
)
def test_the_search_box_is_labelled_and_hidden_until_the_script_shows_it(places, language, label):
    html = rendered(PlaceForm(), language)
    box = re.search(r'<div class="list-filter" hidden>(.*?)</div>', html, re.S)
    assert box, html
    assert f'<label for="id_commune-filter">{label}</label>' in box.group(1)
    assert 'data-list-filter="id_commune"' in box.group(1)
    assert 'role="status"' in box.group(1)
    assert '<script src="/static/js/list-filter.js" defer></script>' in html
    assert "<script>" not in html  # no inline script: the Content-Security-Policy would refuse it


def test_provinces_are_sorted_in_the_language_shown(places):
    ProvinceFactory(code="MA-AGD", name_fr="Agadir Ida-Outanane", name_ar="أكادير إدا وتنان")
    options = lambda html: re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', html)  # noqa: E731
    assert options(rendered(ProvinceForm(), "fr")) == ["Agadir Ida-Outanane", "Casablanca", "Tiznit"]
    assert options(rendered(ProvinceForm(), "ar")) == ["أكادير إدا وتنان", "الدار البيضاء", "تيزنيت"]
