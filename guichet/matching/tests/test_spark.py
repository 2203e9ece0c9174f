"""The matching model on Spark in local mode: the same pairs as on DuckDB, from the engine and from match_file."""

import csv
import os
import tempfile

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from guichet.matching import comparisons, engine, spark
from guichet.matching.csvfile import INPUT_COLUMNS
from guichet.matching.records import prepare_record
from guichet.matching.services import model_store
from guichet.matching.tests.population import population

U_PAIRS = 100_000


@pytest.fixture(scope="module")
def generated():
    records, truth = population(600, 80, seed=5)
    return records, [prepare_record(record) for record in records], truth


@pytest.fixture(scope="module")
def trained(generated):
    return engine.train(generated[1], seed=3, u_pairs=U_PAIRS)


@pytest.fixture(scope="module")
def local_spark():
    """Spark on two cores of this machine, with two shuffle partitions: the small set runs in seconds."""
    session = spark.session("local[2]", partitions=2)
    scratch = session.conf.get("spark.sql.warehouse.dir").removeprefix("file:").removesuffix("/warehouse")
    assert session.conf.get("spark.local.dir").startswith(tempfile.gettempdir())
    assert scratch.startswith(tempfile.gettempdir())
    yield session
    spark.stop()
    assert not os.path.exists(scratch)  # nothing left behind once the session stops


def _by_pair(result):
    return {(pair.record_id_l, pair.record_id_r): pair for pair in result.pairs}


def test_spark_finds_the_pairs_duckdb_finds_with_the_same_probabilities_and_reasons(generated, trained, local_spark):
    on_duckdb = _by_pair(engine.score(generated[1], trained, threshold=0.5))
    on_spark = _by_pair(engine.score(generated[1], trained, threshold=0.5, engine="spark"))
    assert on_spark.keys() == on_duckdb.keys()
    truth = generated[2]
    assert len(on_spark.keys() & truth) >= 0.95 * len(truth)
    for key, pair in on_spark.items():
        assert pair.match_probability == pytest.approx(on_duckdb[key].match_probability, abs=1e-6)
        assert [reason["level"] for reason in pair.explanation] == [
            reason["level"] for reason in on_duckdb[key].explanation
        ]


def _write_csv(path, records):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=INPUT_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(records)


def _read(path):
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.django_db
def test_match_file_on_spark_writes_the_pairs_and_clusters_duckdb_writes(tmp_path, generated, trained, local_spark):
    model_store(settings=trained, record_count=len(generated[0]), seed=3)
    source = tmp_path / "people.csv"
    _write_csv(source, generated[0])
    call_command("match_file", str(source), "--out", str(tmp_path / "duckdb.csv"))
    call_command("match_file", str(source), "--out", str(tmp_path / "spark.csv"), "--engine", "spark")
    on_duckdb, on_spark = _read(tmp_path / "duckdb.csv"), _read(tmp_path / "spark.csv")
    assert on_spark and [(row["record_id_l"], row["record_id_r"]) for row in on_spark] == [
        (row["record_id_l"], row["record_id_r"]) for row in on_duckdb
    ]
    for spark_row, duckdb_row in zip(on_spark, on_duckdb, strict=True):
        assert float(spark_row["match_probability"]) == pytest.approx(float(duckdb_row["match_probability"]), abs=1e-6)
    assert _read(tmp_path / "spark_clusters.csv") == _read(tmp_path / "duckdb_clusters.csv")


def test_a_model_trained_on_spark_is_stored_as_duckdb_reads_it(trained):
    """Spark's SQL is a translation: stored, the model keeps the SQL it was written in, and its parameters."""
    on_spark = spark.settings_to_spark(trained)
    assert on_spark["comparisons"] != trained["comparisons"]  # the similarity functions have Spark's names
    assert spark.settings_from_spark(on_spark, comparisons.settings_dict()) == trained


@pytest.mark.django_db
def test_without_java_match_file_says_what_to_install_and_writes_nothing(tmp_path, generated, monkeypatch):
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    source, out = tmp_path / "people.csv", tmp_path / "pairs.csv"
    _write_csv(source, generated[0][:10])
    for language, words in (("en", "needs pyspark and Java"), ("fr", "installez-les"), ("ar", "ثبّتهما")):
        with translation.override(language), pytest.raises(CommandError) as error:
            call_command("match_file", str(source), "--out", str(out), "--engine", "spark")
        assert words in str(error.value)
        assert "pip install 'guichet[spark]'" in str(error.value)
    assert not out.exists()
