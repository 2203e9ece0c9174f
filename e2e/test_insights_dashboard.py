"""The dashboard in the browser: the regional and the national supervisor, in French and Arabic, see the figures
worked out by hand for the test data, choose a year and a territory without script, and axe finds nothing."""

import pytest
from playwright.sync_api import expect

from guichet.insights.models import RollupRefresh
from guichet.insights.refresh import refresh_execute
from guichet.insights.tests.scenario import build

from .conftest import login, switch_language

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def refreshed(territory, personas):
    build(territory)
    refresh_execute(refresh_id=RollupRefresh.objects.create(kind=RollupRefresh.Kind.FULL).pk)


def _first_figure(page) -> str:
    return page.locator("#headline tbody tr").first.locator("td").first.inner_text()


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_regional_supervisor_reads_their_region(page, live_server, refreshed, axe_check, language):
    login(page, live_server, username="t_sup_region")
    if language != "fr":
        switch_language(page, language)
    page.goto(f"{live_server.url}/insights/?year=2025")
    # Amina, Brahim and Elias live in Casablanca-Settat in 2025 (Chaima, in Rabat, is not counted here).
    assert _first_figure(page) == "3"
    heading = (
        "Tableau de bord : Casablanca-Settat, 2025" if language == "fr" else "لوحة القيادة: الدار البيضاء سطات، 2025"
    )
    expect(page.locator("h1")).to_have_text(heading)
    # The chooser holds their region and its provinces only.
    expect(page.locator("#id_territory option")).to_have_count(3)
    axe_check(page, f"dashboard of the region {language}")

    # Settat, 2026, chosen with the keyboard and sent without script: Brahim's delivery of 1 January.
    page.select_option("#id_year", "2026")
    page.select_option("#id_territory", "MA-SET")
    page.locator("form.filters button").press("Enter")
    page.wait_for_load_state()
    assert "territory=MA-SET" in page.url
    assert _first_figure(page) == "1"
    axe_check(page, f"dashboard of a province {language}")


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_national_supervisor_reads_the_nation(page, live_server, refreshed, axe_check, language):
    login(page, live_server, username="t_sup_nat")
    if language != "fr":
        switch_language(page, language)
    page.goto(f"{live_server.url}/insights/?year=2026")
    # 2 beneficiaries in 2026 (Brahim, Elias) beside 4 in 2025: -50 %.
    cells = page.locator("#headline tbody tr").first.locator("td")
    expect(cells.nth(0)).to_have_text("2")
    expect(cells.nth(1)).to_have_text("4")
    expect(cells.nth(2)).to_contain_text("-50")
    expect(page.locator("#beneficiaries-by-territory caption")).to_be_visible()
    axe_check(page, f"dashboard of the nation {language}")


def test_regional_supervisor_cannot_reach_another_region_by_the_address(page, live_server, refreshed):
    login(page, live_server, username="t_sup_region")
    response = page.goto(f"{live_server.url}/insights/?territory=MA-04&year=2025")
    assert response is not None and response.status == 403
