"""Dates, amounts and lists read as Moroccans read them, one format per language; numbers keep their order."""

import datetime
import re
from decimal import Decimal
from gettext import c2py
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.pofile import read_po
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import ngettext

from guichet.common import l10n

ROOT = Path(__file__).resolve().parents[2]
DAY = datetime.date(2026, 12, 2)
# 13:09 in Casablanca (UTC+1 in December).
MOMENT = datetime.datetime(2026, 12, 2, 12, 9, tzinfo=datetime.UTC)

TABLE = [
    # language, what, value, expected
    ("fr", "date", DAY, "2 décembre 2026"),
    ("ar", "date", DAY, "2 دجنبر 2026"),
    ("en", "date", DAY, "2 December 2026"),
    ("fr", "datetime", MOMENT, "2 décembre 2026 à 13:09"),
    ("ar", "datetime", MOMENT, "2 دجنبر 2026، 13:09"),
    ("en", "datetime", MOMENT, "2 December 2026, 13:09"),
    ("fr", "money", Decimal("12345.50"), "12\u202f345,50\u00a0DH"),
    ("ar", "money", Decimal("12345.50"), "12.345,50\u00a0درهم"),
    ("en", "money", Decimal("12345.50"), "12,345.50\u00a0DH"),
    ("fr", "money", Decimal("1500.00"), "1\u202f500\u00a0DH"),
    ("ar", "money", 1500, "1.500\u00a0درهم"),
    ("en", "money", 1500, "1,500\u00a0DH"),
    ("fr", "number", 583000, "583\u202f000"),
    ("ar", "number", 583000, "583.000"),
    ("en", "number", 583000, "583,000"),
    ("fr", "list", ["Anfa", "Settat"], "Anfa, Settat"),
    ("ar", "list", ["أنفا", "سطات"], "أنفا، سطات"),
    ("en", "list", ["Anfa", "Settat"], "Anfa, Settat"),
]


@pytest.mark.parametrize(("language", "what", "value", "expected"), TABLE)
def test_the_format_of_each_language(language, what, value, expected):
    formatter = {
        "date": l10n.format_date,
        "datetime": l10n.format_datetime,
        "money": l10n.format_money,
        "number": l10n.format_number,
        "list": l10n.join_list,
    }[what]
    with translation.override(language):
        assert formatter(value) == expected


@pytest.mark.parametrize(("language", "what", "value", "expected"), [row for row in TABLE if row[1] != "list"])
def test_templates_print_the_same_as_the_table(language, what, value, expected):
    source = {
        "date": "{{ value|format_date }}",
        "datetime": "{{ value|format_datetime }}",
        "money": "{{ value|money }}",
        "number": "{{ value|number }}",
    }[what]
    with translation.override(language):
        assert Template(source).render(Context({"value": value})) == expected
        # The pages' filters (their words kept per date, or minute, and language) write what Django's filter does.
        django_format = {"date": "DATE_FORMAT", "datetime": "DATETIME_FORMAT"}.get(what)
        if django_format:
            assert Template(f'{{{{ value|date:"{django_format}" }}}}').render(Context({"value": value})) == expected


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_one_date_format_and_one_date_time_format_per_language(language):
    """The short formats are the long ones: whichever a template asks for, the reader sees one format."""
    with translation.override(language):
        rendered = Template(
            '{{ d|date:"DATE_FORMAT" }}|{{ d|date:"SHORT_DATE_FORMAT" }}|{{ d }}'
            '#{{ t|date:"DATETIME_FORMAT" }}|{{ t|date:"SHORT_DATETIME_FORMAT" }}|{{ t }}'
        ).render(Context({"d": DAY, "t": MOMENT}))
    dates, moments = rendered.split("#")
    assert len(set(dates.split("|"))) == 1, dates
    assert len(set(moments.split("|"))) == 1, moments


def test_arabic_dates_are_day_first_never_month_first():
    with translation.override("ar"):
        assert l10n.format_datetime(MOMENT).startswith("2 ")
        assert "12/02" not in Template('{{ t|date:"SHORT_DATETIME_FORMAT" }}').render(Context({"t": MOMENT}))
        assert "ص" not in l10n.format_datetime(MOMENT)  # 24-hour clock, no a.m./p.m.


def test_arabic_month_names_are_those_used_in_morocco():
    moroccan = [
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "ماي",
        "يونيو",
        "يوليوز",
        "غشت",
        "شتنبر",
        "أكتوبر",
        "نونبر",
        "دجنبر",
    ]
    with translation.override("ar"):
        shown = [
            Template('{{ d|date:"F" }}').render(Context({"d": datetime.date(2026, month, 1)})) for month in range(1, 13)
        ]
    assert shown == moroccan
    assert shown == list(Locale.parse("ar_MA").months["format"]["wide"].values())  # CLDR's Moroccan Arabic


@pytest.mark.parametrize(("language", "word"), [("fr", "mai"), ("en", "May")])
def test_other_languages_keep_their_month_names(language, word):
    with translation.override(language):
        assert l10n.format_date(datetime.date(2026, 5, 8)) == f"8 {word} 2026"


