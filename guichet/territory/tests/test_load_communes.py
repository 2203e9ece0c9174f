"""load_communes and communes_import: every row is checked first, and a bad file writes nothing."""

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from guichet.territory.models import Commune
from guichet.territory.services import COMMUNES_DEMO_CSV, communes_import

pytestmark = pytest.mark.django_db
HEADER = "code,province_code,kind,name_fr,name_ar\n"


@pytest.fixture
def provinces():
    call_command("load_territory", stdout=StringIO())


def run(path):
    out, err = StringIO(), StringIO()
    try:
        call_command("load_communes", str(path), stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


def write(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "communes.csv"
    path.write_text(text, encoding=encoding)
    return path


def test_the_demo_file_loads_every_row_once(provinces):
    with COMMUNES_DEMO_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))

    out, _, error = run(COMMUNES_DEMO_CSV)

    assert error is None
    assert f"{len(rows)} created, 0 updated, 0 unchanged" in out
    assert Commune.objects.count() == len(rows)
    casablanca = Commune.objects.get(code="MA-CAS-001")
    assert (casablanca.name_fr, casablanca.name_ar, casablanca.kind, casablanca.province.code) == (
        "Casablanca",
        "الدار البيضاء",
        "urban",
        "MA-CAS",
    )
    assert f"0 created, 0 updated, {len(rows)} unchanged" in run(COMMUNES_DEMO_CSV)[0]


def test_one_bad_row_among_good_ones_is_reported_by_line_and_nothing_is_written(provinces, tmp_path):
    path = write(
        tmp_path,
        HEADER
        + "T-1,MA-CAS,urban,Casablanca,الدار البيضاء\n"
        + "T-2,MA-ZZZ,urban,Nulle part,لا مكان\n"
        + "T-3,MA-RAB,urban,Rabat,الرباط\n",
    )

    _, err, error = run(path)

    assert error is not None and "1 error" in str(error)
    assert err.strip() == "Line 3: unknown province code “MA-ZZZ”."
    assert not Commune.objects.exists()


def test_duplicate_codes_are_reported_with_both_lines(provinces, tmp_path):
    path = write(
        tmp_path,
        HEADER
        + "T-1,MA-CAS,urban,Casablanca,الدار البيضاء\n"
        + "T-2,MA-RAB,urban,Rabat,الرباط\n"
        + "T-1,MA-SET,urban,Settat,سطات\n",
    )

    _, err, error = run(path)

    assert error is not None
    assert "Line 4: the code “T-1” is already used on line 2." in err
    assert not Commune.objects.exists()


def test_a_semicolon_file_with_a_byte_order_mark_loads(provinces, tmp_path):
    text = (
        HEADER.replace(",", ";")
        + "T-1;MA-CAS;urban;Casablanca;الدار البيضاء\nT-2;MA-SET;rural;Sidi El Aidi;سيدي العايدي\n"
    )
    path = write(tmp_path, text, encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")

    out, _, error = run(path)

    assert error is None, error
    assert "2 created" in out
    assert Commune.objects.get(code="T-2").name_ar == "سيدي العايدي"


def test_every_problem_of_every_row_is_reported(provinces, tmp_path):
    long_name = "x" * 121
    path = write(
        tmp_path,
        HEADER
        + "T-1,MA-CAS,town,Casablanca,الدار البيضاء\n"
        + "T-2,MA-CAS,urban,,\n"
        + f"T-3,MA-CAS,rural,{long_name},Anfa\n"
        + "T 4,,urban,Anfa,أنفا\n"
        + "T-5,MA-CAS,urban\n"
        + "\n"
        + "T-6,MA-CAS,urban,Anfa,أنفا\n",
    )

    _, err, error = run(path)

    assert err.splitlines() == [
        "Line 2: unknown kind “town”; use “urban” or “rural”.",
        "Line 3: the “name_fr” column is empty.",
        "Line 3: the “name_ar” column is empty.",
        "Line 4: “name_fr” is longer than 120 characters.",
        "Line 4: the Arabic name “Anfa” contains no Arabic letter.",
        "Line 5: the code “T 4” may only hold letters, digits, “.”, “-” and “_”.",
        "Line 5: the “province_code” column is empty.",
        "Line 6: expected 5 fields, found 3.",
    ]
    assert "8 errors" in str(error)
    assert not Commune.objects.exists()


def test_a_wrong_header_is_reported_on_line_1(provinces, tmp_path):
    _, err, error = run(write(tmp_path, "code,province,kind,name\nT-1,MA-CAS,urban,Anfa\n"))

    assert error is not None
    assert err.strip() == (
        "Line 1: the columns must be “code,province_code,kind,name_fr,name_ar”, not “code,province,kind,name”."
    )


def test_a_file_that_is_not_utf8_is_refused(provinces, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "T-1,MA-FES,urban,Fès,فاس\n").encode("utf-8").replace("è".encode(), b"\xe8"))

    _, err, error = run(path)

    assert error is not None and "not UTF-8" in err


def test_an_upsert_updates_changed_rows_and_keeps_the_others(provinces):
    first = HEADER + "T-1,MA-CAS,urban,Casablanca,الدار البيضاء\nT-2,MA-RAB,urban,Rabat,الرباط\n"
    assert communes_import(rows_or_file=first.encode()).created == 2
    anfa_pk = Commune.objects.get(code="T-1").pk

    second = HEADER + 'T-1,ma-cas,Urban,"Casablanca, la ville",الدار البيضاء\nT-2,MA-RAB,urban,Rabat,الرباط\n'
    result = communes_import(rows_or_file=second.encode())

    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    commune = Commune.objects.get(code="T-1")
    assert (commune.pk, commune.name_fr) == (anfa_pk, "Casablanca, la ville")


def test_parsed_rows_can_be_checked_without_writing(provinces):
    rows = [
        {"code": "T-1", "province_code": "MA-CAS", "kind": "urban", "name_fr": "Anfa", "name_ar": "أنفا"},
        {"code": "T-2", "province_code": "MA-CAS", "kind": "rural", "name_fr": "Nulle", "name_ar": ""},
    ]

    result = communes_import(rows_or_file=rows, write=False)
    assert [(p.line, p.message) for p in result.errors] == [(3, "Line 3: the “name_ar” column is empty.")]

    result = communes_import(rows_or_file=rows[:1], write=False)
    assert result.ok and result.rows == 1 and not result.written
    assert not Commune.objects.exists()
