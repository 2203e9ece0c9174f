"""Training and scoring the identity-resolution model with Splink 5 on an embedded, in-memory DuckDB.

Records come in as prepared dicts (guichet.matching.records.prepare_record); the model goes out as Splink's
settings JSON (a plain dict) that `score` takes back. Nothing here touches Django's database.
"""

import dataclasses
import itertools
import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

import duckdb
import pyarrow as pa
from splink import DuckDBAPI, Linker
from splink.internals.exceptions import EMTrainingException

from guichet.matching import comparisons, spark
from guichet.matching.records import COLUMNS

logger = logging.getLogger(__name__)

DEFAULT_SEED = 42
DEFAULT_U_PAIRS = 2_000_000
# Where the model runs: an embedded DuckDB (one machine), or Spark (guichet.matching.spark: local mode or a cluster).
ENGINES = ("duckdb", "spark")
_EM_ITERATIONS = (25, 10, 5, 2, 1)
_PRIOR_ITERATIONS = 200

Node = TypeVar("Node", str, int)  # a record id, or a person pk

_SCHEMA = pa.schema(
    [
        (
            name,
            pa.int64() if name == "birth_year" else pa.bool_() if name == "birth_approx" else pa.string(),
        )
        for name in COLUMNS
    ]
)


@dataclass(frozen=True)
class Pair:
    record_id_l: str
    record_id_r: str
    match_probability: float
    match_weight: float = 0.0
    # Per compared field, the level it reached and its weight (log2 of the Bayes factor, term frequency included):
    # ({"field": "family_name", "level": "same transliteration key", "weight": 6.2}, ...), in the model's order.
    explanation: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Result:
    pairs: list[Pair]
    clusters: dict[str, str]  # record id -> cluster id (the cluster's smallest record id), clusters of 2 or more


def records_table(records: Iterable[dict[str, Any]], *, chunk_size: int = 50_000) -> pa.Table:
    """The prepared records as the Arrow table the engines read, built a chunk at a time: a registry of 600,000
    persons streamed from the database is never held as Python dicts all at once (a tenth of the memory)."""
    iterator = iter(records)
    chunks = []
    while chunk := list(itertools.islice(iterator, chunk_size)):
        chunks.append(pa.Table.from_pylist(chunk, schema=_SCHEMA))
    return pa.concat_tables(chunks) if chunks else _SCHEMA.empty_table()


def _table(records: Iterable[dict[str, Any]] | pa.Table) -> pa.Table:
    return records if isinstance(records, pa.Table) else records_table(records)


def _linker(
    records: Iterable[dict[str, Any]] | pa.Table,
    settings: dict[str, Any],
    *,
    one_thread: bool = False,
    engine: str = "duckdb",
) -> Linker:
    if engine not in ENGINES:
        raise ValueError(f"Unknown matching engine {engine!r}: one of {', '.join(ENGINES)}")
    if engine == "spark":  # the same model, its SQL in Spark's dialect; Spark's sampling is seeded, not ordered
        db_api = spark.database_api()
        frame = spark.register(db_api, _table(records), "persons")
        return Linker(frame, spark.settings_to_spark(settings), log_level=logging.ERROR)
    connection = duckdb.connect(":memory:")
    if one_thread:  # the same sample and the same sums, in the same order, on every run: reproducible
        connection.execute("SET threads TO 1")
    db_api = DuckDBAPI(connection)
    frame = db_api.register(_table(records), table_name="persons")
    return Linker(frame, settings, log_level=logging.ERROR)


def train(
    records: Iterable[dict[str, Any]],
    *,
    seed: int = DEFAULT_SEED,
    u_pairs: float = DEFAULT_U_PAIRS,
    engine: str = "duckdb",
) -> dict[str, Any]:
    """The model trained on these records without labels: u by random sampling (seeded), λ from rules that
    admit no false match, m by expectation-maximisation on the pairs of comparisons.TRAINING_BLOCKS."""
    records = list(records)
    linker = _linker(records, comparisons.settings_dict(), one_thread=True, engine=engine)
    model = linker._settings_obj
    prior = _estimate_prior(linker, len(records))
    duplicates_seen = prior > 2 / max(2, len(records) * (len(records) - 1))
    linker.training.estimate_u_using_random_sampling(max_pairs=u_pairs, seed=seed)
    if duplicates_seen:  # without any sure duplicate, EM would take households or namesakes for one person
        for block in comparisons.TRAINING_BLOCKS:
            _expectation_maximisation(linker, block)
    model._probability_two_random_records_match = prior  # EM's λ is that of its blocked pairs, not of all
    settings = linker.misc.save_model_to_json()
    settings.pop("linker_uid", None)  # a random name of this run's tables: not part of the model
    if engine == "spark":  # stored as every model is, in DuckDB's dialect: either engine scores with it
        settings = spark.settings_from_spark(settings, comparisons.settings_dict())
    for comparison in settings["comparisons"]:
        _keep_plausible_m(comparison, learnt=duplicates_seen)
        _fill_unseen_u(comparison, u_pairs)
    settings["probability_two_random_records_match"] = _prior_from_pairs(
        _linker(records, settings, engine=engine), len(records), settings["probability_two_random_records_match"]
    )
    return settings


