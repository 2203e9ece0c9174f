"""Reading an import file (CSV in UTF-8, or the first sheet of an XLSX workbook) into numbered rows of cells.

Nothing is interpreted here beyond the file itself: the header names the columns, each row is a dict of its
cells (text, or a date/number an XLSX cell holds), numbered as the spreadsheet shows it (the header is line 1).
A file that cannot be read at all raises FileProblem, whose code and values the report puts into words.
"""

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

# The columns an import file may have, as its header names them (any order, case and spaces ignored).
COLUMNS = (
    "given_name_latin",
    "family_name_latin",
    "given_name_ar",
    "family_name_ar",
    "sex",
    "birth_date",
    "birth_year",
    "cnie",
    "idcs",
    "phone",
    "commune",
    "address",
    "household",
    "relationship",
    "consent_date",
    "consent_purposes",
)
REQUIRED = ("sex", "commune", "consent_date")
XLSX_SIGNATURE = b"PK\x03\x04"
_BINARY_SIGNATURES = (b"%PDF-", b"\xff\xd8\xff", b"\x89PNG", b"\xd0\xcf\x11\xe0", b"MZ", b"\x7fELF", b"\x1f\x8b")

Cell = str | int | float | datetime.date | datetime.datetime | None


@dataclass
class FileProblem(Exception):
    """The whole file is refused: `code` (see messages.py) with its values."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)


def sniff_import(head: bytes) -> str | None:
    """The file's format as its first bytes prove it: an XLSX workbook (a zip), or text (no NUL byte and not
    another known binary format) read as CSV; None for anything else."""
    if head.startswith(XLSX_SIGNATURE):
        return "xlsx"
    if not head or b"\x00" in head or head.startswith(_BINARY_SIGNATURES):
        return None
    return "csv"


def read_rows(path: Path, file_format: str) -> Iterator[tuple[int, dict[str, Cell]]]:
    """(line, {column: cell}) for every row that is not blank, after the header was checked."""
    lines = _xlsx_lines(path) if file_format == "xlsx" else _csv_lines(path)
    header: list[str] | None = None
    for line, cells in lines:
        if header is None:
            header = _header(cells)
            continue
        if all(_blank(cell) for cell in cells):
            continue
        extra = [cell for cell in cells[len(header) :] if not _blank(cell)]
        if extra:
            raise FileProblem("extra_cells", {"line": line})
        row = {name: cells[index] if index < len(cells) else None for index, name in enumerate(header) if name}
        yield line, row
    if header is None:
        raise FileProblem("no_header")


def _blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _header(cells: list[Cell]) -> list[str]:
    names = [str(cell or "").strip().lower().replace(" ", "_") for cell in cells]
    while names and not names[-1]:
        names.pop()
    unknown = [name for name in names if name not in COLUMNS]
    if unknown:
        raise FileProblem("unknown_column", {"column": unknown[0][:40]})
    twice = [name for index, name in enumerate(names) if name in names[:index]]
    if twice:
        raise FileProblem("column_twice", {"column": twice[0]})
    missing = [name for name in REQUIRED if name not in names]
    if "birth_date" not in names and "birth_year" not in names:
        missing.append("birth_date")
    if "given_name_latin" not in names and "given_name_ar" not in names:
        missing.append("given_name_latin")
    if "family_name_latin" not in names and "family_name_ar" not in names:
        missing.append("family_name_latin")
    if missing:
        raise FileProblem("missing_column", {"column": missing[0]})
    return names


def _csv_lines(path: Path) -> Iterator[tuple[int, list[Cell]]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileProblem("encoding", {"line": raw.count(b"\n", 0, error.start) + 1}) from error
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        while True:
            line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            yield line, list(cells)
    except csv.Error as error:
        raise FileProblem("unreadable_line", {"line": reader.line_num}) from error


def _xlsx_lines(path: Path) -> Iterator[tuple[int, list[Cell]]]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise FileProblem("unreadable_workbook") from error
    try:
        sheet = workbook.worksheets[0]
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, [_xlsx_cell(value) for value in values]
    finally:
        workbook.close()


def _xlsx_cell(value: Any) -> Cell:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int | float | str | datetime.date) or value is None:
        return value
    return str(value)
