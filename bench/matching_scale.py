"""Identity resolution at national scale: time and peak memory to prepare, train and score 100k, 600k, 1M persons.

For each size, the synthetic Moroccan set (bench/synthetic_morocco.py, 4 % of the persons registered again by
default) is generated and each step runs in a child process of its own, so that its peak resident memory
(getrusage's maxrss: Python and the embedded DuckDB together) is that step's alone:

- prepare: guichet.matching.records.prepare_record on every record (what match_persons does before scoring);
- train: guichet.matching.engine.train (u by sampling, λ, EM), the model written as JSON;
- score: guichet.matching.engine.score with that model at the threshold: every blocked pair scored, the pairs
  above it and their clusters, then precision, recall and F1 against the set's truth.

The seconds are those of the step itself, not of reading its input back; the memory counts the input too
(score reads it as the Arrow table a batch run streams from the database). The figures are medians over --runs
runs (the spread is printed). This machine is shared: other work running at the same time slows the steps
down, so compare runs made alone.

With two sizes or more, a power law fitted to the largest three (log-log least squares) gives the size at
which scoring's peak would reach --memory-gb (this machine's memory unless given), and how long it would take
here: an extrapolation, not a measurement, printed as one.

With --engine spark the score step runs on Spark (local mode unless GUICHET_SPARK_MASTER says otherwise; the
model is still trained on DuckDB) and its memory column is the Python driver's only: Spark's JVM is a process
of its own.

    .venv/bin/python bench/matching_scale.py                          # 100,000 600,000 1,000,000, one run
    .venv/bin/python bench/matching_scale.py --sizes 100000 --runs 3
    .venv/bin/python bench/matching_scale.py --pairs                  # also count the blocked pairs per rule
    .venv/bin/python bench/matching_scale.py --sizes 100000,600000,1000000 --memory-gb 24 64
    .venv/bin/python bench/matching_scale.py --engine spark --sizes 25000,50000
"""

import argparse
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from splink import DuckDBAPI
from splink.blocking_analysis import count_comparisons_from_blocking_rules
from synthetic_morocco import generate

from guichet.matching import comparisons, engine
from guichet.matching.records import prepare_record

TARGET_SCORE_SECONDS = 300
TARGET_MEMORY_GB = 8
STEPS = ("prepare", "train", "score")
MEDIANS = {"train": ("seconds", "peak_gb"), "score": ("seconds", "before_gb", "peak_gb")}


def _peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # kilobytes on Linux


def _records(folder: Path) -> list[dict[str, Any]]:
    return pq.read_table(folder / "prepared.parquet").to_pylist()


def _prepare(folder: Path, options: argparse.Namespace) -> dict[str, Any]:
    dataset = generate(options.size, duplicate_share=options.duplicate_share, seed=options.seed)
    (folder / "truth.json").write_text(json.dumps(sorted(dataset.truth)))
    started = time.perf_counter()
    prepared = [prepare_record(record) for record in dataset.records]
    seconds = time.perf_counter() - started
    pq.write_table(pa.Table.from_pylist(prepared, schema=engine._SCHEMA), folder / "prepared.parquet")
    return {"seconds": seconds, "records": len(prepared)}


def _train(folder: Path, options: argparse.Namespace) -> dict[str, Any]:
    records = _records(folder)
    started = time.perf_counter()
    settings = engine.train(records)
    seconds = time.perf_counter() - started
    (folder / "model.json").write_text(json.dumps(settings))
    return {"seconds": seconds}


