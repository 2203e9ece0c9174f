"""Checking each row of an import with the registry's own rules (identifiers, phone, names, dates, commune),
then the rules that span rows (the same CNIE or IDCS twice, households with one head).

A row becomes a Row (the person's data as person_register takes it, and its household) or problems, each a
column and a code (messages.py words it in the reader's language). Nothing is written here.
"""

import datetime
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError as FieldError
from django.utils import timezone

from guichet.accounts.scopes import Scope
from guichet.common.csv_export import FORMULA_STARTS
from guichet.common.phones import ascii_digits, normalize_phone
from guichet.common.validators import validate_visible_text
from guichet.registry.forms import OLDEST_BIRTH_YEAR
from guichet.registry.identifiers import is_valid_cnie, is_valid_idcs, normalize_cnie, normalize_idcs
from guichet.registry.models import Consent, Person, Relationship, Sex
from guichet.territory.models import Commune

from .reading import Cell

_SEX = {"f": Sex.FEMALE, "m": Sex.MALE}
_DATE_FORMATS = (
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
    re.compile(r"^(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4})$"),
)
# A cell a spreadsheet would run as a formula (CSV injection); a signed number (a phone "+212…") is not one.
_SIGNED_NUMBER = re.compile(r"^[+\-][0-9 .()\-]*$")
_NAME_FIELDS = ("given_name_latin", "family_name_latin", "given_name_ar", "family_name_ar")
_LENGTHS: dict[str, int] = {
    name: getattr(Person._meta.get_field(name), "max_length", 0) for name in (*_NAME_FIELDS, "address")
}
HOUSEHOLD_KEY_LENGTH = 40
_RELATIONSHIPS = frozenset(Relationship.values)
_PURPOSES = frozenset(Consent.Purpose.values)


@dataclass
class Problem:
    line: int
    column: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Row:
    """A good row: the person's data (PERSON_FIELDS, commune as a Commune), household key, consent."""

    line: int
    data: dict[str, Any]
    household: str
    relationship: str
    consent_given_on: datetime.date
    consent_purposes: list[str]
    key: str = ""


@dataclass
class Context:
    communes: dict[str, Commune]
    scope: Scope
    today: datetime.date = field(default_factory=timezone.localdate)


def context_for(scope: Scope) -> Context:
    """Every commune by its code (with province), read once for the whole file."""
    communes = {commune.code.upper(): commune for commune in Commune.objects.select_related("province")}
    return Context(communes=communes, scope=scope)


def is_formula(text: str) -> bool:
    """A cell a spreadsheet would run as a formula (CSV injection): =, +, -, @ first, unless it is a signed number."""
    return text.startswith(FORMULA_STARTS) and not _SIGNED_NUMBER.match(text)


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return str(cell).strip()


def _date(cell: Cell) -> datetime.date | None:
    """A date written ISO (2024-03-01) or day first (01/03/2024), or an XLSX date; None when not a date."""
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    text = ascii_digits(_text(cell))
    for pattern in _DATE_FORMATS:
        found = pattern.match(text)
        if found:
            try:
                return datetime.date(int(found["y"]), int(found["m"]), int(found["d"]))
            except ValueError:
                return None
    return None


