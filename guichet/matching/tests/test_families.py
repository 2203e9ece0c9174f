"""What a family shares never makes two of its members one person; what one person keeps still does."""

import pytest

from guichet.matching import engine
from guichet.matching.records import prepare_record
from guichet.matching.tests.population import population

HOUSEHOLD = {
    "family_name_latin": "El Idrissi",
    "family_name_arabic": "الإدريسي",
    "phone": "0661234567",
    "commune": "Fès",
}
FATHER = {
    **HOUSEHOLD,
    "record_id": "father",
    "given_name_latin": "Mohamed",
    "given_name_arabic": "محمد",
    "sex": "M",
    "birth_date": "1962-03-14",
    "cnie": "C123456",
}


@pytest.fixture(scope="module")
def model():
    records, _ = population(600, 80)
    return engine.train([prepare_record(record) for record in records], seed=3, u_pairs=100_000)


def _probability(model, left: dict, right: dict) -> float:
    result = engine.score([prepare_record(left), prepare_record(right)], model, threshold=0.0001)
    return result.pairs[0].match_probability if result.pairs else 0.0


def test_a_son_named_after_his_father_in_the_same_household_is_not_his_father(model):
    son = {**FATHER, "record_id": "son", "birth_date": "1990-07-02", "cnie": ""}
    assert _probability(model, FATHER, son) < 0.01


def test_twins_of_one_household_are_not_one_person(model):
    hassan = {**HOUSEHOLD, "record_id": "hassan", "given_name_latin": "Hassan", "sex": "M", "birth_date": "2001-05-05"}
    youssef = {**hassan, "record_id": "youssef", "given_name_latin": "Youssef"}
    assert _probability(model, hassan, youssef) < 0.01


def test_brother_and_sister_sharing_the_household_phone_are_not_one_person(model):
    omar = {**HOUSEHOLD, "record_id": "omar", "given_name_latin": "Omar", "sex": "M", "birth_date": "2004-02-10"}
    salma = {**HOUSEHOLD, "record_id": "salma", "given_name_latin": "Salma", "sex": "F", "birth_date": "2006-09-21"}
    assert _probability(model, omar, salma) < 0.5


def test_one_person_with_a_birth_date_typed_wrong_is_still_found_by_the_cnie(model):
    typed_wrong = {**FATHER, "record_id": "again", "birth_date": "1926-03-14"}
    assert _probability(model, FATHER, typed_wrong) > 0.9


def test_one_person_in_the_other_script_with_only_the_year_is_found(model):
    in_arabic = {
        "record_id": "arabic",
        "given_name_arabic": "محمد",
        "family_name_arabic": "الإدريسي",
        "sex": "M",
        "birth_date": "1962",
        "birth_date_approx": "year",
        "phone": FATHER["phone"],
        "commune": FATHER["commune"],
    }
    latin_only = {key: value for key, value in FATHER.items() if not key.endswith("_arabic")}
    assert _probability(model, latin_only, in_arabic) > 0.9