def _score(folder: Path, options: argparse.Namespace) -> dict[str, Any]:
    records = pq.read_table(folder / "prepared.parquet")
    settings = json.loads((folder / "model.json").read_text())
    before_gb = _peak_gb()
    started = time.perf_counter()
    result = engine.score(records, settings, threshold=options.threshold, engine=options.engine)
    seconds = time.perf_counter() - started
    found = {(pair.record_id_l, pair.record_id_r) for pair in result.pairs}
    truth = {tuple(pair) for pair in json.loads((folder / "truth.json").read_text())}
    true_positives = len(found & truth)
    precision = true_positives / len(found) if found else 0.0
    recall = true_positives / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if true_positives else 0.0
    return {
        "seconds": seconds,
        "before_gb": before_gb,
        "pairs": len(found),
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def _pairs(folder: Path, options: argparse.Namespace) -> dict[str, Any]:
    """How many pairs each blocking rule adds to those before it (Splink counts them by making them)."""
    db_api = DuckDBAPI(duckdb.connect(":memory:"))
    frame = db_api.register(pq.read_table(folder / "prepared.parquet"), table_name="persons")
    counts = count_comparisons_from_blocking_rules(
        frame, blocking_rules=comparisons.BLOCKING_RULES, link_type="dedupe_only", record_sample_proportion=1.0
    )
    return {"rules": [(count["blocking_rule"], count["marginal_comparison_count"]) for count in counts]}


def _child(options: argparse.Namespace) -> None:
    """One step in this process; its figures and peak memory as one JSON line on stdout."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")  # the phone region, read when preparing
    step = {"prepare": _prepare, "train": _train, "score": _score, "pairs": _pairs}[options.step]
    figures = step(Path(options.folder), options)
    print(json.dumps({**figures, "peak_gb": _peak_gb()}))


def _run_step(step: str, size: int, folder: Path, options: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, __file__, "--step", step, "--folder", str(folder), "--size", str(size)]
    command += ["--seed", str(options.seed), "--duplicate-share", str(options.duplicate_share)]
    command += ["--threshold", str(options.threshold), "--engine", options.engine]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{step} at {size:,} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _median(runs: list[dict[str, Any]], key: str) -> str:
    values = [run[key] for run in runs]
    middle = statistics.median(values)
    spread = f" ({min(values):.1f}-{max(values):.1f})" if len(values) > 1 else ""
    return f"{middle:.1f}{spread}"


def _fit(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float]:
    """y = a · x^b by least squares on the logarithms: (a, b)."""
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mean_x, mean_y = statistics.fmean(lx), statistics.fmean(ly)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(lx, ly, strict=True)) / sum((x - mean_x) ** 2 for x in lx)
    return math.exp(mean_y - slope * mean_x), slope


def _size_at(memory_gb: float, peak: Callable[[float], float]) -> float:
    """The size at which a growing peak reaches memory_gb, by bisection."""
    low, high = 1.0, 1e12
    while high / low > 1.001:
        middle = math.sqrt(low * high)
        low, high = (middle, high) if peak(middle) < memory_gb else (low, middle)
    return low


def _extrapolate(measured: list[tuple[int, dict[str, Any]]], memory_gbs: list[float]) -> None:
    """Fitted on the three largest sizes, where fixed costs weigh least: scoring's peak = the process with its
    input (a straight line in the persons) + what scoring adds (a power law), its time a power law; training's
    peak a power law. The size at which each peak reaches each memory, and scoring's time there. Not measured."""
    measured = measured[-3:]
    sizes = [size for size, _ in measured]
    scores = [figures["score"] for _, figures in measured]
    fixed, per_person = statistics.linear_regression(sizes, [score["before_gb"] for score in scores])[::-1]
    per_person = max(0.0, per_person)
    a_add, b_add = _fit(sizes, [max(0.01, score["peak_gb"] - score["before_gb"]) for score in scores])
    a_time, b_time = _fit(sizes, [max(0.1, score["seconds"]) for score in scores])
    a_train, b_train = _fit(sizes, [figures["train"]["peak_gb"] for _, figures in measured])
    print(
        f"fitted on {', '.join(f'{size:,}' for size in sizes)} persons: score's peak {fixed:.2f} GB + "
        f"{per_person * 1e6:.2f} GB per million persons + ~ persons^{b_add:.2f}, its time ~ persons^{b_time:.2f}; "
        f"train's peak ~ persons^{b_train:.2f}"
    )
    for memory_gb in memory_gbs:
        scored = _size_at(memory_gb, lambda size: fixed + per_person * size + a_add * size**b_add)
        trained = _size_at(memory_gb, lambda size: a_train * size**b_train)
        print(
            f"EXTRAPOLATED, not measured: {memory_gb:g} GB is reached by scoring at about {scored:,.0f} persons "
            f"(scored in about {a_time * scored**b_time / 60:,.0f} minutes on this machine), by training at "
            f"about {trained:,.0f} persons"
        )


def _sizes(values: list[str]) -> list[int]:
    return [int(size) for value in values for size in value.split(",") if size]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", nargs="+", default=["100000,600000,1000000"], help="Persons (commas or spaces).")
    parser.add_argument("--runs", type=int, default=1, help="Runs of train and score per size; medians (1).")
    parser.add_argument("--duplicate-share", type=float, default=0.04, help="Persons registered again (0.04).")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--pairs", action="store_true", help="Also count the blocked pairs per rule.")
    parser.add_argument("--engine", choices=engine.ENGINES, default="duckdb", help="Where to score (duckdb).")
    parser.add_argument(
        "--memory-gb", nargs="+", type=float, help="Memory to extrapolate scoring to (this machine's by default)."
    )
    parser.add_argument("--step", choices=[*STEPS, "pairs"], help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.step:
        _child(options)
        return
    memory_gbs = options.memory_gb or [os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / 1024**3]
    print(
        f"{os.cpu_count()} cores; duplicate share {options.duplicate_share}; threshold {options.threshold}; "
        f"scored on {options.engine}" + (" (memory: the Python driver's only)" if options.engine == "spark" else "")
    )
    print(
        f"{'persons':>9} {'records':>9} | {'prepare s':>9} {'GB':>4} | {'train s':>17} {'GB':>13} | "
        f"{'score s':>17} {'GB':>13} | {'pairs':>6} {'P':>6} {'R':>6} {'F1':>6}",
        flush=True,
    )
    measured: list[tuple[int, dict[str, Any]]] = []
    for size in sorted(_sizes(options.sizes)):
        with tempfile.TemporaryDirectory(prefix="matching_scale_") as name:
            folder = Path(name)
            prepared = _run_step("prepare", size, folder, options)
            if options.pairs:
                for rule, count in _run_step("pairs", size, folder, options)["rules"]:
                    print(f"  {size:,} persons: {count:>13,} pairs added by {rule}", flush=True)
            runs: dict[str, list[dict[str, Any]]] = {"train": [], "score": []}
            for _ in range(options.runs):
                runs["train"].append(_run_step("train", size, folder, options))
                runs["score"].append(_run_step("score", size, folder, options))
            score = runs["score"][-1]
            medians = {
                step: {key: statistics.median(run[key] for run in runs[step]) for key in keys}
                for step, keys in MEDIANS.items()
            }
            measured.append((size, medians))
            row = (
                f"{size:>9,} {prepared['records']:>9,} | {prepared['seconds']:>9.1f} {prepared['peak_gb']:>4.1f} | "
                f"{_median(runs['train'], 'seconds'):>17} {_median(runs['train'], 'peak_gb'):>13} | "
                f"{_median(runs['score'], 'seconds'):>17} {_median(runs['score'], 'peak_gb'):>13} | "
                f"{score['pairs']:>6,} {score['precision']:.4f} {score['recall']:.4f} {score['f1']:.4f}"
            )
            verdict = (
                "meets"
                if max(run["seconds"] for run in runs["score"]) < TARGET_SCORE_SECONDS
                and max(run["peak_gb"] for run in runs["score"]) < TARGET_MEMORY_GB
                else "MISSES"
            )
            if options.engine == "duckdb":  # on Spark the memory column leaves out the JVM: no verdict
                row += f"  ({verdict} {TARGET_SCORE_SECONDS} s / {TARGET_MEMORY_GB} GB)"
            print(row, flush=True)
    if len(measured) >= 2 and options.engine == "duckdb":  # Spark's JVM is not in the figures: nothing to fit
        _extrapolate(measured, memory_gbs)


if __name__ == "__main__":
    main()