def check_row(line: int, cells: dict[str, Cell], context: Context) -> tuple[Row | None, list[Problem]]:
    """The row's data, or its problems (every one of them, each naming its column)."""
    problems: list[Problem] = []

    def refuse(column: str, reason: str, /, **params: Any) -> None:
        problems.append(Problem(line=line, column=column, code=reason, params=params))

    texts = {name: _text(cell) for name, cell in cells.items()}
    for name, text in texts.items():
        if is_formula(text):
            refuse(name, "formula")
    if problems:
        return None, problems
    data: dict[str, Any] = {}
    for name in (*_NAME_FIELDS, "address"):
        value = texts.get(name, "")
        try:
            validate_visible_text(value)
        except FieldError:
            refuse(name, "invisible_character")
        if len(value) > _LENGTHS[name]:
            refuse(name, "too_long", limit=_LENGTHS[name])
        data[name] = value
    if not data["given_name_latin"] and not data["given_name_ar"]:
        refuse("given_name_latin", "missing_given_name")
    if not data["family_name_latin"] and not data["family_name_ar"]:
        refuse("family_name_latin", "missing_family_name")
    sex = _SEX.get(texts.get("sex", "").lower())
    if sex is None:
        refuse("sex", "bad_sex")
    data["sex"] = sex
    _check_birth(cells, texts, data, context, refuse)
    for name, normalize, valid in (
        ("cnie", normalize_cnie, is_valid_cnie),
        ("idcs", normalize_idcs, is_valid_idcs),
    ):
        value = normalize(texts.get(name, ""))
        if value and not valid(value):
            refuse(name, f"bad_{name}")
        data[name] = value or None
    phone = texts.get("phone", "")
    data["phone"] = normalize_phone(phone) or "" if phone else ""
    if phone and not data["phone"]:
        refuse("phone", "bad_phone")
    commune = context.communes.get(texts.get("commune", "").upper())
    if commune is None:
        refuse("commune", "unknown_commune", code=texts.get("commune", "")[:20])
    elif not context.scope.contains(region_id=commune.province.region_id, province_id=commune.province_id):
        refuse("commune", "outside_scope", code=commune.code)
    data["commune"] = commune
    household = texts.get("household", "")[:HOUSEHOLD_KEY_LENGTH]
    relationship = texts.get("relationship", "").lower() or Relationship.HEAD
    if relationship not in _RELATIONSHIPS:
        refuse("relationship", "bad_relationship")
    elif relationship != Relationship.HEAD and not household:
        refuse("household", "household_missing")
    consent_on = _date(cells.get("consent_date"))
    if consent_on is None:
        refuse("consent_date", "bad_date" if texts.get("consent_date") else "missing_consent")
    elif consent_on > context.today:
        refuse("consent_date", "future_date")
    purposes = [part for part in re.split(r"[\s;,|]+", texts.get("consent_purposes", "").lower()) if part]
    purposes = purposes or [Consent.Purpose.REGISTRATION]
    if any(purpose not in _PURPOSES for purpose in purposes):
        refuse("consent_purposes", "bad_purpose")
    elif Consent.Purpose.REGISTRATION not in purposes:
        refuse("consent_purposes", "missing_consent")
    if problems:
        return None, problems
    assert consent_on is not None
    row = Row(
        line=line,
        data=data,
        household=household,
        relationship=relationship,
        consent_given_on=consent_on,
        consent_purposes=list(dict.fromkeys(purposes)),
    )
    row.key = row_key(row)
    return row, []


def _check_birth(cells, texts, data, context: Context, refuse) -> None:
    birth = _date(cells.get("birth_date"))
    year_text = ascii_digits(texts.get("birth_year", ""))
    if texts.get("birth_date") and birth is None:
        refuse("birth_date", "bad_date")
        return
    if birth is not None:
        if birth > context.today:
            refuse("birth_date", "future_date")
        elif birth.year < OLDEST_BIRTH_YEAR:
            refuse("birth_date", "old_date")
        data["birth_date"], data["birth_date_approximate"] = birth, False
        return
    if not year_text:
        refuse("birth_date", "missing_birth")
        return
    if not year_text.isdigit() or not OLDEST_BIRTH_YEAR <= int(year_text) <= context.today.year:
        refuse("birth_year", "bad_year", first=OLDEST_BIRTH_YEAR, last=context.today.year)
        return
    data["birth_date"], data["birth_date_approximate"] = datetime.date(int(year_text), 1, 1), True


def row_key(row: Row) -> str:
    """The row's identity, to recognise it in a later import: its CNIE, else its IDCS, else its details."""
    data = row.data
    if data["cnie"]:
        identity = f"cnie:{data['cnie']}"
    elif data["idcs"]:
        identity = f"idcs:{data['idcs']}"
    else:
        names = "|".join(data[name].casefold() for name in _NAME_FIELDS)
        identity = f"row:{names}|{data['sex']}|{data['birth_date'].isoformat()}|{data['commune'].code}"
    return hashlib.sha256(identity.encode()).hexdigest()


def check_across(rows: Iterable[Row]) -> list[Problem]:
    """The rules between rows: an identifier given twice, a household with no head or two."""
    problems: list[Problem] = []
    first_with: dict[tuple[str, str], int] = {}
    heads: dict[str, list[Row]] = {}
    members: dict[str, list[Row]] = {}
    for row in rows:
        for name in ("cnie", "idcs"):
            value = row.data[name]
            if value:
                first = first_with.setdefault((name, value), row.line)
                if first != row.line:
                    problems.append(Problem(row.line, name, "duplicate_in_file", {"line": first}))
        if row.household:
            group = heads if row.relationship == Relationship.HEAD else members
            group.setdefault(row.household, []).append(row)
    for rows_of in heads.values():
        problems += [Problem(row.line, "relationship", "second_head", {"line": rows_of[0].line}) for row in rows_of[1:]]
    for key, rows_of in members.items():
        if key not in heads:
            problems += [Problem(row.line, "household", "no_head") for row in rows_of]
    return problems
