"""The whole file is checked before anything is written: each bad row named by line, column and reason, in the
reader's language; a file that cannot be read is one clear error; nothing is written while a row is bad."""

import pytest
from django.utils import translation

from guichet.audit.models import AuditEntry
from guichet.interop.imports.messages import reason_text
from guichet.interop.imports.models import ImportJob
from guichet.registry.models import Household, Person

from .files import HEADER, checked, csv_bytes, person_row, xlsx_bytes

pytestmark = pytest.mark.django_db

# (what is wrong, the row's changed cells, the column named, the reason in English)
BAD_ROWS = [
    ("wrong date", {"birth_date": "31/02/1990"}, "birth_date", "This is not a date"),
    ("date in the future", {"birth_date": "2090-01-01"}, "birth_date", "This date is in the future."),
    ("year of birth out of range", {"birth_date": "", "birth_year": "1850"}, "birth_year", "Enter a year between"),
    ("no date of birth", {"birth_date": ""}, "birth_date", "Enter the date of birth, or at least the year."),
    ("bad CNIE", {"cnie": "123ABC"}, "cnie", "Enter the CNIE as on the card"),
    ("bad IDCS", {"idcs": "12345"}, "idcs", "The IDCS has exactly 10 digits."),
    ("bad phone", {"phone": "0612"}, "phone", "This is not a valid phone number."),
    ("unknown commune", {"commune": "C-NOWHERE"}, "commune", "No commune has the code “C-NOWHERE”."),
    ("formula", {"family_name_latin": '=HYPERLINK("http://x")'}, "family_name_latin", "spreadsheet formula"),
    ("formula with @", {"address": "@SUM(A1)"}, "address", "spreadsheet formula"),
    ("formula with -", {"given_name_latin": "-2+3+cmd|' /C calc'!A0"}, "given_name_latin", "spreadsheet formula"),
    ("bad sex", {"sex": "X"}, "sex", "Write F (female) or M (male)."),
    ("no given name", {"given_name_latin": "", "given_name_ar": ""}, "given_name_latin", "Enter the given name"),
    ("invisible character", {"family_name_latin": "Ta\u202ezi"}, "family_name_latin", "invisible or control"),
    ("bad relationship", {"relationship": "cousin", "household": "H9"}, "relationship", "Write head, spouse"),
    ("member without a household", {"relationship": "child"}, "household", "Give the household"),
    ("consent without registration", {"consent_purposes": "sharing"}, "consent_purposes", "consent to registration"),
    ("consent in the future", {"consent_date": "2090-01-01"}, "consent_date", "This date is in the future."),
]


@pytest.mark.parametrize(("case", "cells", "column", "reason"), BAD_ROWS, ids=[case[0] for case in BAD_ROWS])
def test_a_bad_row_is_named_by_line_column_and_reason(personas, case, cells, column, reason):
    header = [*HEADER, "birth_year"]
    job = checked(personas["steward"], csv_bytes([person_row(), person_row(**{"cnie": "BK1", **cells})], header=header))

    assert job.status == ImportJob.Status.INVALID and job.rows_bad == 1
    problem = job.problems.get()
    assert (problem.line, problem.column) == (3, column)
    with translation.override("en"):
        assert reason in reason_text(problem.code, problem.params)
    assert not Person.objects.exists() and not Household.objects.exists()


def test_the_same_identifier_twice_in_the_file_names_both_lines(personas):
    rows = [person_row(cnie="BE123"), person_row(given_name_latin="Sara", cnie="be 123"), person_row(idcs="1234567890")]
    rows.append(person_row(given_name_latin="Nora", idcs="1234567890"))
    job = checked(personas["admin"], csv_bytes(rows))

    with translation.override("en"):
        problems = [(p.line, p.column, reason_text(p.code, p.params)) for p in job.problems.all()]
    assert problems == [
        (3, "cnie", "The same identifier is on line 2."),
        (5, "idcs", "The same identifier is on line 4."),
    ]


