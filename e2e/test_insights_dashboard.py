"""The dashboard in the browser: the regional and the national supervisor, in French and Arabic, see the figures
worked out by hand for the test data, choose a year and a territory without script, and axe finds nothing."""

import csv
import re

import pytest
from openpyxl import load_workbook
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
    # Four charts, each an image named by its title, with its table beside it; the map of the 12 regions.
    expect(page.locator("svg[role=img]")).to_have_count(4)
    expect(page.locator("#chart-map-title")).to_be_attached()
    axe_check(page, f"dashboard of the nation {language}")

    # The map shaded by another figure, chosen with the keyboard and sent without script.
    page.select_option("#id_map", "filed")
    page.locator("form:has(#id_map) button").press("Enter")
    expect(page).to_have_url(re.compile(r"map=filed"))
    expect(page.locator("#id_map")).to_have_value("filed")
    axe_check(page, f"dashboard of the nation, map of the requests, {language}")


def _download(page, name: str, fmt: str):
    with page.expect_download() as download_info:
        page.locator(f'a[href^="/insights/export/{name}.{fmt}?"]').click()
    return download_info.value


def test_regional_supervisor_downloads_a_table_as_csv_and_xlsx(page, live_server, refreshed):
    login(page, live_server, username="t_sup_region")
    page.goto(f"{live_server.url}/insights/?year=2025")
    expect(page.locator("svg[role=img]")).to_have_count(3)  # no map outside the nation's view

    download = _download(page, "beneficiaries-by-age-band", "csv")
    assert download.suggested_filename.startswith("beneficiaries-by-age-band-")
    with open(download.path(), encoding="utf-8-sig") as file:
        lines = list(csv.reader(file))
    assert ["Année", "2025"] in lines and ["Territoire", "Casablanca-Settat"] in lines
    # Amina (35 on 31 December), Brahim (17 on 31 December 2025) and Elias (8): one per band.
    assert ["0-17", "2", "0"] in lines and ["30-44", "1", "0"] in lines

    download = _download(page, "headline", "xlsx")
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as file:
        rows = list(load_workbook(file).worksheets[0].iter_rows(values_only=True))
    assert ("Territoire", "Casablanca-Settat") in [row[:2] for row in rows]
    beneficiaries = next(row for row in rows if row[0] == "Bénéficiaires distincts")
    assert beneficiaries[1] == 3  # a number cell, not a text


def test_regional_supervisor_cannot_reach_another_region_by_the_address(page, live_server, refreshed):
    login(page, live_server, username="t_sup_region")
    response = page.goto(f"{live_server.url}/insights/?territory=MA-04&year=2025")
    assert response is not None and response.status == 403
