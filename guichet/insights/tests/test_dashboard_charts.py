"""The charts of /insights/: beside their tables, with the hand-counted figures, the map for the nation only, and
nothing of another region on a regional supervisor's page."""

import pytest
from django.urls import reverse

from guichet.territory.models import Region

from .scenario import build
from .test_beneficiaries import refresh

URL = reverse("insights:dashboard")


@pytest.fixture
def scenario(territory, personas):
    built = build(territory)
    refresh()
    return built


def _charts(response) -> dict:
    return response.context["charts"]


def test_the_nation_sees_four_charts_each_beside_its_table(client, personas, scenario):
    client.force_login(personas["supervisor_national"])
    response = client.get(URL, {"year": 2025})
    html = response.content.decode()
    assert set(_charts(response)) == {"chart_territories", "chart_programmes", "chart_openings", "chart_map"}
    assert html.count("<svg") == 4
    for chart in _charts(response).values():
        assert f'<caption id="{chart.id}-table">' in html


def test_the_bars_count_the_beneficiaries_of_each_region(client, personas, scenario):
    client.force_login(personas["supervisor_national"])
    bars = _charts(client.get(URL, {"year": 2025}))["chart_territories"]
    # Chaima in Rabat-Salé-Kénitra; Amina (with her merged duplicate), Brahim and Elias in Casablanca-Settat.
    assert ["Rabat-Salé-Kénitra", 1] in bars.rows
    assert ["Casablanca-Settat", 3] in bars.rows


def test_the_stacks_split_each_programme_by_sex(client, personas, scenario):
    client.force_login(personas["supervisor_national"])
    stacks = _charts(client.get(URL, {"year": 2025}))["chart_programmes"]
    assert stacks.columns == ["Programme", "féminin", "masculin", "Total"]
    rows = {row[0]: row[1:] for row in stacks.rows}
    assert rows["services des centres"] == [1, 1, 2]  # Amina once (after the merge), Brahim
    assert rows["formation à distance"] == [1, 0, 1]  # Chaima


def test_the_line_has_the_twelve_months_of_the_year(client, personas, scenario):
    client.force_login(personas["supervisor_national"])
    line = _charts(client.get(URL, {"year": 2025}))["chart_openings"]
    assert len(line.rows) == 12
    months = [row[0] for row in line.rows]
    assert len(set(months)) == 12 and months[5:7] == ["juin", "juil."]  # never two months alike
    assert line.columns == ["Mois", "Fixes", "Mobiles"]


def test_the_map_is_shaded_by_the_figure_chosen_without_script(client, personas, scenario):
    client.force_login(personas["supervisor_national"])
    response = client.get(URL, {"year": 2025})
    assert response.context["map_figure"] == "beneficiaries"
    rows = dict(_charts(response)["chart_map"].rows)
    assert rows["Casablanca-Settat"] == 3 and rows["Rabat-Salé-Kénitra"] == 1
    html = client.get(URL, {"year": 2025, "map": "windows"}).content.decode()
    assert '<option value="windows" selected>' in html
    filed = _charts(client.get(URL, {"year": 2025, "map": "filed"}))["chart_map"]
    # Filed in 2025: Amina 3 delivered + 1 rejected, Dounia 1, Brahim 1 (31 December), Farid 1 rejected.
    assert sum(value or 0 for _name, value in filed.rows) == 7


def test_an_unknown_map_figure_falls_back_to_the_beneficiaries(client, personas, scenario):
    client.force_login(personas["supervisor_national"])
    response = client.get(URL, {"year": 2025, "map": "salaries"})
    assert response.status_code == 200
    assert response.context["map_figure"] == "beneficiaries"


def test_a_regional_supervisor_sees_no_map_and_no_other_region(client, personas, scenario):
    client.force_login(personas["supervisor_region"])
    response = client.get(URL, {"year": 2025, "map": "beneficiaries"})
    html = response.content.decode()
    assert "chart_map" not in _charts(response)
    assert 'id="id_map"' not in html
    bars = _charts(response)["chart_territories"]
    assert [row[0] for row in bars.rows] == ["Casablanca", "Settat"]  # its provinces
    for region in Region.objects.exclude(code="MA-06"):
        assert region.name_fr not in html
        assert region.name_ar not in html


@pytest.mark.parametrize(
    ("language", "label"), [("fr", "Décidées dans le délai (%)"), ("ar", "المبتّ فيها داخل الأجل (%)")]
)
def test_every_headline_label_is_in_the_readers_language(client, personas, scenario, language, label):
    client.force_login(personas["supervisor_national"])
    client.cookies["django_language"] = language
    html = client.get(URL, {"year": 2025}).content.decode()
    assert f'<th scope="row">{label}</th>' in html
    assert "Decided within" not in html


@pytest.mark.parametrize("code", ["MA-SET", "C-AGDAL"])
def test_a_province_or_a_commune_draws_its_charts_without_the_map(client, personas, scenario, code):
    client.force_login(personas["supervisor_national"])
    response = client.get(URL, {"year": 2025, "territory": code})
    assert response.status_code == 200
    assert "chart_map" not in _charts(response)
    assert {"chart_programmes", "chart_openings"} <= set(_charts(response))
