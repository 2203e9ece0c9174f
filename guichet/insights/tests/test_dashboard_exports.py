"""Downloads of the /insights/ tables: every table has its CSV and XLSX link, the files hold the page's figures
as numbers under the page's filters, each download is audited, and no one downloads outside their territory."""

import csv
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from guichet.audit.models import AuditEntry

from .scenario import build
from .test_beneficiaries import refresh

URL = reverse("insights:dashboard")


@pytest.fixture
def scenario(territory, personas):
    built = build(territory)
    refresh()
    return built


def export_url(name, fmt):
    return reverse("insights:export", kwargs={"name": name, "fmt": fmt})


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def read_xlsx(response) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return list(sheet.iter_rows(values_only=True))


def test_every_table_and_chart_on_the_page_has_both_downloads(client, personas, scenario):
    client.force_login(personas["supervisor_national"])
    html = client.get(URL, {"year": 2025}).content.decode()
    tables = html.count("<table")
    csv_links = re.findall(r'href="(/insights/export/[a-z0-9-]+\.csv\?[^"]+)"', html)
    xlsx_links = re.findall(r'href="(/insights/export/[a-z0-9-]+\.xlsx\?[^"]+)"', html)
    assert len(csv_links) == len(xlsx_links) == tables
    for link in csv_links + xlsx_links:
        assert "year=2025" in link and "territory=MA" in link
        assert client.get(link.replace("&amp;", "&")).status_code == 200


def test_the_csv_holds_the_filters_and_the_figures_of_the_page(client, personas, scenario):
    client.force_login(personas["supervisor_national"])
    lines = read_csv(client.get(export_url("beneficiaries-by-age-band", "csv"), {"year": 2025, "territory": "MA"}))
    assert lines[0] == ["Bénéficiaires distincts par âge au 31 décembre"]
    assert lines[1] == ["Année", "2025"]
    assert lines[2] == ["Territoire", "Maroc"]
    header = lines.index(["Âge au 31 décembre", "2025", "2024"])
    assert lines[header + 1 :] == [
        ["0-17", "2", "0"],
        ["18-29", "0", "0"],
        ["30-44", "1", "0"],
        ["45-59", "0", "0"],
        ["60+", "1", "0"],
    ]


def test_the_xlsx_holds_number_cells(client, personas, scenario):
    client.force_login(personas["supervisor_region"])
    response = client.get(export_url("headline", "xlsx"), {"year": 2025})
    rows = read_xlsx(response)
    assert rows[1][:2] == ("Année", "2025")
    assert rows[2][:2] == ("Territoire", "Casablanca-Settat")
    beneficiaries = next(row for row in rows if row[0] == "Bénéficiaires distincts")
    assert beneficiaries[1] == 3 and isinstance(beneficiaries[1], int)


def test_a_chart_downloads_its_figures(client, personas, scenario):
    client.force_login(personas["supervisor_national"])
    response = client.get(export_url("chart-map", "xlsx"), {"year": 2025, "territory": "MA", "map": "beneficiaries"})
    rows = read_xlsx(response)
    assert ("Indicateur", "Bénéficiaires distincts") in [row[:2] for row in rows]
    assert ("Casablanca-Settat", 3) in [row[:2] for row in rows]


def test_the_download_is_audited_in_the_region(client, personas, scenario, territory):
    client.force_login(personas["supervisor_region"])
    client.get(export_url("requests-by-service", "csv"), {"year": 2025, "territory": "MA-CAS"})
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert entry.actor == personas["supervisor_region"]
    assert entry.object_id == "requests-by-service"
    assert entry.scope_region_id == territory["casa_settat"].pk
    assert entry.scope_province_id == territory["casablanca"].pk
    assert entry.changes["Territoire"] == [None, "Casablanca"]
    assert entry.changes["format"] == [None, "csv"]


@pytest.mark.parametrize("code", ["MA", "MA-04", "MA-RAB", "C-AGDAL"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_regional_supervisor_cannot_export_another_territory(client, personas, scenario, code, fmt):
    client.force_login(personas["supervisor_region"])
    response = client.get(export_url("beneficiaries-by-territory", fmt), {"year": 2025, "territory": code})
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


def test_a_regional_supervisor_cannot_export_the_map(client, personas, scenario):
    client.force_login(personas["supervisor_region"])
    assert client.get(export_url("chart-map", "csv"), {"year": 2025}).status_code == 404


@pytest.mark.parametrize("persona", ["agent", "centre", "steward", "programme_officer"])
def test_other_staff_cannot_export(client, personas, scenario, persona):
    client.force_login(personas[persona])
    assert client.get(export_url("headline", "csv")).status_code == 403


def test_an_unknown_table_or_format_is_not_found(client, personas, scenario):
    client.force_login(personas["supervisor_national"])
    assert client.get(export_url("persons", "csv")).status_code == 404
    assert client.get("/insights/export/headline.pdf").status_code == 404
