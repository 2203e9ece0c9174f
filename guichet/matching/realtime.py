"""Scoring one new person against a few candidates with the stored model, while an agent waits at the form.

Splink 5's real-time comparison (`compare_records`) runs the stored settings, m and u unchanged (no training),
and caches the SQL it builds under a key per model, so only the first comparison after a model change pays for
building it. Each thread keeps its own embedded DuckDB (a connection is not shared between threads) and drops
the tables of a comparison once it is read. Term-frequency adjustments are left out here: they need the
frequency of every name in the whole registry, which the candidates alone do not give; the comparison levels'
own m and u still weigh each field.
"""

import copy
import hashlib
import json
import threading
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa
from splink import DuckDBAPI
from splink.internals.realtime import compare_records

from guichet.matching.reasons import Reason, reason_text
from guichet.matching.records import COLUMNS

_SCHEMA = pa.schema(
    [
        (name, pa.int64() if name == "birth_year" else pa.bool_() if name == "birth_approx" else pa.string())
        for name in COLUMNS
    ]
)


@dataclass(frozen=True)
class Scored:
    """A candidate's probability of being the new person, with the reasons, strongest first."""

    record_id: str
    probability: float
    reasons: tuple[Reason, ...]

    @property
    def agreeing(self) -> list[Reason]:
        return [reason for reason in self.reasons if reason.agrees]

    @property
    def differing(self) -> list[Reason]:
        return [reason for reason in self.reasons if reason.weight < 0]


@dataclass(frozen=True)
class _Model:
    settings: dict[str, Any]
    cache_key: str
    # For each comparison, its non-null levels' labels by comparison vector value (gamma).
    labels: dict[str, dict[int, str]]


# The share of the persons an agent registers who are in fact already in the registry (registered at another
# centre, in the other script, before): the prior of the check at registration.
ALREADY_REGISTERED = 0.2

_models: dict[str, _Model] = {}
_INPUTS = "__splink__compare_records_"
_local = threading.local()


def _model(settings: dict[str, Any]) -> _Model:
    """The settings ready for real-time use, prepared once per distinct model (a stored model never changes)."""
    digest = hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode()).hexdigest()[:16]
    model = _models.get(digest)
    if model is None:
        prepared = copy.deepcopy(settings)
        labels: dict[str, dict[int, str]] = {}
        for comparison in prepared["comparisons"]:
            levels = [level for level in comparison["comparison_levels"] if not level.get("is_null_level")]
            # Splink numbers the non-null levels from the last (0) up to the first.
            labels[comparison["output_column_name"]] = {
                len(levels) - 1 - index: level.get("label_for_charts", "") for index, level in enumerate(levels)
            }
            for level in comparison["comparison_levels"]:
                level.pop("tf_adjustment_column", None)
                level.pop("tf_adjustment_weight", None)
        model = _Model(settings=prepared, cache_key=f"guichet-realtime-{digest}", labels=labels)
        _models[digest] = model
    return model


def _db_api() -> DuckDBAPI:
    api = getattr(_local, "api", None)
    if api is None:
        connection = duckdb.connect(":memory:")
        connection.execute("SET threads TO 1")  # a few hundred pairs: one thread, no hand-over between cores
        api = _local.api = DuckDBAPI(connection)
    return api


def score(
    new: dict[str, Any], candidates: list[dict[str, Any]], settings: dict[str, Any], *, registry_size: int
) -> list[Scored]:
    """Each candidate (a prepared record, records.prepare_record) scored against the new one, best first.

    How likely a candidate is the new person before any field is compared (Splink's λ) is that of a new person
    against a registry of `registry_size`: the share of registrations that are someone already registered
    (ALREADY_REGISTERED), spread over the registry. The model's own λ is that of two persons of the registry
    being one, far smaller in a registry with few duplicates: it would take any existing file for a stranger."""
    if not candidates:
        return []
    prior = min(0.5, ALREADY_REGISTERED / max(1, registry_size))
    model = _model({**settings, "probability_two_random_records_match": prior})
    api = _db_api()
    left = pa.Table.from_pylist([{**new, "unique_id": "__new__"}], schema=_SCHEMA)
    right = pa.Table.from_pylist(candidates, schema=_SCHEMA)
    predictions = compare_records(left, right, model.settings, api, sql_cache_key=model.cache_key)
    try:
        rows = predictions.as_record_list()
    finally:
        _drop(api, predictions.physical_name)
    scored = [_scored(row, model) for row in rows]
    return sorted(scored, key=lambda item: (-item.probability, item.record_id))


def _scored(row: dict[str, Any], model: _Model) -> Scored:
    reasons = []
    for field, labels in model.labels.items():
        gamma = row.get(f"gamma_{field}")
        if gamma is None or gamma < 0:  # a value missing on either side says nothing
            continue
        weight = float(row.get(f"mw_{field}") or 0.0)
        label = labels.get(int(gamma), "")
        reasons.append(Reason(field=field, text=reason_text(field, label, weight), weight=weight))
    reasons.sort(key=lambda reason: -abs(reason.weight))
    return Scored(
        record_id=str(row["unique_id_r"]), probability=float(row["match_probability"]), reasons=tuple(reasons)
    )


def _drop(api: DuckDBAPI, result: str) -> None:
    """Drop the comparison's result table and unregister its two input tables (kept by the thread's DuckDB)."""
    connection = api.duckdb_con
    connection.execute(f'DROP TABLE IF EXISTS "{result}"')
    inputs = connection.execute(
        "SELECT view_name FROM duckdb_views() WHERE temporary AND starts_with(view_name, ?)", [_INPUTS]
    ).fetchall()
    for (name,) in inputs:
        connection.unregister(name)
