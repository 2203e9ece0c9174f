"""The open data: public, aggregate only, small counts suppressed so that the subtraction attack fails."""

import csv
import datetime
import io

import pytest
from django.conf import settings
from django.utils import timezone

from guichet.insights.models import Cell, Level, RollupRefresh
from guichet.territory.tests.factories import RegionFactory

from .attack import TOTAL, recoverable

pytestmark = pytest.mark.django_db

# Distinct beneficiaries of 2025 worked out by hand: Casablanca-Settat 40 women and 3 men in the centres' services,
# Rabat-Salé-Kénitra 25 and 30, Souss-Massa 12 and 9. The 3 is small: its row, its column and a partner hide.
SERVICES_2025 = {("MA-06", "F"): 40, ("MA-06", "M"): 3, ("MA-04", "F"): 25, ("MA-04", "M"): 30,
                 ("MA-09", "F"): 12, ("MA-09", "M"): 9}  # fmt: skip
TRAINING_2025 = {("MA-06", "F"): 120, ("MA-04", "F"): 2, ("MA-09", "F"): 60}
SERVICES_2024 = {("MA-06", "F"): 33, ("MA-06", "M"): 20, ("MA-04", "F"): 18, ("MA-04", "M"): 11}


@pytest.fixture
def figures(territory):
    regions = {"MA-06": territory["casa_settat"], "MA-04": territory["rabat_region"]}
    regions["MA-09"] = RegionFactory(code="MA-09", name_fr="Souss-Massa", name_ar="سوس ماسة")
    for year, programme, counts in [(2025, "services", SERVICES_2025), (2025, "training", TRAINING_2025),
                                    (2024, "services", SERVICES_2024)]:  # fmt: skip
        for (code, sex), count in counts.items():
            Cell.objects.create(
                year=year, level=Level.REGION, territory_id=regions[code].pk, dimension="programme_sex",
                value=f"{programme}|{sex}", count=count,
            )  # fmt: skip
    # Cells of other breakdowns and levels are not open data.
    Cell.objects.create(year=2025, level=Level.NATION, territory_id=0, dimension="age_band", value="0-17", count=7)
    RollupRefresh.objects.create(
        kind=RollupRefresh.Kind.FULL,
        status=RollupRefresh.Status.DONE,
        started_at=timezone.make_aware(datetime.datetime(2026, 12, 2, 3, 0)),
        finished_at=timezone.make_aware(datetime.datetime(2026, 12, 2, 3, 4)),
    )
    return regions


def published_json(client):
    response = client.get("/open-data/figures.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def grids(data):
    tables = {}
    for figure in data["figures"]:
        region = TOTAL if figure["region"] == "MA" else figure["region"]
        sex = TOTAL if figure["sex"] == "total" else figure["sex"]
        tables.setdefault((figure["year"], figure["programme"]), {})[(region, sex)] = figure["count"]
    return tables


def test_the_figures_are_public_and_the_small_ones_cannot_be_recovered(client, figures):
    data = published_json(client)
    assert data["licence"] == "Licence Ouverte / Open Licence 2.0"
    assert data["refreshed_at"].startswith("2026-12-02T")
    tables = grids(data)
    assert set(tables) == {(2025, "services"), (2025, "training"), (2024, "services")}
    for key, table in tables.items():
        assert all(count is None or not 0 < count < 5 for count in table.values()), key
        assert recoverable(table) == [], key
    services = tables[(2025, "services")]
    assert services[("MA-06", "M")] is None
    assert services[(TOTAL, TOTAL)] == 119  # 43 + 55 + 21: the nation's total is not small, it shows
    assert services[("MA-04", "F")] == 25
    # Every region has its row, a region that served no one with zeros (MA-09 in 2024).
    assert tables[(2024, "services")][("MA-09", TOTAL)] == 0


def test_a_table_whose_only_small_count_is_alone_in_its_row_hides_a_partner(client, figures):
    # Training: women only. Rabat's 2 women are its total too, and the nation's women are its total:
    # the 2 hides with its row's total and the smallest other region (Souss-Massa, 60) with its total.
    training = grids(published_json(client))[(2025, "training")]
    assert training[("MA-04", "F")] is None and training[("MA-04", TOTAL)] is None
    assert training[("MA-09", "F")] is None
    assert training[("MA-06", "F")] == 120
    assert training[("MA-06", "M")] == 0


def test_the_csv_gives_the_same_figures_with_suppressed_cells_empty(client, figures):
    response = client.get("/open-data/figures.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert set(rows[0]) == {"year", "programme", "region", "region_name_fr", "region_name_ar", "sex", "count"}
    casablanca_men = next(r for r in rows if (r["year"], r["programme"], r["region"], r["sex"]) ==
                          ("2025", "services", "MA-06", "M"))  # fmt: skip
    assert casablanca_men["count"] == ""
    assert casablanca_men["region_name_ar"] == "الدار البيضاء سطات"
    nation = next(r for r in rows if (r["year"], r["programme"], r["region"], r["sex"]) ==
                  ("2025", "services", "MA", "total"))  # fmt: skip
    assert nation["count"] == "119"
    assert all(not row["count"] or int(row["count"]) == 0 or int(row["count"]) >= 5 for row in rows)


@pytest.mark.parametrize(
    ("language", "heading", "licence_word", "refreshed"),
    [
        ("fr", "Données ouvertes", "Licence", "2 décembre 2026"),
        ("ar", "البيانات المفتوحة", "الترخيص", "2 دجنبر 2026"),
        ("en", "Open data", "Licence", "2 December 2026"),
    ],
)
def test_the_page_explains_the_figures_in_each_language(client, figures, language, heading, licence_word, refreshed):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/open-data/")
    assert response.status_code == 200
    html = response.content.decode()
    assert heading in html
    assert licence_word in html and "Licence Ouverte / Open Licence 2.0" in html
    assert refreshed in html
    assert 'role="img"' in html  # the map, beside its table
    assert "/open-data/figures.json" in html and "/open-data/figures.csv" in html


def test_the_page_shows_the_chosen_year_and_hides_small_counts(client, figures):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/open-data/?year=2024").content.decode()
    assert "Figures of 2024" in html
    assert '<td class="num">33</td>' in html
    html = client.get("/open-data/").content.decode()
    assert "Figures of 2025" in html
    assert "not published" in html
    assert '<td class="num">3</td>' not in html


@pytest.mark.parametrize("year", ["²", "1999", "2025x", ""])
def test_a_year_without_figures_shows_the_latest(client, figures, year):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/open-data/", {"year": year, "programme": "<b>"})
    assert response.status_code == 200
    assert "Figures of 2025" in response.content.decode()


def test_no_person_ever_appears_in_the_open_data(client, figures, people):
    person = people["casa"]
    everything = (
        client.get("/open-data/").content.decode()
        + client.get("/open-data/figures.json").content.decode()
        + b"".join(client.get("/open-data/figures.csv").streaming_content).decode()
    )
    for detail in [person.family_name_latin, person.family_name_ar, person.cnie, person.idcs, person.social_id]:
        assert str(detail) not in everything
    data = published_json(client)
    assert all(set(figure) == {"year", "programme", "region", "region_name_fr", "region_name_ar", "sex", "count"}
               for figure in data["figures"])  # fmt: skip


def test_the_open_data_is_read_only(client, figures):
    assert client.post("/open-data/").status_code == 405
    assert client.post("/open-data/figures.json").status_code == 405


def test_without_figures_the_page_says_so(client, territory):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/open-data/").content.decode()
    assert "No figures are published yet." in html
    assert published_json(client)["figures"] == []
