"""Territory loading: regions and provinces checked against pycountry, communes validated then upserted."""

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pycountry
from django.db import transaction
from django.db.models import Field
from django.utils.translation import gettext as _

from guichet.territory.models import Commune, Province, Region

DATA_DIR = Path(__file__).resolve().parent / "data"
SUBDIVISIONS_CSV = DATA_DIR / "subdivisions.csv"
COMMUNES_DEMO_CSV = DATA_DIR / "communes_demo.csv"

SUBDIVISION_COLUMNS = ("code", "parent_code", "kind", "name_fr", "name_ar")
COMMUNE_COLUMNS = ("code", "province_code", "kind", "name_fr", "name_ar")
REGION_KIND = "region"
# pycountry (from iso-codes) attaches two provinces to the wrong region; the 2015 decree on the regional
# division (n° 2-15-40) places Nouaceur in Casablanca-Settat and Chtouka-Aït Baha in Souss-Massa.
PARENT_CORRECTIONS = {"MA-NOU": "MA-06", "MA-CHT": "MA-09"}


def official_parent(subdivision) -> str:
    """The region of a province as the administration has it: pycountry's, corrected where it is wrong."""
    return PARENT_CORRECTIONS.get(subdivision.code) or getattr(subdivision, "parent_code", None) or ""


_ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3]")
_CODE_SHAPE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")

# A file path, its bytes (UTF-8, with or without BOM), an open file (an upload), or rows already parsed
# (mappings with the column names as keys; the first one is reported as line 2).
Source = Path | bytes | IO[bytes] | IO[str] | Iterable[Mapping[str, str]]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, already phrased for the user; line is None for the whole file."""

    message: str
    line: int | None = None

    def __str__(self) -> str:
        return self.message


@dataclass
class ImportResult:
    """What an import found and, when nothing was wrong and writing was asked for, what it wrote."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    written: bool = False
    errors: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class _Row:
    line: int
    values: dict[str, str]


def _add(errors: list[Problem], line: int | None, message: str, **params: object) -> None:
    """Record a problem; message is already translated and may use %(line)s and the given params."""
    errors.append(Problem(message % {"line": line, **params}, line))


# ---------------------------------------------------------------------------------------------- reading


def _decode(source: Path | bytes | IO[bytes] | IO[str]) -> str:
    if isinstance(source, Path):
        data: bytes | str = source.read_bytes()
    elif isinstance(source, bytes | bytearray):
        data = bytes(source)
    else:
        data = source.read()
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    return data.decode("utf-8-sig")


def _sniff_delimiter(text: str) -> str:
    """The header names no commas nor semicolons, so whichever of the two splits it is the delimiter."""
    header = text.lstrip().split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(header, delimiters=",;").delimiter
    except csv.Error:
        return ";" if header.count(";") > header.count(",") else ","


def _clean(value: object) -> str:
    """Trimmed, inner spaces collapsed, NFC-normalised (so that identical names compare equal)."""
    return unicodedata.normalize("NFC", " ".join(str(value or "").split()))


def _read_table(source: Source, columns: tuple[str, ...], result: ImportResult) -> list[_Row]:
    """Every non-blank data row with the physical line it starts on; problems go into result.errors."""
    if isinstance(source, str):
        raise TypeError("Pass a Path for a file name, or the file's bytes.")
    if not isinstance(source, Path | bytes | bytearray) and not hasattr(source, "read"):
        given = [
            _Row(line, {c: _clean(mapping.get(c)) for c in columns})
            for line, mapping in enumerate(source, start=2)  # type: ignore[arg-type]
        ]
        return [row for row in given if any(row.values.values())]
    try:
        text = _decode(source)  # type: ignore[arg-type]
    except UnicodeDecodeError:
        result.errors.append(Problem(_("The file is not UTF-8 text; save it as “CSV UTF-8” and try again.")))
        return []
    if not text.strip():
        result.errors.append(Problem(_("The file is empty.")))
        return []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text), strict=True)
    header: list[str] | None = None
    rows: list[_Row] = []
    previous_end = 0
    try:
        for record in reader:
            line, previous_end = previous_end + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if header is None:
                header = [cell.strip().lower() for cell in record]
                if sorted(header) != sorted(columns) or len(set(header)) != len(header):
                    found = ",".join(cell.strip() for cell in record)
                    message = _("Line %(line)s: the columns must be “%(expected)s”, not “%(found)s”.")
                    _add(result.errors, line, message, expected=",".join(columns), found=found)
                    return []
                continue
            if len(record) != len(header):
                _add(
                    result.errors,
                    line,
                    _("Line %(line)s: expected %(expected)s fields, found %(found)s."),
                    expected=len(header),
                    found=len(record),
                )
                continue
            rows.append(_Row(line, {name: _clean(cell) for name, cell in zip(header, record, strict=True)}))
    except csv.Error as exc:
        _add(
            result.errors,
            previous_end + 1,
            _("Line %(line)s: the CSV cannot be read (%(error)s)."),
            error=exc,
        )
    return rows


