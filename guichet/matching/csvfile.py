"""Reading a list of persons from a CSV to deduplicate, and writing the pairs and clusters found.

Every row is checked before anything is scored: a missing column, an empty or repeated record_id, a date that
is no YYYY-MM-DD date, a birth_date_approx other than "year" each give a translated problem naming the line.
"""

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from guichet.matching.engine import Result
from guichet.matching.records import RAW_FIELDS, birth_columns

# The model's raw fields, in their order: every one a column of the file, but for these two, which may be left out.
OPTIONAL_COLUMNS = ("idcs", "province")
INPUT_COLUMNS = tuple(field for field in RAW_FIELDS if field not in OPTIONAL_COLUMNS)
PAIR_COLUMNS = ("record_id_l", "record_id_r", "match_probability")
CLUSTER_COLUMNS = ("record_id", "cluster_id")


class FileProblems(Exception):
    """The file cannot be read as a list of persons; `problems` says why, one translated line each."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def _row_problems(line: int, row: dict[str, str], seen: set[str]) -> list[str]:
    problems = []
    record_id = row["record_id"]
    if not record_id:
        problems.append(_("Line %(line)d: record_id is empty.") % {"line": line})
    elif record_id in seen:
        problems.append(_("Line %(line)d: record_id %(id)s appears twice.") % {"line": line, "id": record_id})
    approx = row["birth_date_approx"].lower()
    if approx not in {"", "year"}:
        problems.append(
            _('Line %(line)d: birth_date_approx must be empty or "year", not "%(value)s".')
            % {"line": line, "value": row["birth_date_approx"]}
        )
    try:
        birth_columns(row["birth_date"], approx)
    except ValueError:
        problems.append(
            _('Line %(line)d: birth_date "%(value)s" is not a date written YYYY-MM-DD.')
            % {"line": line, "value": row["birth_date"]}
        )
    sex = row["sex"].upper()
    if sex not in {"", "F", "M"}:
        problems.append(
            _('Line %(line)d: sex must be F, M or empty, not "%(value)s".') % {"line": line, "value": row["sex"]}
        )
    return problems


def read_persons(handle: IO[str]) -> list[dict[str, Any]]:
    """The rows of a UTF-8 CSV (comma or semicolon) as dicts of the model's raw fields; FileProblems if any
    row is wrong, so that nothing is scored from half a file."""
    text = handle.read().lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [column for column in INPUT_COLUMNS if column not in header]
    if missing:
        raise FileProblems([_("Columns missing from the header: %(columns)s.") % {"columns": ", ".join(missing)}])
    reader.fieldnames = header
    persons: list[dict[str, Any]] = []
    problems: list[str] = []
    seen: set[str] = set()
    for line, raw in enumerate(reader, start=2):
        row = {name: (raw.get(name) or "").strip() for name in (*INPUT_COLUMNS, *OPTIONAL_COLUMNS)}
        problems.extend(_row_problems(line, row, seen))
        seen.add(row["record_id"])
        persons.append(row)
    if problems:
        raise FileProblems(problems)
    if not persons:
        raise FileProblems([_("The file has no rows.")])
    return persons


def read_persons_file(path: Path) -> list[dict[str, Any]]:
    try:
        with path.open(encoding="utf-8") as handle:
            return read_persons(handle)
    except UnicodeDecodeError as error:
        raise FileProblems([_("The file is not UTF-8 text.")]) from error


def _write(path: Path, header: Iterable[str], rows: Iterable[Iterable[Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def write_result(result: Result, pairs_path: Path, clusters_path: Path) -> None:
    """The pairs (record_id_l, record_id_r, match_probability), best first, and the clusters (record_id,
    cluster_id: the smallest record id of its cluster), only of records in a cluster of two or more."""
    _write(
        pairs_path,
        PAIR_COLUMNS,
        ((pair.record_id_l, pair.record_id_r, f"{pair.match_probability:.6f}") for pair in result.pairs),
    )
    _write(clusters_path, CLUSTER_COLUMNS, sorted(result.clusters.items()))
