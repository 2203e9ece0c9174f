"""Exports of the dashboards' tables: what a supervisor gets in the file, and the trace it leaves."""

import csv
import io

import pytest
from django.test import RequestFactory
from django.utils import translation
from openpyxl import load_workbook

from guichet.audit.models import AuditEntry
from guichet.audit.story import describe
from guichet.insights.exports import ExportTable, export_filename, export_response

pytestmark = pytest.mark.django_db


def beneficiaries_table():
    return ExportTable(
        name="beneficiaries-by-region",
        title="Bénéficiaires distincts par région",
        columns=["Région", "المستفيدون", "Évolution (%)"],
        rows=[
            ["Casablanca-Settat", 583000, 17.5],
            ['=HYPERLINK("http://x")', 1250, -3.2],
            ["-1+1", 0, 0],
        ],
    )


def download(user, fmt, filters=None, territory=None):
    request = RequestFactory().get("/insights/", REMOTE_ADDR="192.0.2.7")
    request.user = user
    filters = filters if filters is not None else {"Année": 2025, "Territoire": "Casablanca-Settat"}
    response = export_response(request, beneficiaries_table(), filters, fmt, territory=territory)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def test_the_csv_starts_with_the_filters_and_keeps_numbers_plain(personas):
    response, body = download(personas["supervisor_national"], "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the accents and the Arabic
    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert lines[0] == ["Bénéficiaires distincts par région"]
    assert lines[1] == ["Année", "2025"]
    assert lines[2] == ["Territoire", "Casablanca-Settat"]
    assert lines[4] == []
    assert lines[5] == ["Région", "المستفيدون", "Évolution (%)"]
    assert lines[6] == ["Casablanca-Settat", "583000", "17.5"]  # no thousands separator


def test_a_cell_a_spreadsheet_would_run_is_written_as_text(personas):
    _, body = download(personas["supervisor_national"], "csv")
    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert lines[7] == ['\'=HYPERLINK("http://x")', "1250", "-3.2"]  # a negative number stays a number
    assert lines[8][0] == "'-1+1"


def test_the_xlsx_holds_number_cells_and_the_filters(personas):
    response, body = download(personas["supervisor_national"], "xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(body)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Bénéficiaires distincts par région"
    assert rows[1][:2] == ("Année", "2025")
    assert rows[2][:2] == ("Territoire", "Casablanca-Settat")
    assert rows[5] == ("Région", "المستفيدون", "Évolution (%)")
    assert rows[6] == ("Casablanca-Settat", 583000, 17.5)
    assert isinstance(rows[6][1], int)
    formula = sheet.cell(row=8, column=1)
    assert formula.data_type == "s"  # text, never a formula
    assert formula.value == '=HYPERLINK("http://x")'
    assert formula.quotePrefix
    assert rows[7][2] == -3.2


def test_an_arabic_export_reads_right_to_left(personas):
    with translation.override("ar"):
        _, body = download(personas["supervisor_national"], "xlsx", filters=[("السنة", 2025)])
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet.sheet_view.rightToLeft
    assert sheet.cell(row=2, column=1).value == "السنة"


def test_the_file_name_is_safe_and_dated():
    name = export_filename('../Bénéficiaires "par" région;\r\n', "csv")
    assert name.endswith(".csv")
    assert name.startswith("b-n-ficiaires-par-r-gion-")
    assert all(char.isascii() and (char.isalnum() or char in "-.") for char in name)
    assert export_filename("المستفيدون", "xlsx").startswith("guichet-export-")


def test_the_export_is_in_the_audit_log_of_its_region(personas, territory):
    response, _ = download(personas["supervisor_region"], "xlsx", territory=territory["casablanca"])
    assert 'filename="beneficiaries-by-region-' in response["Content-Disposition"]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert entry.actor == personas["supervisor_region"]
    assert entry.object_type == "insights.export"
    assert entry.object_id == "beneficiaries-by-region"
    assert entry.scope_region_id == territory["casa_settat"].pk
    assert entry.ip_address == "192.0.2.7"
    with translation.override("en"):
        text = describe([entry])[0].text()
    assert "Export of the table “Bénéficiaires distincts par région” (XLSX, 3 rows)" in text
    assert "Filter — Territoire: Casablanca-Settat" in text


def test_an_unknown_format_is_refused(personas):
    with pytest.raises(ValueError, match="format"):
        download(personas["supervisor_national"], "pdf")
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()