def _fill_unseen_u(comparison: dict[str, Any], u_pairs: float) -> None:
    """A level no random pair reached (two persons sharing a CNIE) is given u of one pair in the sample."""
    for level in comparison["comparison_levels"]:
        if not level.get("is_null_level") and not isinstance(level.get("u_probability"), float):
            level["u_probability"] = 1 / u_pairs


def _keep_plausible_m(comparison: dict[str, Any], *, learnt: bool) -> None:
    """Put back the expected m of a comparison whose learnt m say agreeing is rarer among the same person
    than disagreeing. EM learns that on a registry with (almost) no duplicates, where the pairs it takes for
    the same person are household members or namesakes: agreeing on the name then looks like a different
    person. Levels EM could not learn also get their expected m, and so do all when EM did not run."""
    levels = [level for level in comparison["comparison_levels"] if not level.get("is_null_level")]
    m = [level.get("m_probability") for level in levels]
    learnt = learnt and all(isinstance(value, float) for value in m)
    if learnt and m[0] >= m[-1] * 0.5:
        return
    for level, expected in zip(levels, comparisons.EXPECTED_M[comparison["output_column_name"]], strict=True):
        level["m_probability"] = expected


def _estimate_prior(linker: Linker, count: int) -> float:
    """λ from the rules that admit no false match, assuming they find 70% of the pairs. When no pair agrees
    on a rule (a registry without duplicates yet), one pair in all is taken to be the same person rather than
    none, so that weights stay finite and a later duplicate can still be found."""
    linker.training.estimate_probability_two_random_records_match(comparisons.DETERMINISTIC_RULES, recall=0.7)
    model = linker._settings_obj
    if model._probability_two_random_records_match <= 0:
        model._probability_two_random_records_match = 2 / max(2, count * (count - 1))
    return model._probability_two_random_records_match


def _probability(match_weight: float) -> float:
    """A match weight (log2 of the odds) as a probability, without overflowing at either end."""
    return 1 / (1 + 2 ** -min(max(match_weight, -1000.0), 1000.0))


def _prior_from_pairs(linker: Linker, count: int, prior: float) -> float:
    """λ as the share of all pairs the trained model takes for one person among the pairs blocking brings
    together (the mixture's proportion, m and u held: a fixed point), never below the rules' estimate `prior`.

    The rules that admit no false match see only the duplicates that agree on a whole name and date or an
    identifier; a registry whose duplicates were typed again at a mobile window (another script, a year of birth
    only, no CNIE) holds many more, and a λ from the rules alone then finds none of them. The pairs are read
    as a histogram of their weights (to a hundredth of a bit), so the iteration costs nothing at any size."""
    base = math.log2(prior / (1 - prior))
    predictions = linker.inference.predict()
    # The weights' own column and Splink's table name, never user input.
    sql = (
        f"SELECT ROUND(match_weight - ({base!r}), 2) AS weight, COUNT(*) AS pairs "  # noqa: S608
        f"FROM {predictions.physical_name} GROUP BY 1"
    )
    histogram = [(float(row["weight"]), int(row["pairs"])) for row in linker.misc.query_sql(sql).as_record_list()]
    total = count * (count - 1) / 2
    estimate = prior
    for _ in range(_PRIOR_ITERATIONS):
        log_odds = math.log2(estimate / (1 - estimate))
        # fsum: exactly rounded whatever order the database returned the histogram in (a parallel GROUP BY
        # differs from run to run), so that the same registry and seed give the same λ to the last bit.
        expected = math.fsum(pairs * _probability(weight + log_odds) for weight, pairs in histogram)
        following = min(0.5, expected / total)
        converged = abs(following - estimate) <= estimate * 1e-4
        estimate = following
        if converged:
            break
    return max(prior, estimate)


def _expectation_maximisation(linker: Linker, block: str) -> None:
    """One EM session. On clean data a level never seen among matches (no one's birth date wholly different)
    sees its m fall towards 0 until Splink 5 refuses it as an underflow; the session is then run again,
    stopped after fewer iterations, which leaves that m tiny but representable. A failed session changes
    nothing in the model, so running it again is safe; a session that underflows even after one iteration (a
    sample too small or too clean to learn from), or that has no pair to learn from, is left out: the other
    sessions still train the model."""
    model = linker._settings_obj
    training = model.training_settings
    # Splink 5 takes the comparisons the block uses out of the model for the session and puts them back only
    # when it succeeds: a failed session would leave them out of the stored model.
    comparisons = list(model.comparisons)
    for iterations in _EM_ITERATIONS:
        model.training_settings = dataclasses.replace(training, max_iterations=iterations)
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(block)
        except EMTrainingException:
            model.comparisons = comparisons
            logger.warning("EM blocked on %s left out: no pair of records agrees on it", block)
            break
        except ValueError as error:
            model.comparisons = comparisons
            if "below the minimum allowed" not in str(error):
                raise
            if iterations == _EM_ITERATIONS[-1]:
                logger.warning("EM blocked on %s left out: a level's m underflows even after one iteration", block)
        else:
            break
    model.training_settings = training