def test_a_reference_is_isolated_left_to_right_and_escaped():
    assert l10n.ltr_html("45891 74533") == '<bdi dir="ltr">45891 74533</bdi>'
    assert l10n.ltr_html("+212•••••212") == '<bdi dir="ltr">+212•••••212</bdi>'
    assert l10n.ltr_html("<b>") == '<bdi dir="ltr">&lt;b&gt;</bdi>'
    assert l10n.ltr_html("") == ""
    assert Template("{{ ref|ltr }}").render(Context({"ref": "<x>"})) == '<bdi dir="ltr">&lt;x&gt;</bdi>'


def test_an_address_keeps_its_own_direction_and_its_house_numbers_left_to_right():
    shown = l10n.address_html("83, Rue Al Massira & 12bis, Casablanca")

    assert shown == (
        '<bdi dir="ltr"><bdi dir="ltr">83</bdi>, Rue Al Massira &amp; <bdi dir="ltr">12bis</bdi>, Casablanca</bdi>'
    )
    # An apostrophe escapes to &#x27;: its digits are not taken for a house number.
    assert l10n.address_html("l'Oasis 4") == '<bdi dir="ltr">l&#x27;Oasis <bdi dir="ltr">4</bdi></bdi>'
    # An Arabic address reads right-to-left, its number still left-to-right: 83 stays at its start.
    assert l10n.address_html("83، زنقة المسيرة") == '<bdi dir="rtl"><bdi dir="ltr">83</bdi>، زنقة المسيرة</bdi>'


def test_plain_text_is_isolated_with_unicode_isolates_in_arabic_only():
    assert l10n.isolate_ltr("45891 74533") == "\u206645891 74533\u2069"
    with translation.override("ar"):
        assert l10n.isolate_ltr_if_bidi("45891 74533") == "\u206645891 74533\u2069"
    with translation.override("fr"):
        assert l10n.isolate_ltr_if_bidi("45891 74533") == "45891 74533"


def test_template_lists_use_the_arabic_comma():
    source = "{% for item in items %}{{ item }}{% if not forloop.last %}{% list_comma %}{% endif %}{% endfor %}"
    with translation.override("ar"):
        assert Template(source).render(Context({"items": ["أ", "ب", "ج"]})) == "أ، ب، ج"
        assert Template("{{ items|listjoin }}").render(Context({"items": ["<a>", "ب"]})) == "&lt;a&gt;، ب"


ARABIC_PLURALS = "n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 && n%100<=99 ? 4 : 5"


@pytest.mark.parametrize("catalogue", sorted(ROOT.glob("**/locale/ar/LC_MESSAGES/django.po")), ids=str)
def test_arabic_catalogues_follow_arabic_plural_rules(catalogue):
    with catalogue.open("rb") as file:
        po = read_po(file)
    # Even a catalogue without counts yet declares the rule, so that its first count is right.
    assert po.num_plurals == 6
    rule, arabic = c2py(po.plural_expr), c2py(ARABIC_PLURALS)
    assert [rule(n) for n in range(1200)] == [arabic(n) for n in range(1200)]


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        (1, "أُنجز 1 من أصل درس واحد"),
        (2, "أُنجز 1 من أصل درسين"),
        (5, "أُنجز 2 من أصل 5 دروس"),
        (11, "أُنجز 2 من أصل 11 درسًا"),
        (100, "أُنجز 2 من أصل 100 درس"),
    ],
)
def test_counts_follow_arabic_plurals(total, expected):
    done = 1 if total < 3 else 2
    with translation.override("ar"):
        text = ngettext("%(done)s of %(total)s lesson done", "%(done)s of %(total)s lessons done", total)
    assert text % {"done": done, "total": total} == expected


DATE_IN_TEMPLATE = re.compile(r"\|(date|time):[\"']([^\"']*)[\"']")


def test_templates_ask_only_for_the_one_date_and_date_time_format():
    """A template writes "d/m/Y" or "l j F" by hand: the page mixes formats again (issue: four on one page)."""
    wrong = [
        f"{path.relative_to(ROOT)}: {match[0]}"
        for path in ROOT.glob("**/templates/**/*.html")
        for match in DATE_IN_TEMPLATE.finditer(path.read_text(encoding="utf-8"))
        if match[2] not in {"DATE_FORMAT", "DATETIME_FORMAT", "TIME_FORMAT"}
    ]
    assert not wrong


def test_python_code_formats_dates_through_the_language_formats():
    """strftime writes one format for every language: SMS, flash messages and PDFs use guichet/common/l10n."""
    wrong = [
        str(path.relative_to(ROOT))
        for path in ROOT.glob("**/*.py")
        if "tests" not in path.parts and "migrations" not in path.parts and ".strftime(" in path.read_text("utf-8")
    ]
    assert not wrong


@pytest.mark.parametrize(("capacity", "places"), [(1, "مقعد واحد"), (2, "مقعدين"), (8, "8 مقاعد"), (25, "25 مقعدًا")])
def test_a_cohorts_places_follow_arabic_plurals(capacity, places):
    with translation.override("ar"):
        text = ngettext(
            "%(enrolled)s enrolled of %(capacity)s place; %(waiting)s on the waiting list.",
            "%(enrolled)s enrolled of %(capacity)s places; %(waiting)s on the waiting list.",
            capacity,
        )
    assert f"من أصل {places}؛" in text % {"enrolled": 1, "capacity": capacity, "waiting": 0}