# ------------------------------------------------------------------------------------------- checking


def _max_length(model: type[Region | Province | Commune], name: str) -> int:
    field = model._meta.get_field(name)
    assert isinstance(field, Field) and field.max_length is not None  # the name fields are CharFields
    return field.max_length


def _check_names(row: _Row, model: type[Region | Province | Commune], errors: list[Problem]) -> None:
    for column in ("name_fr", "name_ar"):
        _check_filled_and_short(row, column, _max_length(model, column), errors)
    name_ar = row.values["name_ar"]
    if name_ar and not _ARABIC_LETTER.search(name_ar):
        _add(
            errors,
            row.line,
            _("Line %(line)s: the Arabic name “%(name)s” contains no Arabic letter."),
            name=name_ar,
        )


def _check_filled_and_short(row: _Row, column: str, max_length: int, errors: list[Problem]) -> bool:
    value = row.values[column]
    if not value:
        _add(errors, row.line, _("Line %(line)s: the “%(column)s” column is empty."), column=column)
        return False
    if len(value) > max_length:
        _add(
            errors,
            row.line,
            _("Line %(line)s: “%(column)s” is longer than %(max)s characters."),
            column=column,
            max=max_length,
        )
        return False
    return True


def _check_unique(row: _Row, seen: dict[str, int], errors: list[Problem]) -> None:
    code = row.values["code"]
    if code in seen:
        _add(
            errors,
            row.line,
            _("Line %(line)s: the code “%(code)s” is already used on line %(first)s."),
            code=code,
            first=seen[code],
        )
    else:
        seen[code] = row.line


def _check_commune(row: _Row, provinces: Mapping[str, Province], errors: list[Problem]) -> None:
    values = row.values
    values["province_code"] = values["province_code"].upper()
    values["kind"] = values["kind"].lower()
    code = values["code"]
    code_fits = _check_filled_and_short(row, "code", _max_length(Commune, "code"), errors)
    if code_fits and not _CODE_SHAPE.match(code):
        _add(
            errors,
            row.line,
            _("Line %(line)s: the code “%(code)s” may only hold letters, digits, “.”, “-” and “_”."),
            code=code,
        )
    province_code = values["province_code"]
    if not province_code:
        _check_filled_and_short(row, "province_code", _max_length(Province, "code"), errors)
    elif province_code not in provinces:
        _add(errors, row.line, _("Line %(line)s: unknown province code “%(code)s”."), code=province_code)
    if values["kind"] not in Commune.Kind.values:
        _add(
            errors,
            row.line,
            _("Line %(line)s: unknown kind “%(kind)s”; use “urban” or “rural”."),
            kind=values["kind"],
        )
    _check_names(row, Commune, errors)


def _check_subdivision(row: _Row, known: Mapping[str, object], errors: list[Problem]) -> None:
    code, parent, kind = row.values["code"], row.values["parent_code"], row.values["kind"].lower()
    subdivision = known.get(code)
    if subdivision is None:
        _add(
            errors,
            row.line,
            _("Line %(line)s: “%(code)s” is not a subdivision of Morocco in pycountry."),
            code=code,
        )
    else:
        expected_parent = official_parent(subdivision)
        expected_kind = getattr(subdivision, "type", "").lower()
        if parent != expected_parent:
            _add(
                errors,
                row.line,
                _("Line %(line)s: the parent of “%(code)s” is “%(expected)s” in pycountry, not “%(found)s”."),
                code=code,
                expected=expected_parent,
                found=parent,
            )
        if kind != expected_kind:
            _add(
                errors,
                row.line,
                _("Line %(line)s: the kind of “%(code)s” is “%(expected)s” in pycountry, not “%(found)s”."),
                code=code,
                expected=expected_kind,
                found=kind,
            )
    _check_names(row, Region if kind == REGION_KIND else Province, errors)


