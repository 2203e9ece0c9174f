"""What the identity-resolution model compares, field by field, and which pairs it looks at (blocking).

Each comparison is a plain Splink settings dict of SQL levels, most specific first, so that the settings are
readable in the stored JSON and run unchanged on DuckDB and Spark. The columns are those of
guichet.matching.records.COLUMNS, suffixed _l and _r by Splink.
"""

from typing import Any

from splink.internals.blocking_rule_creator import BlockingRuleCreator


def _level(sql: str, label: str, *, null: bool = False) -> dict[str, Any]:
    level: dict[str, Any] = {"sql_condition": sql, "label_for_charts": label}
    if null:
        level["is_null_level"] = True
    return level


def _never_one_person(sql: str, label: str, m: float) -> dict[str, Any]:
    """A level that two records of one person (almost) never reach, its m fixed so that no training unlearns it.

    Naive Bayes adds the fields up as if they were independent, but a family is not: a father and his son (or
    twins) agree on the family name, the commune and the household's phone at once, and those weights together
    outweigh the one field that differs. Such a level weighs about as much as what a family shares, the other
    way. Two records that share a CNIE or an IDCS never reach it: those are one person's, whatever was typed."""
    condition = f"{sql} AND NOT coalesce(cnie_l = cnie_r OR idcs_l = idcs_r, FALSE)"
    return {**_level(condition, label), "m_probability": m, "fix_m_probability": True}


# m of those levels: with u about 0.6 (random pairs a generation apart), a weight of about -28; with u about
# 1e-6 (pairs of twins), about -26.
GENERATION_APART_M = 2e-9
TWINS_M = 1e-14


def _else() -> dict[str, Any]:
    return _level("ELSE", "All other comparisons")


def _name_comparison(part: str, other: str, *extra_levels: dict[str, Any], swap_weighed: bool = True) -> dict[str, Any]:
    """A given or family name, in either script: exact, same transliteration key, swapped, close, else.

    Names swapped are weighed once, by the given name (swap_weighed): weighed by both comparisons, a swap would
    count twice as much as two names that agree where they should."""
    latin_l, latin_r = f"{part}_latin_l", f"{part}_latin_r"
    arabic_l, arabic_r = f"{part}_arabic_l", f"{part}_arabic_r"
    key_l, key_r = f"{part}_key_l", f"{part}_key_r"
    swapped = _level(f"{key_l} = {other}_key_r AND {other}_key_l = {key_r}", "given and family names swapped")
    if not swap_weighed:
        swapped.update(m_probability=0.01, u_probability=0.01, fix_m_probability=True, fix_u_probability=True)
    return {
        "output_column_name": f"{part}_name",
        "comparison_description": f"{part} name, Latin and Arabic scripts",
        "comparison_levels": [
            _level(f"{key_l} IS NULL OR {key_r} IS NULL", "null", null=True),
            _level(f"{latin_l} = {latin_r} OR {arabic_l} = {arabic_r}", "exact, same script"),
            {**_level(f"{key_l} = {key_r}", "same transliteration key"), "tf_adjustment_column": f"{part}_key"},
            swapped,
            _level(
                f"jaro_winkler_similarity({latin_l}, {latin_r}) >= 0.92 "
                f"OR jaro_winkler_similarity({arabic_l}, {arabic_r}) >= 0.92",
                "spelling close, same script",
            ),
            _level(
                f"jaro_winkler_similarity({key_l}, {key_r}) >= 0.88 "
                f"OR list_has_any(string_split({key_l}, ' '), string_split({key_r}, ' '))",
                "key close or one word in common",
            ),
            *extra_levels,
            _else(),
        ],
    }


BIRTH_DATE = {
    "output_column_name": "birth_date",
    "comparison_description": "birth date, a year-only date and swapped day and month tolerated",
    "comparison_levels": [
        _level("birth_year_l IS NULL OR birth_year_r IS NULL", "null", null=True),
        _level("birth_date_l = birth_date_r", "same date"),
        _level("birth_date_l = birth_date_swapped_r", "day and month swapped"),
        _level("birth_year_l = birth_year_r AND (birth_approx_l OR birth_approx_r)", "same year, one year only"),
        _level("damerau_levenshtein(birth_date_l, birth_date_r) <= 1", "one digit apart"),
        _level("birth_year_l = birth_year_r", "same year, other day"),
        _level("abs(birth_year_l - birth_year_r) <= 1", "a year apart"),
        # More than one slip of a digit apart, a generation apart: a parent and their child, of the same name.
        _never_one_person("abs(birth_year_l - birth_year_r) >= 15", "born 15 years apart or more", GENERATION_APART_M),
        _else(),
    ],
}

SEX = {
    "output_column_name": "sex",
    "comparison_levels": [
        _level("sex_l IS NULL OR sex_r IS NULL", "null", null=True),
        _level("sex_l = sex_r", "same sex"),
        _else(),
    ],
}

PLACE = {
    "output_column_name": "place",
    "comparison_description": "commune, else province",
    "comparison_levels": [
        _level(
            "(commune_l IS NULL OR commune_r IS NULL) AND (province_l IS NULL OR province_r IS NULL)", "null", null=True
        ),
        _level("commune_l = commune_r", "same commune"),
        _level("province_l = province_r", "same province"),
        _else(),
    ],
}

