"""Request references: 10 digits with a Damm check digit, shown "12345 67890", read back however typed."""

import random

import pytest

from guichet.cases.references import REFERENCE_LENGTH, format_reference, new_reference, parse_reference
from guichet.common.checkdigit import damm_is_valid, new_damm_number, parse_damm_number

SAMPLE = [new_reference(random.Random(seed)) for seed in range(300)]


def test_a_reference_is_ten_digits_not_starting_with_zero_and_damm_valid():
    for reference in SAMPLE:
        assert len(reference) == REFERENCE_LENGTH
        assert reference.isdigit() and reference.isascii()
        assert reference[0] != "0"
        assert damm_is_valid(reference)


def test_references_are_random_not_sequential():
    assert len(set(SAMPLE)) == len(SAMPLE)
    assert new_reference() != new_reference()


def test_it_is_displayed_in_two_groups_of_five():
    assert format_reference("1234567890") == "12345 67890"
    assert format_reference("") == ""
    assert format_reference("abc") == "abc"


@pytest.mark.parametrize(
    "typed",
    [
        "{r}",
        "{r5} {r_5}",
        "{r5}-{r_5}",
        " {r5}.{r_5} ",
    ],
)
def test_it_is_read_back_with_spaces_and_dashes(typed):
    reference = SAMPLE[0]
    text = typed.format(r=reference, r5=reference[:5], r_5=reference[5:])
    assert parse_reference(text) == reference


def test_it_is_read_back_in_arabic_indic_digits():
    reference = SAMPLE[1]
    arabic = reference.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    persian = reference.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert parse_reference(arabic) == reference
    assert parse_reference(f"{persian[:5]} {persian[5:]}") == reference


def test_a_typing_error_is_refused():
    reference = SAMPLE[2]
    wrong_digit = reference[:3] + str((int(reference[3]) + 1) % 10) + reference[4:]
    swapped = next(
        reference[:i] + reference[i + 1] + reference[i] + reference[i + 2 :]
        for i in range(9)
        if reference[i] != reference[i + 1]
    )
    for bad in (wrong_digit, swapped, reference[:-1], reference + "1", "0" + reference[1:], "", "12345 6789a"):
        assert parse_reference(bad) is None, bad


def test_generic_damm_numbers_keep_the_social_id_behaviour():
    number = new_damm_number(5, random.Random(3))
    assert len(number) == 6 and damm_is_valid(number)
    assert parse_damm_number(number, 6) == number
    assert parse_damm_number(number, 7) is None
    with pytest.raises(ValueError):
        new_damm_number(0)


def test_references_are_unique_even_when_the_first_draw_is_taken(filed, personas, people, catalogue, monkeypatch):
    from guichet.cases import _writes, services

    draws = iter([filed.reference, SAMPLE[5]])
    monkeypatch.setattr(_writes, "new_reference", lambda rng=None: next(draws))
    request = services.request_file(
        actor=personas["agent"],
        person=people["casa"],
        service=catalogue["card"],
        language="fr",
        documents=list(catalogue["card"].documents.all()),
        duplicate_reason="Une seconde carte, pour le test.",
    )
    assert request.reference == SAMPLE[5]
    assert filed.reference != SAMPLE[5]
