"""The matching model on Spark (`--engine spark`): the session, the tables, the model's SQL in Spark's dialect.

pyspark is an optional extra (`pip install 'guichet[spark]'`, plus a Java 17 runtime), so it is imported only when
a Spark run starts; without it, or without Java, the run stops with `SparkUnavailable` saying what to install.
Spark runs in local mode on every core by default; GUICHET_SPARK_MASTER (or a command's --spark-master) points
it at a cluster. One session serves a whole command (training then scoring) and is stopped when the process ends,
with its scratch directory.
"""

import atexit
import copy
import importlib.util
import os
import shutil
import tempfile
from typing import Any

import pyarrow as pa
import sqlglot
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from sqlglot import exp

MASTER_VARIABLE = "GUICHET_SPARK_MASTER"
PARTITIONS_VARIABLE = "GUICHET_SPARK_PARTITIONS"
CHECKPOINT_VARIABLE = "GUICHET_SPARK_CHECKPOINT_DIR"
DRIVER_MEMORY_VARIABLE = "GUICHET_SPARK_DRIVER_MEMORY"
DEFAULT_MASTER = "local[*]"

# DuckDB's names of the functions the comparisons use, and Splink's Spark functions (Scala UDFs from the jar
# Splink ships) that compute the same thing.
_FUNCTIONS = {"jaro_winkler_similarity": "jaro_winkler", "damerau_levenshtein": "damerau_levenshtein"}


class SparkUnavailable(RuntimeError):
    """Spark cannot run here; the message (translated) says what to install."""


_state: dict[str, Any] = {}


def _require() -> None:
    if importlib.util.find_spec("pyspark") is None or not _java_found():
        raise SparkUnavailable(
            _(
                "The Spark engine needs pyspark and Java: install them with pip install 'guichet[spark]' and a "
                "Java 17 runtime (Debian: apt-get install openjdk-17-jre-headless)."
            )
        )


def _java_found() -> bool:
    home = os.environ.get("JAVA_HOME")
    if home and os.access(os.path.join(home, "bin", "java"), os.X_OK):
        return True
    return shutil.which("java") is not None


def add_engine_arguments(parser: Any) -> None:
    """The options of a command that runs the model: --engine and --spark-master."""
    parser.add_argument(
        "--engine",
        choices=("duckdb", "spark"),
        default="duckdb",
        help="Where the model runs: an embedded DuckDB on this machine (default) or Spark.",
    )
    parser.add_argument(
        "--spark-master",
        default=None,
        help=f"With --engine spark: the Spark master URL (default: ${MASTER_VARIABLE}, else {DEFAULT_MASTER}).",
    )


def start_for_command(engine: str, master: str | None) -> None:
    """A command's --engine spark: the session started before the work, so that a missing pyspark or Java is
    said at once, as the command's error, rather than after the file or the registry has been read."""
    if engine == "spark":
        try:
            session(master)
        except SparkUnavailable as error:
            raise CommandError(str(error)) from None


def session(master: str | None = None, *, partitions: int | None = None) -> Any:
    """The process's Spark session, started on first use: on `master`, else GUICHET_SPARK_MASTER, else local[*]
    (a session already running is kept when no master is named). Raises SparkUnavailable without pyspark or Java."""
    _require()
    current = _state.get("session")
    if current is not None and master in (None, _state.get("master")):
        return current
    master = master or os.environ.get(MASTER_VARIABLE) or DEFAULT_MASTER
    stop()
    # pyspark is an optional extra: imported here, once a Spark run is asked for and known to be installed.
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    local = master.startswith("local")
    if local:  # nothing listens beyond this machine
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    scratch = tempfile.mkdtemp(prefix="guichet-spark-")
    # Few shuffle partitions on one machine: Spark's default of 200 spends more time scheduling than computing.
    shuffle = str(partitions or os.environ.get(PARTITIONS_VARIABLE) or (4 if local else 200))
    builder = (
        SparkSession.builder.master(master)
        .appName("guichet-matching")
        .config("spark.jars", similarity_jar_location())
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", shuffle)
        .config("spark.default.parallelism", shuffle)
        .config("spark.local.dir", _spill_dir())
        .config("spark.sql.warehouse.dir", os.path.join(scratch, "warehouse"))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.driver.extraJavaOptions", f"-Djava.io.tmpdir={scratch} -Dderby.system.home={scratch}")
    )
    if local:  # nothing listens beyond this machine
        builder = builder.config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
    driver_memory = os.environ.get(DRIVER_MEMORY_VARIABLE) or (_half_the_memory() if local else None)
    if driver_memory:  # in local mode the driver's JVM does all the work: Spark's 1 GB runs out at 30,000 persons
        builder = builder.config("spark.driver.memory", driver_memory)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    # Splink writes its intermediate tables here when it cannot keep them in memory (on a cluster: shared storage).
    spark.sparkContext.setCheckpointDir(os.environ.get(CHECKPOINT_VARIABLE) or os.path.join(scratch, "checkpoints"))
    _state.update(session=spark, master=master, scratch=scratch)
    return spark


def _half_the_memory() -> str:
    gigabytes = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // 2**30
    return f"{max(1, gigabytes // 2)}g"