# -------------------------------------------------------------------------------------------- writing


def _save_if_changed(obj: Region | Province, values: Mapping[str, object], result: ImportResult) -> None:
    if obj.pk is None:
        obj.save()
        result.created += 1
        return
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save(update_fields=changed)
        result.updated += 1
    else:
        result.unchanged += 1


def _write_subdivisions(rows: list[_Row], result: ImportResult) -> None:
    regions = Region.objects.in_bulk(field_name="code")
    provinces = Province.objects.in_bulk(field_name="code")
    for row in sorted(rows, key=lambda r: r.values["kind"] != REGION_KIND):  # regions first
        v = row.values
        names = {"name_fr": v["name_fr"], "name_ar": v["name_ar"]}
        if v["kind"] == REGION_KIND:
            region = regions.get(v["code"]) or Region(code=v["code"], **names)
            regions[v["code"]] = region
            _save_if_changed(region, names, result)
        else:
            values = {**names, "kind": v["kind"], "region_id": regions[v["parent_code"]].pk}
            _save_if_changed(provinces.get(v["code"]) or Province(code=v["code"], **values), values, result)


def _write_communes(rows: list[_Row], provinces: Mapping[str, Province], result: ImportResult) -> None:
    existing = Commune.objects.in_bulk([row.values["code"] for row in rows], field_name="code")
    fields = ("name_fr", "name_ar", "kind", "province_id")
    new, changed = [], []
    for row in rows:
        v = row.values
        values: dict[str, str | int] = {"name_fr": v["name_fr"], "name_ar": v["name_ar"], "kind": v["kind"]}
        values["province_id"] = provinces[v["province_code"]].pk
        commune = existing.get(v["code"])
        if commune is None:
            new.append(Commune(code=v["code"], **values))
        elif any(getattr(commune, name) != values[name] for name in fields):
            for name in fields:
                setattr(commune, name, values[name])
            changed.append(commune)
        else:
            result.unchanged += 1
    Commune.objects.bulk_create(new, batch_size=500)
    Commune.objects.bulk_update(changed, ["name_fr", "name_ar", "kind", "province"], batch_size=500)
    result.created, result.updated = len(new), len(changed)


# --------------------------------------------------------------------------------------------- public


def subdivisions_load(*, source: Source = SUBDIVISIONS_CSV, write: bool = True) -> ImportResult:
    """Check every region and province row against pycountry; if all are right, upsert them by code."""
    result = ImportResult()
    rows = _read_table(source, SUBDIVISION_COLUMNS, result)
    result.rows = len(rows)
    known = {s.code: s for s in pycountry.subdivisions.get(country_code="MA")}
    seen: dict[str, int] = {}
    for row in rows:
        row.values["kind"] = row.values["kind"].lower()
        _check_unique(row, seen, result.errors)
        _check_subdivision(row, known, result.errors)
    if not result.errors:
        for code in sorted(set(known) - set(seen)):
            _add(result.errors, None, _("“%(code)s” is missing from the file."), code=code)
    if result.ok and write:
        with transaction.atomic():
            _write_subdivisions(rows, result)
        result.written = True
    result.errors.sort(key=lambda problem: problem.line or 0)
    return result


def communes_import(*, rows_or_file: Source, write: bool = True) -> ImportResult:
    """Validate every row first; write nothing unless all are good, then upsert them all by code.

    Checked: the header, the field count, empty and over-long values, the shape of the code and its
    uniqueness within the file, that the province code is loaded, the kind, and that the Arabic name is
    Arabic. Every problem is reported with its line (the header is line 1), not just the first one.
    """
    result = ImportResult()
    rows = _read_table(rows_or_file, COMMUNE_COLUMNS, result)
    result.rows = len(rows)
    if not rows and result.ok:
        result.errors.append(Problem(_("The file holds no commune.")))
    with transaction.atomic():
        provinces = Province.objects.in_bulk(field_name="code")
        seen: dict[str, int] = {}
        for row in rows:
            _check_commune(row, provinces, result.errors)
            if row.values["code"]:
                _check_unique(row, seen, result.errors)
        if result.ok and write:
            _write_communes(rows, provinces, result)
            result.written = True
    result.errors.sort(key=lambda problem: problem.line or 0)
    return result
