"""Tests of the Damm check digit and of the social ID format."""

import random

import pytest

from guichet.common.checkdigit import (
    SOCIAL_ID_LENGTH,
    damm_check_digit,
    damm_is_valid,
    format_social_id,
    is_valid_social_id,
    new_social_id,
    parse_social_id,
)

SAMPLE = [new_social_id(random.Random(seed)) for seed in range(400)]
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@pytest.mark.parametrize(("digits", "check"), [("572", "4"), ("0", "0"), ("112946", "0")])
def test_damm_known_values(digits: str, check: str) -> None:
    assert damm_check_digit(digits) == check
    assert damm_is_valid(digits + check)


@pytest.mark.parametrize("bad", ["", "12a", "١٢٣", "²", " 12", "1 2"])
def test_damm_check_digit_rejects_non_digits(bad: str) -> None:
    with pytest.raises(ValueError):
        damm_check_digit(bad)
    assert not damm_is_valid(bad)


def test_damm_is_valid_rejects_empty_and_wrong() -> None:
    assert not damm_is_valid("")
    assert not damm_is_valid("5727")


def test_every_single_substitution_is_detected() -> None:
    for social_id in SAMPLE:
        for position in range(SOCIAL_ID_LENGTH):
            for digit in "0123456789":
                if digit == social_id[position]:
                    continue
                wrong = social_id[:position] + digit + social_id[position + 1 :]
                assert not damm_is_valid(wrong), (social_id, wrong)
                assert parse_social_id(wrong) is None


def test_every_adjacent_transposition_is_detected() -> None:
    checked = 0
    for social_id in SAMPLE:
        for position in range(SOCIAL_ID_LENGTH - 1):
            left, right = social_id[position], social_id[position + 1]
            if left == right:
                continue
            swapped = social_id[:position] + right + left + social_id[position + 2 :]
            assert not damm_is_valid(swapped), (social_id, swapped)
            assert parse_social_id(swapped) is None
            checked += 1
    assert checked > 2500


def test_every_digit_pair_transposition_is_detected_in_any_state() -> None:
    # Exhaustive over the 10 possible interim states before the pair and all ordered pairs of digits.
    for prefix in ("", "1", "2", "3", "4", "5", "6", "7", "8", "9"):
        for left in "0123456789":
            for right in "0123456789":
                if left != right:
                    number = prefix + left + right
                    swapped = prefix + right + left
                    assert damm_check_digit(number) != damm_check_digit(swapped)


def test_new_social_id_shape() -> None:
    for _ in range(300):
        social_id = new_social_id()
        assert len(social_id) == 9
        assert social_id.isascii() and social_id.isdigit()
        assert social_id[0] != "0"
        assert damm_is_valid(social_id)
        assert is_valid_social_id(social_id)


def test_new_social_id_is_deterministic_with_a_seeded_rng() -> None:
    assert new_social_id(random.Random(7)) == new_social_id(random.Random(7))
    rng = random.Random(7)
    assert len({new_social_id(rng) for _ in range(1000)}) == 1000
    assert all(social_id[0] != "0" for social_id in SAMPLE)


def test_format_groups_by_three_and_round_trips() -> None:
    for social_id in SAMPLE:
        shown = format_social_id(social_id)
        assert len(shown) == 11
        assert shown[3] == " " and shown[7] == " "
        assert shown.replace(" ", "") == social_id
        parsed = parse_social_id(shown)
        assert parsed == social_id
        assert format_social_id(parsed) == shown


def test_format_leaves_what_is_not_an_id_unchanged() -> None:
    assert format_social_id("") == ""
    assert format_social_id("12345") == "12345"


@pytest.mark.parametrize(
    "variant",
    [
        "{a}{b}{c}",
        "{a} {b} {c}",
        "  {a} {b} {c}  ",
        "{a}-{b}-{c}",
        "{a}.{b}.{c}",
        "{a} - {b} . {c}",
        "{a}\u00a0{b}\u202f{c}",
        "{a}–{b}–{c}",
        "\u200f{a} {b} {c}\u200e",
    ],
)
def test_parse_accepts_separators(variant: str) -> None:
    for social_id in SAMPLE[:50]:
        text = variant.format(a=social_id[:3], b=social_id[3:6], c=social_id[6:])
        assert parse_social_id(text) == social_id


def test_parse_accepts_arabic_indic_and_persian_digits() -> None:
    for social_id in SAMPLE[:50]:
        shown = format_social_id(social_id)
        assert parse_social_id(shown.translate(ARABIC_INDIC)) == social_id
        assert parse_social_id(shown.translate(PERSIAN)) == social_id
        mixed = shown[:4].translate(ARABIC_INDIC) + shown[4:]
        assert parse_social_id(mixed) == social_id


@pytest.mark.parametrize("text", ["", "   ", "abc", "12345678", "1234567890", "Mohamed", "123 456 78x"])
def test_parse_rejects_non_ids(text: str) -> None:
    assert parse_social_id(text) is None


def test_parse_rejects_wrong_length_and_leading_zero() -> None:
    social_id = SAMPLE[0]
    assert parse_social_id(social_id[:-1]) is None
    assert parse_social_id(social_id + "0") is None
    payload = "0" + social_id[1:8]
    assert parse_social_id(payload + damm_check_digit(payload)) is None
    assert not is_valid_social_id(payload + damm_check_digit(payload))


def test_parse_rejects_non_strings() -> None:
    assert parse_social_id(None) is None  # type: ignore[arg-type]
    assert parse_social_id(123456789) is None  # type: ignore[arg-type]
