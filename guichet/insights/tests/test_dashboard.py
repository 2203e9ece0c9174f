"""The /insights/ page: what each supervisor sees, and what no one outside a territory can reach."""

import datetime

import pytest
from django.urls import reverse

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import UserFactory
from guichet.common.exceptions import NotAllowed
from guichet.insights.models import Level, Population
from guichet.insights.selectors import place_resolve
from guichet.insights.selectors_tables import beneficiary_tables, service_level_table, territory_table
from guichet.insights.services import population_load

from .scenario import build, delivered
from .test_beneficiaries import refresh

URL = reverse("insights:dashboard")


@pytest.fixture
def scenario(territory, personas):
    built = build(territory)
    refresh()
    return built


def _headline(response) -> str:
    html = response.content.decode()
    return html[html.index('id="headline"') : html.index("</table>", html.index('id="headline"'))]


def test_national_supervisor_sees_the_nation_beside_the_year_before(client, personas, scenario):
    client.force_login(personas["supervisor_national"])
    response = client.get(URL, {"year": 2026})
    assert response.status_code == 200
    headline = _headline(response)
    # 2 beneficiaries in 2026 (Brahim, Elias), 4 in 2025: -50.0 %.
    assert "<td>2</td><td>4</td><td>-50,0 %</td>" in headline
    assert "Chiffres actualisés le" in response.content.decode()


def test_regional_supervisor_opens_on_their_region(client, personas, scenario):
    client.force_login(personas["supervisor_region"])
    response = client.get(URL, {"year": 2025})
    assert response.status_code == 200
    assert response.context["place"].code == "MA-06"
    # Amina, Brahim, Elias live in Casablanca-Settat; Chaima (Rabat) is not counted here.
    assert "<td>3</td>" in _headline(response)
    # The chooser offers their region and its provinces, never the nation or another region.
    offered = [code for code, _name in response.context["places"]]
    assert offered == ["MA-06", "MA-CAS", "MA-SET"]


@pytest.mark.parametrize("code", ["MA", "MA-04", "MA-RAB", "C-AGDAL"])
def test_regional_supervisor_cannot_open_another_territory_by_the_address(client, personas, scenario, code):
    client.force_login(personas["supervisor_region"])
    response = client.get(URL, {"year": 2025, "territory": code})
    assert response.status_code == 403
    assert "Chaima" not in response.content.decode()


@pytest.mark.parametrize("code", ["MA", "MA-06", "MA-CAS"])
def test_province_supervisor_cannot_open_above_their_province(client, personas, scenario, code):
    client.force_login(personas["supervisor_province"])
    assert client.get(URL, {"territory": code}).status_code == 403
    assert client.get(URL, {"territory": "MA-SET"}).status_code == 200


@pytest.mark.parametrize("persona", ["agent", "centre", "steward", "coordinator", "programme_officer"])
def test_other_staff_cannot_open_the_dashboard(client, personas, scenario, persona):
    client.force_login(personas[persona])
    assert client.get(URL).status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in(client, scenario):
    response = client.get(URL)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_unknown_territory_is_not_found(client, personas, scenario):
    client.force_login(personas["supervisor_national"])
    assert client.get(URL, {"territory": "MA-99"}).status_code == 404


def test_every_table_is_scoped_to_the_region(personas, scenario, territory):
    supervisor = personas["supervisor_region"]
    rabat = place_resolve(viewer=personas["supervisor_national"], code="MA-04")
    for read in (
        lambda: beneficiary_tables(viewer=supervisor, place=rabat, year=2025),
        lambda: territory_table(viewer=supervisor, place=rabat, year=2025),
        lambda: service_level_table(viewer=supervisor, place=rabat, year=2025, group="centre"),
    ):
        with pytest.raises(NotAllowed):
            read()


def test_the_page_shows_no_name_and_no_disability_detail(client, personas, scenario):
    client.force_login(personas["supervisor_national"])
    html = client.get(URL, {"year": 2025}).content.decode()
    for word in ("Amina", "Dounia", "Brahim", "Chaima", "Farid", "Yassine", "motor", "moteur", "light"):
        assert word not in html