def _spill_dir() -> str:
    """Where Spark spills blocks and shuffles: one directory under the system's temporary directory, shared by
    every session, in which Spark removes its own subdirectories when it stops. Not the session's scratch
    directory: the JVM creates that directory again as it exits, after the scratch has been removed."""
    path = os.path.join(tempfile.gettempdir(), "guichet-spark")
    os.makedirs(path, exist_ok=True)
    return path


def stop() -> None:
    """Stop the session, if one runs, and remove its scratch directory."""
    spark = _state.pop("session", None)
    scratch = _state.pop("scratch", None)
    _state.pop("master", None)
    try:
        if spark is not None:
            spark.stop()
    finally:  # even when the JVM is already gone (pyspark's own exit hook may have run first)
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)


atexit.register(stop)


def database_api(*, master: str | None = None) -> Any:
    """Splink's Spark backend on the session, its similarity functions registered."""
    spark = session(master)
    from splink.backends.spark import SparkAPI  # the optional extra, as above

    local = str(spark.sparkContext.master).startswith("local")
    # In local mode the intermediate tables stay in memory; on a cluster they are written to the checkpoint
    # directory, which breaks Spark's long lineage of Splink's many steps.
    return SparkAPI(spark_session=spark, break_lineage_method="persist" if local else "parquet")


def register(db_api: Any, table: pa.Table, table_name: str) -> Any:
    """The prepared records as a Spark table Splink reads, in place of the previous run's: a process runs one
    model at a time (training, then scoring), so the tables the previous run kept in memory are let go."""
    db_api.spark.catalog.dropTempView(table_name)
    db_api.spark.catalog.clearCache()
    frame = db_api.spark.createDataFrame(table)
    return db_api.register(frame, table_name=table_name)


def sql_to_spark(sql: str) -> str:
    """A condition of the model, written for DuckDB, in Spark SQL with Splink's Spark functions."""
    tree = sqlglot.parse_one(sql, read="duckdb")
    for _pass in range(2):  # a replaced node's arguments are not visited again: the second pass reaches them
        tree = tree.transform(_node_to_spark)
    return tree.sql(dialect="spark")


def _node_to_spark(node: exp.Expression) -> exp.Expression:
    """The functions DuckDB and Spark name or parse differently, as plain Spark calls: Splink's Scala similarity
    functions; split on a plain space (not sqlglot's regex-quoted one); arrays_overlap (not `&&`)."""
    if isinstance(node, exp.JarowinklerSimilarity):
        return exp.Anonymous(this="jaro_winkler", expressions=[node.this, node.expression])
    if isinstance(node, exp.Anonymous) and str(node.name).lower() in _FUNCTIONS:
        return exp.Anonymous(this=_FUNCTIONS[str(node.name).lower()], expressions=node.expressions)
    if isinstance(node, exp.Split):
        return exp.Anonymous(this="split", expressions=[node.this, node.expression])
    if isinstance(node, exp.ArrayOverlaps):
        return exp.Anonymous(this="arrays_overlap", expressions=[node.this, node.expression])
    return node


def settings_to_spark(settings: dict[str, Any]) -> dict[str, Any]:
    """The model (settings and parameters) with every SQL condition in Spark's dialect."""
    spark_settings = copy.deepcopy(settings)
    spark_settings.pop("sql_dialect", None)
    for comparison in spark_settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level["sql_condition"].strip().upper() != "ELSE":
                level["sql_condition"] = sql_to_spark(level["sql_condition"])
    spark_settings["blocking_rules_to_generate_predictions"] = [
        _rule_to_spark(rule) for rule in spark_settings.get("blocking_rules_to_generate_predictions", [])
    ]
    return spark_settings


def _rule_to_spark(rule: str | dict[str, Any]) -> str | dict[str, Any]:
    if isinstance(rule, str):
        return sql_to_spark(rule)
    return {**rule, "blocking_rule": sql_to_spark(rule["blocking_rule"]), "sql_dialect": "spark"}


def settings_from_spark(trained: dict[str, Any], written_for_duckdb: dict[str, Any]) -> dict[str, Any]:
    """A model trained on Spark, stored as every model is: its SQL as first written (DuckDB's dialect), so that
    either engine can score with it. Only the SQL is taken back; the parameters are those Spark learnt."""
    model = copy.deepcopy(trained)
    model["sql_dialect"] = "duckdb"
    for comparison, original in zip(model["comparisons"], written_for_duckdb["comparisons"], strict=True):
        for level, original_level in zip(comparison["comparison_levels"], original["comparison_levels"], strict=True):
            level["sql_condition"] = original_level["sql_condition"]
    originals = written_for_duckdb.get("blocking_rules_to_generate_predictions", [])
    model["blocking_rules_to_generate_predictions"] = [
        {**rule, "blocking_rule": _rule_sql(original), "sql_dialect": "duckdb"} if isinstance(rule, dict) else original
        for rule, original in zip(model["blocking_rules_to_generate_predictions"], originals, strict=True)
    ]
    return model


def _rule_sql(rule: str | dict[str, Any]) -> str:
    return rule if isinstance(rule, str) else rule["blocking_rule"]