def test_every_bad_row_is_reported_and_nothing_is_written(personas):
    rows = [person_row(cnie=f"BK{n}") for n in range(1, 6)]
    rows[1]["phone"] = "12"
    rows[3]["commune"] = "??"
    rows[3]["birth_date"] = "1990-13-01"
    audit_before = AuditEntry.objects.filter(object_type="registry.person").count()

    job = checked(personas["steward"], csv_bytes(rows))

    assert job.status == ImportJob.Status.INVALID
    assert list(job.problems.values_list("line", "column")) == [(3, "phone"), (5, "birth_date"), (5, "commune")]
    assert job.rows_total == 5 and job.rows_bad == 2
    assert not Person.objects.exists()
    assert AuditEntry.objects.filter(object_type="registry.person").count() == audit_before


def test_a_file_not_in_utf8_is_one_clear_error(personas):
    content = csv_bytes([person_row(), person_row(family_name_latin="Benani")]).replace(
        b"Benani", "Bénani".encode("cp1252")
    )

    job = checked(personas["steward"], content)

    problem = job.problems.get()
    assert (problem.line, problem.code, problem.params) == (0, "encoding", {"line": 3})
    with translation.override("fr"):
        assert "UTF-8" in reason_text(problem.code, problem.params) and "ligne 3" in reason_text(
            problem.code, problem.params
        )
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("header", "code", "column"),
    [
        (["given_name_latin", "family_name_latin", "sex", "birth_date", "commune"], "missing_column", "consent_date"),
        ([*HEADER, "salary"], "unknown_column", "salary"),
        ([*HEADER, "cnie"], "column_twice", "cnie"),
    ],
)
def test_a_header_without_a_required_column_or_with_an_unknown_one_is_refused(personas, header, code, column):
    job = checked(personas["steward"], csv_bytes([person_row()], header=header))

    problem = job.problems.get()
    assert (problem.line, problem.code, problem.params) == (0, code, {"column": column})
    assert job.status == ImportJob.Status.INVALID


def test_a_workbook_formula_cell_is_refused_and_dates_are_read_as_dates(personas):
    import datetime

    good = [person_row()[name] for name in HEADER]
    good[HEADER.index("birth_date")] = datetime.datetime(1990, 5, 17)
    bad = list(good)
    bad[HEADER.index("address")] = "=1+1"
    job = checked(personas["steward"], xlsx_bytes([good, bad]), name="persons.xlsx")

    assert job.file_format == "xlsx"
    assert list(job.problems.values_list("line", "column", "code")) == [(3, "address", "formula")]


def test_a_phone_in_international_form_is_no_formula(personas):
    job = checked(personas["steward"], csv_bytes([person_row(phone="+212 6 12 34 56 78")]))

    assert job.status == ImportJob.Status.READY and not job.problems.exists()


def test_households_need_exactly_one_head(personas):
    rows = [
        person_row(household="A", relationship="head", cnie="BK1"),
        person_row(household="A", relationship="head", cnie="BK2", given_name_latin="Sara"),
        person_row(household="B", relationship="child", cnie="BK3", given_name_latin="Nora"),
    ]
    job = checked(personas["steward"], csv_bytes(rows))

    assert list(job.problems.values_list("line", "column", "code")) == [
        (3, "relationship", "second_head"),
        (4, "household", "no_head"),
    ]


def test_a_reason_reads_in_arabic(personas):
    job = checked(personas["steward"], csv_bytes([person_row(phone="0612")]))

    problem = job.problems.get()
    with translation.override("ar"):
        assert reason_text(problem.code, problem.params) == "رقم الهاتف هذا غير صالح."


def test_a_workbook_that_cannot_be_read_is_one_clear_error(personas):
    job = checked(personas["steward"], b"PK\x03\x04 not really a workbook", name="persons.xlsx")

    assert list(job.problems.values_list("line", "code")) == [(0, "unreadable_workbook")]
    assert job.status == ImportJob.Status.INVALID


def test_a_file_with_a_header_and_no_row_is_refused(personas):
    job = checked(personas["steward"], csv_bytes([]))

    assert list(job.problems.values_list("line", "code")) == [(0, "no_rows")]


def test_a_semicolon_separated_file_with_a_byte_order_mark_is_read(personas):
    content = "\ufeff".encode() + csv_bytes([person_row()], delimiter=";")

    job = checked(personas["steward"], content)

    assert job.status == ImportJob.Status.READY and job.rows_total == 1
