"""Downloads of the dashboards' tables as CSV and XLSX, with the filters written at the top, audited.

Every file reads the same way: the table's title, one line per filter applied ("Year", "2025"), the date of
the export, an empty line, then the header and the rows. Counts stay numbers (number cells in XLSX, digits
without thousands separators in CSV); a text that a spreadsheet would run as a formula is kept as text.
"""

import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from django.db import transaction
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from guichet.audit.kinds import INSIGHTS_EXPORT
from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_record
from guichet.common.csv_export import FORMULA_STARTS, csv_response
from guichet.common.l10n import format_datetime
from guichet.common.net import client_address

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_UNSAFE_IN_NAME = re.compile(r"[^a-z0-9]+")


class TableLike(Protocol):
    """What an export reads of a table: the dashboards' selectors_tables.Table, or an ExportTable."""

    @property
    def name(self) -> str: ...
    @property
    def title(self) -> str | Promise: ...
    @property
    def columns(self) -> Sequence[str | Promise]: ...
    @property
    def rows(self) -> Iterable[Sequence[Any]]: ...


@dataclass(frozen=True)
class ExportTable:
    """A table as a dashboard shows it: aggregates only, never a person's row."""

    name: str  # for the file name and the audit log: "beneficiaries-by-region"
    title: str  # written at the top of the file, in the reader's language
    columns: Sequence[str]
    rows: Iterable[Sequence[Any]]


Filters = Mapping[str, Any] | Sequence[tuple[str, Any]]


def export_response(
    request: HttpRequest, table: TableLike, filters: Filters, fmt: str, *, territory: Any = None
) -> HttpResponse | StreamingHttpResponse:
    """The table as a CSV or XLSX download, recorded in the audit log (in `territory`'s region when given, so
    that the supervisors there read it). `filters`: what the dashboard shows the table for, label → value."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    pairs = [
        (str(label), _plain(value)) for label, value in (filters.items() if isinstance(filters, Mapping) else filters)
    ]
    rows = [list(row) for row in table.rows]
    export_record(
        actor=request.user,
        table=table,
        filters=pairs,
        fmt=fmt,
        count=len(rows),
        ip_address=client_address(request),
        territory=territory,
    )
    lines = _lines(table, pairs, rows)
    filename = export_filename(table.name, fmt)
    if fmt == "csv":
        return csv_response(lines, filename=filename)
    response = HttpResponse(xlsx_bytes(lines, title=str(table.title)), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@transaction.atomic
def export_record(
    *,
    actor: Any,
    table: TableLike,
    filters: list[tuple[str, str]],
    fmt: str,
    count: int,
    ip_address: str | None = None,
    territory: Any = None,
) -> AuditEntry:
    """The audit entry of one download: which table, which format, how many rows, under which filters."""
    changes = {label: [None, value] for label, value in filters}
    changes |= {"table": [None, str(table.title)], "format": [None, fmt], "rows": [None, str(count)]}
    return audit_record(
        actor=actor,
        action=AuditEntry.Action.EXPORT,
        obj=None,
        object_type=INSIGHTS_EXPORT,
        object_id=table.name,
        changes=changes,
        ip_address=ip_address,
        territory=territory,
    )


def export_filename(name: str, fmt: str) -> str:
    """A file name any system accepts: the table's name in lower-case ASCII letters, digits and dashes, and the
    day of the export (beneficiaries-by-region-2026-12-06.csv)."""
    stem = _UNSAFE_IN_NAME.sub("-", name.lower()).strip("-")[:60] or "guichet-export"
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.{fmt}"


def _plain(value: Any) -> str:
    return "" if value is None else str(value)


def _lines(table: TableLike, filters: list[tuple[str, str]], rows: list[list[Any]]) -> list[list[Any]]:
    head: list[list[Any]] = [[str(table.title)]]
    head += [[label, value] for label, value in filters]
    head.append([_("Exported on"), format_datetime(timezone.now())])
    return [*head, [], [str(column) for column in table.columns], *rows]


def xlsx_bytes(lines: list[list[Any]], *, title: str) -> bytes:
    """The lines as one worksheet (right to left in Arabic); numbers as number cells, text never a formula."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(title))
    if get_language_bidi():
        sheet.sheet_view.rightToLeft = True
    header_at = next((index + 1 for index, line in enumerate(lines) if not line), -1)
    bold = Font(bold=True)
    for index, line in enumerate(lines):
        cells = [_xlsx_cell(sheet, value) for value in line]
        if index == 0 or index == header_at:
            for cell in cells:
                cell.font = bold
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: Any) -> Cell:
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        cell = WriteOnlyCell(sheet, value=float(value) if isinstance(value, Decimal) else value)
        if isinstance(value, int):
            cell.number_format = "#,##0"
        return cell
    text = "" if value is None else str(value)
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # openpyxl would store a text starting with "=" as a formula
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True  # and the spreadsheet keeps it as text when the cell is edited
    return cell


def _sheet_title(title: str) -> str:
    # A worksheet's name: at most 31 characters, none of []:*?/\
    return re.sub(r"[\[\]:*?/\\]", " ", title)[:31].strip() or "Guichet"