PHONE = {
    "output_column_name": "phone",
    "comparison_levels": [
        _level("phone_l IS NULL OR phone_r IS NULL", "null", null=True),
        # The household's phone, which brothers and sisters share (Fatima and Fatima Zahra): far weaker evidence.
        _level("phone_l = phone_r AND given_key_l <> given_key_r", "same phone, another given name"),
        _level("phone_l = phone_r", "same phone"),
        _level("damerau_levenshtein(phone_l, phone_r) <= 1", "one digit apart"),
        _else(),
    ],
}

CNIE = {
    "output_column_name": "cnie",
    "comparison_levels": [
        _level("cnie_l IS NULL OR cnie_r IS NULL", "null", null=True),
        _level("cnie_l = cnie_r", "same CNIE"),
        _level("damerau_levenshtein(cnie_l, cnie_r) <= 1", "one character apart"),
        _else(),
    ],
}

IDCS = {
    "output_column_name": "idcs",
    "comparison_levels": [
        _level("idcs_l IS NULL OR idcs_r IS NULL", "null", null=True),
        _level("idcs_l = idcs_r", "same IDCS"),
        _level("damerau_levenshtein(idcs_l, idcs_r) <= 1", "one character apart"),
        _else(),
    ],
}

# Another given name on the same family and day of birth: twins, not one person.
TWINS = _never_one_person(
    "family_key_l = family_key_r AND birth_date_l = birth_date_r",
    "another given name, same family and birth date",
    TWINS_M,
)

COMPARISONS = [
    _name_comparison("given", "family", TWINS),
    _name_comparison("family", "given", swap_weighed=False),
    BIRTH_DATE,
    SEX,
    PLACE,
    PHONE,
    CNIE,
    IDCS,
]

# The pairs scored: any pair that agrees on one of these. Each ties a name to a year, a day or a place, so that
# the pairs grow with the persons who share all of it, not with everyone who shares a common name (at 1,000,000
# persons, "same given and family name" alone would make tens of millions of pairs of namesakes); together they
# keep the true pairs that differ on any one field.
BLOCKING_RULES = [
    "l.given_key1 = r.given_key1 AND l.family_key1 = r.family_key1 AND l.birth_year = r.birth_year",
    "l.given_key1 = r.given_key1 AND l.family_key1 = r.family_key1 AND l.commune = r.commune",
    "l.given_key1 = r.family_key1 AND l.family_key1 = r.given_key1 AND l.birth_year = r.birth_year",
    "l.family_key1 = r.family_key1 AND l.birth_date = r.birth_date",
    "l.family_key1 = r.family_key1 AND l.birth_year = r.birth_year AND l.commune = r.commune",
    "l.given_key1 = r.given_key1 AND l.birth_year = r.birth_year AND l.commune = r.commune",
    "l.birth_date = r.birth_date AND l.commune = r.commune",
    "l.birth_date = r.birth_date_swapped AND (l.given_key1 = r.given_key1 OR l.family_key1 = r.family_key1)",
    "l.cnie = r.cnie",
    "l.idcs = r.idcs",
    "l.phone = r.phone",
]

# Rules that admit (almost) no false match: they estimate how likely two records are the same person.
DETERMINISTIC_RULES: list[str | BlockingRuleCreator] = [
    "l.cnie = r.cnie",
    "l.given_key = r.given_key AND l.family_key = r.family_key AND l.birth_date = r.birth_date",
]

# Expectation-maximisation runs, each blocked on fields it then cannot learn: together they learn every field.
# Blocked on the CNIE first: pairs that share it are one person, so EM learns clean m for the names and the date
# (blocked on a name or a date, it would take namesakes, a father and son, or twins for one person, and learn
# that the same person often has another date or given name). Then on the full name and date, for the CNIE.
TRAINING_BLOCKS = [
    "l.cnie = r.cnie",
    "l.given_key = r.given_key AND l.family_key = r.family_key AND l.birth_date = r.birth_date",
]


# What share of the pairs of records of one person falls at each level (null level left out), as a ministry's
# registers show it: what a comparison falls back on when its m cannot be learnt from the data.
EXPECTED_M = {
    "given_name": [0.80, 0.10, 0.01, 0.04, 0.03, TWINS_M, 0.02],
    "family_name": [0.80, 0.10, 0.01, 0.04, 0.03, 0.02],
    "birth_date": [0.84, 0.02, 0.05, 0.04, 0.02, 0.02, GENERATION_APART_M, 0.01],
    "sex": [0.98, 0.02],
    "place": [0.70, 0.15, 0.15],
    "phone": [0.001, 0.599, 0.02, 0.38],
    "cnie": [0.95, 0.02, 0.03],
    "idcs": [0.95, 0.02, 0.03],
}


def settings_dict() -> dict[str, Any]:
    """The untrained model: what is compared, which pairs are scored."""
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "comparisons": COMPARISONS,
        "blocking_rules_to_generate_predictions": BLOCKING_RULES,
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
        "max_iterations": 25,
        "em_convergence": 0.0001,
    }