def score(
    records: Iterable[dict[str, Any]] | pa.Table,
    settings: dict[str, Any],
    *,
    threshold: float = 0.5,
    prior_from_records: bool = False,
    engine: str = "duckdb",
    explain: bool = True,
) -> Result:
    """Pairs of records at or above the match probability threshold, best first, and the clusters they form.
    Each pair comes with its match weight and, with `explain`, the level each field reached and its weight.

    With prior_from_records, how likely two records are the same person (λ) is estimated on these records
    as match_train does (the rules that admit no false match, then the fixed point over the blocked pairs), the
    m and u of the model kept: a list about to be imported
    holds far more duplicates than the registry the model was trained on."""
    table = _table(records)
    if explain:  # Splink then keeps each field's comparison level (gamma_) and weight (mw_) in its output
        settings = {**settings, "retain_matching_columns": True, "retain_intermediate_calculation_columns": True}
    linker = _linker(table, settings, engine=engine)
    if prior_from_records:
        prior = _prior_from_pairs(linker, table.num_rows, _estimate_prior(linker, table.num_rows))
        linker._settings_obj._probability_two_random_records_match = prior
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    levels = _level_labels(settings) if explain else {}
    # Only the columns a pair keeps are read back (the compared values are left in the database): hundreds of
    # thousands of pairs stay a few hundred bytes each.
    columns = ["unique_id_l", "unique_id_r", "match_probability", "match_weight"]
    columns += [f"{prefix}{field}" for field in levels for prefix in ("gamma_", "mw_")]
    columns += [f"mw_tf_adj_{field}" for field in _tf_adjusted(settings) if field in levels]
    # The names are the model's own columns and Splink's table name, never user input.
    sql = f"SELECT {', '.join(columns)} FROM {predictions.physical_name}"  # noqa: S608
    rows = linker.misc.query_sql(sql).as_record_list()
    pairs = sorted(
        (_pair(row, levels) for row in rows),
        key=lambda pair: (-pair.match_probability, pair.record_id_l, pair.record_id_r),
    )
    return Result(pairs=pairs, clusters=_clusters(pairs))


def _tf_adjusted(settings: dict[str, Any]) -> list[str]:
    """The comparisons with a term-frequency adjustment (Splink adds their mw_tf_adj_ column)."""
    return [
        comparison["output_column_name"]
        for comparison in settings["comparisons"]
        if any(level.get("tf_adjustment_column") for level in comparison["comparison_levels"])
    ]


def _level_labels(settings: dict[str, Any]) -> dict[str, dict[int, str]]:
    """Per comparison, the label of each comparison vector value: Splink numbers the levels that are not the
    null level from the last (ELSE, 0) up to the first; the null level is -1."""
    labels = {}
    for comparison in settings["comparisons"]:
        levels = [level for level in comparison["comparison_levels"] if not level.get("is_null_level")]
        by_value = {len(levels) - 1 - index: level.get("label_for_charts", "") for index, level in enumerate(levels)}
        labels[comparison["output_column_name"]] = {-1: "null", **by_value}
    return labels


def _pair(row: dict[str, Any], levels: dict[str, dict[int, str]]) -> Pair:
    left, right = str(row["unique_id_l"]), str(row["unique_id_r"])
    explanation = tuple(
        {
            "field": field,
            "level": labels.get(int(row[f"gamma_{field}"]), ""),
            "weight": round(float(row[f"mw_{field}"]) + float(row.get(f"mw_tf_adj_{field}") or 0.0), 4),
        }
        for field, labels in levels.items()
    )
    return Pair(
        min(left, right),
        max(left, right),
        float(row["match_probability"]),
        match_weight=float(row["match_weight"]),
        explanation=explanation,
    )


def connected_components(links: Iterable[tuple[Node, Node]]) -> dict[Node, Node]:
    """The connected components of the links (union-find), each named by its smallest node; only linked nodes."""
    parent: dict[Node, Node] = {}

    def root(node: Node) -> Node:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for left_node, right_node in links:
        left, right = root(left_node), root(right_node)
        if left != right:
            parent[max(left, right)] = min(left, right)
    return {node: root(node) for node in sorted(parent)}


def _clusters(pairs: list[Pair]) -> dict[str, str]:
    """Connected components of the pairs, each named by its smallest record id."""
    return connected_components((pair.record_id_l, pair.record_id_r) for pair in pairs)
