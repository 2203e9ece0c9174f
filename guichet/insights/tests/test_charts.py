"""Charts drawn on the server: named for screen readers, the same figures in a table, mirrored right to left,
numbers as the language writes them, readable colours, and nothing fetched or run."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from guichet.insights.charts import (
    PALETTE,
    PAPER,
    REGION_TILES,
    SHADES,
    Series,
    bar_chart,
    line_chart,
    region_map,
    stacked_bar_chart,
)

SVG = "{http://www.w3.org/2000/svg}"
REGIONS = [("Casablanca-Settat", 583000), ("Rabat-Salé-Kénitra", 1250), ("Souss-Massa", None)]


def parsed(chart):
    return ET.fromstring(str(chart.svg))


def texts(root):
    return [element.text for element in root.iter(f"{SVG}text")]


def regions_chart():
    return bar_chart(
        chart_id="by-region",
        title="Bénéficiaires par région",
        description="Bénéficiaires distincts de 2025, par région",
        items=REGIONS,
        label_heading="Région",
        value_heading="Bénéficiaires",
    )


def test_a_bar_chart_is_an_image_named_by_its_title_and_description():
    with translation.override("fr"):
        root = parsed(regions_chart())
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "by-region-title by-region-desc"
    assert root.find(f"{SVG}title").get("id") == "by-region-title"
    assert root.find(f"{SVG}title").text == "Bénéficiaires par région"
    assert root.find(f"{SVG}desc").text == "Bénéficiaires distincts de 2025, par région"
    assert {"Casablanca-Settat", "583\u202f000", "1\u202f250", "—"} <= set(texts(root))


@pytest.mark.parametrize(("language", "shown"), [("fr", "583\u202f000"), ("ar", "583.000"), ("en", "583,000")])
def test_numbers_are_grouped_as_the_language_writes_them(language, shown):
    with translation.override(language):
        chart = regions_chart()
        assert shown in texts(parsed(chart))
        assert chart.table()[0] == ["Casablanca-Settat", shown]


def test_in_arabic_the_bars_grow_from_the_right_and_the_labels_read_right_to_left():
    with translation.override("en"):
        ltr = parsed(regions_chart())
    with translation.override("ar"):
        rtl = parsed(regions_chart())
    ltr_bar, rtl_bar = ltr.find(f"{SVG}rect"), rtl.find(f"{SVG}rect")
    assert ltr_bar.get("width") == rtl_bar.get("width")
    # Mirrored: the bar that started at 210 from the left now ends 210 from the right.
    assert float(ltr_bar.get("x")) == 210
    assert float(rtl_bar.get("x")) + float(rtl_bar.get("width")) == 640 - 210
    label_ltr = next(t for t in ltr.iter(f"{SVG}text") if t.text == "Casablanca-Settat")
    label_rtl = next(t for t in rtl.iter(f"{SVG}text") if t.text == "Casablanca-Settat")
    assert label_ltr.get("direction") == "ltr" and label_rtl.get("direction") == "rtl"
    assert float(label_ltr.get("x")) < 210 < 640 - 210 < float(label_rtl.get("x"))


def test_the_months_of_a_line_run_from_the_right_in_arabic():
    def chart():
        return line_chart(
            chart_id="months",
            title="Demandes par mois",
            description="Demandes déposées chaque mois de 2025",
            labels=["janv.", "févr.", "mars"],
            series=[Series("Déposées", [10, 40, 25]), Series("Livrées", [5, None, 20])],
            label_heading="Mois",
        )

    with translation.override("fr"):
        french = chart()
    with translation.override("ar"):
        arabic = chart()

    def x_of(root, label):
        return float(next(t for t in root.iter(f"{SVG}text") if t.text == label).get("x"))

    assert x_of(parsed(french), "janv.") < x_of(parsed(french), "mars")
    assert x_of(parsed(arabic), "janv.") > x_of(parsed(arabic), "mars")
    assert len(list(parsed(french).iter(f"{SVG}polyline"))) == 2
    assert french.columns == ["Mois", "Déposées", "Livrées"]
    assert french.table()[1] == ["févr.", "40", "—"]  # a month without a figure is a dash, not a zero


def test_a_stacked_bar_shows_each_part_and_the_total():
    with translation.override("en"):
        chart = stacked_bar_chart(
            chart_id="by-category",
            title="Beneficiaries by category",
            description="Women and men served in 2025, per category of service",
            categories=["Disability", "Incubator"],
            series=[Series("Women", [120, 300]), Series("Men", [80, 0])],
            label_heading="Category",
            total_heading="Total",
        )
    assert chart.columns == ["Category", "Women", "Men", "Total"]
    assert chart.table() == [["Disability", "120", "80", "200"], ["Incubator", "300", "0", "300"]]
    root = parsed(chart)
    assert {"Women", "Men", "200", "300"} <= set(texts(root))


def test_the_map_has_the_twelve_regions_and_a_legend_with_values():
    names = {code: f"Région {code[-2:]}" for code in REGION_TILES}
    names["MA-11"] = "Laâyoune-Sakia El Hamra"
    values = {code: index * 100 for index, code in enumerate(sorted(REGION_TILES))}
    values["MA-12"] = None
    with translation.override("fr"):
        chart = region_map(
            chart_id="map",
            title="Bénéficiaires par région",
            description="Carte schématique des 12 régions",
            names=names,
            values=values,
            region_heading="Région",
            value_heading="Bénéficiaires",
        )
    root = parsed(chart)
    shown = texts(root)
    assert len(REGION_TILES) == 12
    assert {"Laâyoune-Sakia", "El Hamra"} <= set(shown)  # a long name on two lines
    assert "1\u202f000" in shown and "—" in shown  # the largest value and the region without a figure
    assert "0 à 199" in shown and "800 à 1\u202f000" in shown  # the legend says which shade means what
    assert "Carte schématique : une case par région." in shown
    assert len(chart.table()) == 12
    # Never mirrored: the north (Tanger, MA-01) stays above and east of the far south (Dakhla, MA-12).
    with translation.override("ar"):
        arabic = parsed(
            region_map(
                chart_id="m",
                title="t",
                description="d",
                names=names,
                values=values,
                region_heading="r",
                value_heading="v",
            )
        )
    assert [r.get("x") for r in arabic.iter(f"{SVG}rect")][:12] == [r.get("x") for r in root.iter(f"{SVG}rect")][:12]


def test_a_chart_fetches_nothing_and_runs_nothing():
    svg = str(regions_chart().svg)
    assert "<script" not in svg
    assert not re.search(r"(href|src)\s*=", svg)
    assert "style=" not in svg  # the page's Content-Security-Policy refuses inline styles


def test_a_label_cannot_inject_markup():
    chart = bar_chart(
        chart_id="x",
        title="<b>t</b>",
        description="d",
        items=[("<script>alert(1)</script>", 3)],
        label_heading="l",
        value_heading="v",
    )
    assert "<script>" not in str(chart.svg)
    ET.fromstring(str(chart.svg))


def _luminance(colour):
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one, other):
    high, low = sorted([_luminance(one), _luminance(other)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_colours_meet_wcag_aa():
    for colour in PALETTE:
        assert _contrast(colour, PAPER) >= 4.5  # bars on white, and the white figures written inside a stack
    for fill, ink in SHADES:
        assert _contrast(fill, ink) >= 4.5  # the figure written on each shade of the map


def test_the_figure_shows_the_chart_and_its_table():
    with translation.override("fr"):
        html = render_to_string("insights/charts/figure.html", {"chart": regions_chart()})
    assert html.count("<svg") == 1
    assert '<caption id="by-region-table">' in html
    assert '<th scope="row">Rabat-Salé-Kénitra</th><td class="num">1\u202f250</td>' in html
