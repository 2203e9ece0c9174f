"""The public open-data page: French, Arabic and English, zero axe violations, small counts never shown, and the
CSV the page links to downloads."""

import csv
import io

import pytest
from playwright.sync_api import expect

from guichet.insights.models import Cell, Level
from guichet.territory.tests.factories import RegionFactory

from .conftest import switch_language

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def open_figures(territory):
    casa, rabat = territory["casa_settat"], territory["rabat_region"]
    souss = RegionFactory(code="MA-09", name_fr="Souss-Massa", name_ar="سوس ماسة")
    cells = [
        (casa, "services|F", 40),
        (casa, "services|M", 3),
        (rabat, "services|F", 25),
        (rabat, "services|M", 30),
        (souss, "services|F", 12),
        (souss, "services|M", 9),
        (casa, "training|F", 120),
        (rabat, "training|F", 64),
        (souss, "training|F", 70),
    ]
    for region, value, count in cells:
        Cell.objects.create(
            year=2025, level=Level.REGION, territory_id=region.pk, dimension="programme_sex", value=value, count=count
        )


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_the_open_data_page_is_accessible_in_each_language(page, live_server, open_figures, axe_check, language):
    page.goto(f"{live_server.url}/open-data/")
    if language != "fr":
        switch_language(page, language)
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    expect(page.locator("h1")).to_contain_text(
        {"fr": "Données ouvertes", "ar": "البيانات المفتوحة", "en": "Open data"}[language]
    )
    expect(page.locator("main")).to_contain_text("Licence Ouverte / Open Licence 2.0")
    expect(page.locator("svg[role=img]")).to_have_count(1)
    # Casablanca-Settat's 3 men are hidden, and so is what would give them away; Rabat's 25 women and 30 men show.
    services = page.locator("table").nth(1)  # after the map's own table
    casablanca = "الدار البيضاء سطات" if language == "ar" else "Casablanca-Settat"
    rabat = "الرباط سلا القنيطرة" if language == "ar" else "Rabat-Salé-Kénitra"
    expect(services.locator("tr", has_text=rabat)).to_contain_text("25")
    expect(services.locator("tr", has_text=rabat)).to_contain_text("30")
    expect(services.locator("tr", has_text=casablanca).locator("td").nth(1)).to_have_text(
        {"fr": "—non publié", "ar": "—غير منشور", "en": "—not published"}[language]
    )
    axe_check(page, f"open data {language}")
    # Another programme on the map, chosen with the keyboard (no script on the page).
    page.select_option("#programme", "training")
    page.locator("form.choose button").press("Enter")
    page.wait_for_load_state()
    expect(page.locator("svg[role=img]")).to_contain_text("120")
    axe_check(page, f"open data, training on the map, {language}")


def test_the_csv_the_page_links_to_downloads(page, live_server, open_figures):
    page.goto(f"{live_server.url}/open-data/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="figures.csv").click()
    download = download_info.value
    assert download.suggested_filename == "guichet-open-data.csv"
    with open(download.path(), encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(io.StringIO(file.read())))
    by_cell = {(row["programme"], row["region"], row["sex"]): row["count"] for row in rows}
    assert by_cell[("services", "MA-06", "M")] == ""
    assert by_cell[("services", "MA-04", "F")] == "25"
