"""CSV files for spreadsheets: streamed row by row, UTF-8 with a BOM so that Excel reads accents and Arabic,
and no cell a spreadsheet would run as a formula (CSV injection)."""

import csv
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.http import StreamingHttpResponse

BOM = "\ufeff"
# A cell starting with one of these is read as a formula by Excel, LibreOffice or Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """The value as text, with a leading apostrophe when a spreadsheet would take it for a formula (a number, even
    negative, is written as it is: -3 is not a formula)."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """The BOM, then each row as one CSV line, every cell made safe."""
    writer = csv.writer(_Echo())
    yield BOM
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def csv_response(rows: Iterable[Iterable[Any]], *, filename: str) -> StreamingHttpResponse:
    """A download of `rows` (the first being the header), streamed: a long export never sits in memory."""
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
