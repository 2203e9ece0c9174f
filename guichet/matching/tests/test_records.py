"""The model's columns of a person: both scripts meet on one key, tolerant birth dates, E.164 phones."""

import datetime

import pytest

from guichet.matching.records import COLUMNS, birth_columns, phone_e164, prepare_record


def test_latin_and_arabic_spellings_of_a_name_get_the_same_key():
    latin = prepare_record({"record_id": "1", "given_name_latin": "Fatima Zahra", "family_name_latin": "El Idrissi"})
    arabic = prepare_record({"record_id": "2", "given_name_arabic": "فاطمة الزهراء", "family_name_arabic": "الإدريسي"})
    assert latin["given_key"] == arabic["given_key"] == "ftm zhr"
    assert latin["family_key"] == arabic["family_key"]
    assert latin["given_key1"] == arabic["given_key1"] == "ftm"
    assert latin["given_latin"] == "fatima zahra" and latin["given_arabic"] is None
    assert arabic["given_arabic"] == "فاطمه الزهراء" and arabic["given_latin"] is None


def test_upper_case_and_hyphens_do_not_change_the_name():
    upper = prepare_record({"record_id": "1", "given_name_latin": "FATIMA-ZAHRA", "family_name_latin": "IDRISSI"})
    plain = prepare_record({"record_id": "2", "given_name_latin": "Fatima Zahra", "family_name_latin": "Idrissi"})
    assert upper["given_latin"] == plain["given_latin"]
    assert upper["given_key"] == plain["given_key"] and upper["family_key"] == plain["family_key"]


def test_every_column_is_there_even_for_an_empty_record():
    record = prepare_record({"record_id": "x"})
    assert tuple(record) == COLUMNS
    assert record["unique_id"] == "x"
    assert all(record[column] is None for column in COLUMNS if column not in {"unique_id", "birth_approx"})


def test_a_full_date_keeps_its_day_and_its_swapped_form():
    columns = birth_columns("1985-03-04", "")
    assert columns == {
        "birth_date": "1985-03-04",
        "birth_date_swapped": "1985-04-03",
        "birth_year": 1985,
        "birth_approx": False,
    }


def test_a_date_whose_day_cannot_be_a_month_has_no_swapped_form():
    assert birth_columns("1985-03-14", "")["birth_date_swapped"] is None
    assert birth_columns("1985-03-03", "")["birth_date_swapped"] is None


@pytest.mark.parametrize(
    ("value", "approx"),
    [("1985", ""), ("1985-01-01", "year"), (datetime.date(1985, 1, 1), True), ("١٩٨٥", "")],
)
def test_a_year_only_date_keeps_the_year_and_never_a_day(value, approx):
    assert birth_columns(value, approx) == {
        "birth_date": None,
        "birth_date_swapped": None,
        "birth_year": 1985,
        "birth_approx": True,
    }


def test_a_registry_date_is_read_as_a_date():
    assert birth_columns(datetime.date(2001, 12, 5), False)["birth_date_swapped"] == "2001-05-12"


@pytest.mark.parametrize("value", ["14/03/1985", "1985-13-01", "soon"])
def test_a_text_that_is_no_date_is_refused(value):
    with pytest.raises(ValueError):
        birth_columns(value, "")


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("0612345678", "+212612345678"),
        ("06 12 34 56 78", "+212612345678"),
        ("٠٦١٢٣٤٥٦٧٨", "+212612345678"),
        ("+212 6 12 34 56 78", "+212612345678"),
        ("12", None),
        ("", None),
    ],
)
def test_phones_are_compared_in_e164(typed, e164):
    assert phone_e164(typed) == e164
    assert prepare_record({"record_id": "1", "phone": typed})["phone"] == e164


def test_identifiers_lose_spaces_and_case_and_sex_is_one_letter():
    record = prepare_record({"record_id": "1", "cnie": " ab 123456 ", "idcs": "٠١٢٣", "sex": "f"})
    assert record["cnie"] == "AB123456" and record["idcs"] == "0123" and record["sex"] == "F"
    assert prepare_record({"record_id": "1", "sex": "?"})["sex"] is None