def test_coverage_per_1000_inhabitants_uses_the_loaded_population(client, personas, scenario, territory):
    Population.objects.create(level=Level.REGION, territory_id=territory["casa_settat"].pk, year=2024, population=1500)
    client.force_login(personas["supervisor_region"])
    response = client.get(URL, {"year": 2025})
    # 3 beneficiaries for 1,500 inhabitants (the 2024 figure is used until a newer one): 2.00 per 1,000.
    assert response.context["headline"].coverage.value == 2
    assert "<td>2,00</td>" in _headline(response)


def test_breakdown_tables_show_the_hand_counted_figures(client, personas, scenario):
    client.force_login(personas["supervisor_national"])
    response = client.get(URL, {"year": 2025})
    tables = {table.name: table for table in response.context["breakdowns"]}
    assert ("services des centres", 2, 0) in tables["beneficiaries-by-programme"].rows
    assert ("en situation de handicap", 2, 0) in tables["beneficiaries-by-disability"].rows
    assert tables["beneficiaries-by-age-band"].rows == [
        ("0-17", 2, 0),
        ("18-29", 0, 0),
        ("30-44", 1, 0),
        ("45-59", 0, 0),
        ("60+", 1, 0),
    ]
    # Regions in code order: MA-04 Rabat-Salé-Kénitra (Chaima), MA-06 Casablanca-Settat (the three others).
    # (The factories' other regions are listed with no beneficiary.)
    assert [row for row in response.context["territories"].rows if row[1]] == [
        ("Rabat-Salé-Kénitra", 1, 0, None),
        ("Casablanca-Settat", 3, 0, None),
    ]


def test_the_dashboard_reads_in_arabic(client, personas, scenario):
    client.force_login(personas["supervisor_region"])
    client.cookies["django_language"] = "ar"
    response = client.get(URL, {"year": 2026})
    html = response.content.decode()
    assert 'dir="rtl"' in html
    assert "لوحة القيادة: الدار البيضاء سطات، 2026" in html
    assert "المستفيدون المتميزون حسب المجال الترابي" in html


def test_the_figures_are_kept_for_every_viewer_until_the_rollups_change(
    client, personas, scenario, territory, django_assert_max_num_queries
):
    """A second supervisor of the nation reads the figures the first one's page read; a population loaded or a
    refresh shows the new figures at once; a regional supervisor still cannot reach the nation's kept figures."""
    client.force_login(personas["supervisor_national"])
    assert "<td>2</td><td>4</td><td>-50,0 %</td>" in _headline(client.get(URL, {"year": 2026}))
    client.force_login(UserFactory(username="t_sup_nat_2", role=Role.SUPERVISOR, national=True))
    with django_assert_max_num_queries(8):  # session, user, years, the territory chooser: no figure read again
        response = client.get(URL, {"year": 2026})
    assert "<td>2</td><td>4</td><td>-50,0 %</td>" in _headline(response)

    client.force_login(personas["supervisor_region"])
    assert "<td>2,00</td>" not in _headline(client.get(URL, {"year": 2025}))
    assert population_load(source=b"territory_code,year,population\nMA-06,2024,1500\n").ok
    assert "<td>2,00</td>" in _headline(client.get(URL, {"year": 2025}))  # 3 beneficiaries for 1,500 inhabitants
    assert client.get(URL, {"year": 2026, "territory": "MA"}).status_code == 403

    client.force_login(personas["supervisor_national"])
    delivered(scenario.farid, scenario.health, datetime.date(2026, 2, 2))
    assert "<td>2</td><td>4</td><td>-50,0 %</td>" in _headline(client.get(URL, {"year": 2026}))  # not refreshed
    refresh()
    assert "<td>3</td><td>4</td><td>-25,0 %</td>" in _headline(client.get(URL, {"year": 2026}))


def test_the_figures_are_written_once_per_language(client, personas, scenario):
    """The figures' HTML is kept with them (insights/views.py): a reader of another language gets them written in
    theirs, with their own page around them, never the first reader's words."""
    client.force_login(personas["supervisor_national"])
    french = client.get(URL, {"year": 2026}, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    arabic = client.get(URL, {"year": 2026}, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "Chiffres clés" in french and "Chiffres clés" not in arabic
    assert 'dir="rtl"' in arabic and "<td>2</td><td>4</td>" in arabic
    assert french.count('id="headline"') == arabic.count('id="headline"') == 1
    again = client.get(URL, {"year": 2026}, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    def figures(html: str) -> str:
        return html[html.index('<section aria-labelledby="headline-title">') : html.index("</main>")]

    assert figures(again) == figures(french) != figures(arabic)
