"""How large a population one machine can deduplicate: peak memory and time of scoring, by size, and the size
at which they run out, extrapolated.

Each size runs in a child process of its own (so that its peak resident memory, DuckDB's included, is its own):
the synthetic Moroccan set of bench/synthetic_morocco.py (a fifth of the persons registered twice or more) is
generated, prepared, and scored with guichet.matching.engine.score (threshold 0.5, reasons per field, as the
batch runs do) with one model trained once on the smallest size. The child reports the records, the pairs found,
the seconds and its peak resident memory, before and during scoring. A power law fitted to the measured sizes
(log-log least squares) then gives the size at which scoring would need the machine's memory: an extrapolation,
not a measurement.

    .venv/bin/python bench/matching_memory.py                          # 25k, 50k, 100k, 200k persons
    .venv/bin/python bench/matching_memory.py --sizes 100000,400000 --memory-gb 24
    .venv/bin/python bench/matching_memory.py --engine spark --sizes 25000,50000

With --engine spark (local mode unless GUICHET_SPARK_MASTER says otherwise) the memory columns are the Python
driver's only: Spark's JVM is a process of its own.
"""

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def _django() -> None:
    sys.path[:0] = [str(BENCH), str(BENCH.parent)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")
    import django

    django.setup()


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux gives kilobytes


def _records(persons: int, seed: int) -> tuple[list, set]:
    from synthetic_morocco import generate

    from guichet.matching.records import prepare_record

    dataset = generate(persons, seed=seed)
    return [prepare_record(record) for record in dataset.records], dataset.truth


def child_train(persons: int, seed: int, model_path: Path) -> None:
    _django()
    from guichet.matching import engine

    records, _truth = _records(persons, seed)
    started = time.perf_counter()
    model = engine.train(records, seed=seed)
    model_path.write_text(json.dumps(model))
    print(json.dumps({"trained_on": len(records), "seconds": round(time.perf_counter() - started, 1)}))


def child_score(persons: int, seed: int, model_path: Path, engine_name: str) -> None:
    _django()
    from guichet.matching import engine

    records, truth = _records(persons, seed)
    model = json.loads(model_path.read_text())
    before = _peak_mb()
    started = time.perf_counter()
    result = engine.score(records, model, threshold=0.5, engine=engine_name)
    seconds = time.perf_counter() - started
    found = {(pair.record_id_l, pair.record_id_r) for pair in result.pairs}
    print(
        json.dumps(
            {
                "persons": persons,
                "records": len(records),
                "pairs": len(found),
                "recall": round(len(found & truth) / max(1, len(truth)), 4),
                "precision": round(len(found & truth) / max(1, len(found)), 4),
                "seconds": round(seconds, 1),
                "peak_before_mb": round(before),
                "peak_mb": round(_peak_mb()),
            }
        )
    )


def _run(*arguments: str) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, *arguments], check=True, capture_output=True, text=True
    ).stdout.strip()
    return json.loads(output.splitlines()[-1])


def _fit(xs: list[float], ys: list[float]) -> tuple[float, float]:
    """y = a · x^b by least squares on the logarithms: (a, b)."""
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mean_x, mean_y = sum(lx) / len(lx), sum(ly) / len(ly)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(lx, ly, strict=True)) / sum((x - mean_x) ** 2 for x in lx)
    return math.exp(mean_y - slope * mean_x), slope


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="25000,50000,100000,200000", help="Persons per run, comma-separated.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb")
    parser.add_argument("--memory-gb", type=float, help="Memory to extrapolate to (default: this machine's).")
    parser.add_argument("--child", choices=("train", "score"), help=argparse.SUPPRESS)
    parser.add_argument("--persons", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--model", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child == "train":
        return child_train(options.persons, options.seed, options.model)
    if options.child == "score":
        return child_score(options.persons, options.seed, options.model, options.engine)

    sizes = sorted(int(size) for size in options.sizes.split(","))
    memory_mb = (options.memory_gb or os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / 2**30) * 1024
    with tempfile.TemporaryDirectory() as scratch:
        model = Path(scratch) / "model.json"
        seed = str(options.seed)
        trained = _run("--child", "train", "--persons", str(sizes[0]), "--seed", seed, "--model", str(model))
        print(f"model trained on DuckDB on {trained['trained_on']:,} records in {trained['seconds']} s")
        print(f"scoring on {options.engine}")
        print(
            f"{'persons':>9} {'records':>9} {'pairs':>8} {'recall':>7} {'precision':>9} {'seconds':>8} "
            f"{'MB before':>9} {'peak MB':>8}"
        )
        rows = []
        for size in sizes:
            row = _run(
                "--child", "score", "--persons", str(size), "--seed", seed, "--model", str(model),
                "--engine", options.engine,
            )  # fmt: skip
            rows.append(row)
            print(
                f"{row['persons']:>9,} {row['records']:>9,} {row['pairs']:>8,} {row['recall']:>7} "
                f"{row['precision']:>9} {row['seconds']:>8} {row['peak_before_mb']:>9,} {row['peak_mb']:>8,}"
            )
    if len(rows) < 2:
        return
    _extrapolate(rows, memory_mb)


def _extrapolate(rows: list[dict], memory_mb: float) -> None:
    """Peak = memory before scoring (the process and its records: linear in the records) + what scoring adds (a
    power law of the records, fitted on the three largest sizes, where the fixed costs weigh least); the size at
    which the peak reaches `memory_mb`, found by bisection."""
    rows = rows[-3:]
    records = [row["records"] for row in rows]
    per_record = sum(row["peak_before_mb"] for row in rows) / sum(records)
    a_add, b_add = _fit(records, [max(1, row["peak_mb"] - row["peak_before_mb"]) for row in rows])
    a_time, b_time = _fit(records, [max(0.1, row["seconds"]) for row in rows])

    def peak(size: float) -> float:
        return per_record * size + a_add * size**b_add

    low, high = 1.0, 1e12
    while high / low > 1.001:
        middle = math.sqrt(low * high)
        low, high = (middle, high) if peak(middle) < memory_mb else (low, middle)
    print(
        f"fitted on the {len(rows)} largest sizes: before scoring {per_record * 1000:.2f} MB per 1,000 records, "
        f"scoring adds ~ records^{b_add:.2f}, time ~ records^{b_time:.2f}"
    )
    print(
        f"extrapolated: the peak reaches {memory_mb / 1024:.0f} GB at about {low:,.0f} records, "
        f"scored in about {a_time * low**b_time / 60:,.0f} minutes on this machine"
    )


if __name__ == "__main__":
    main()
