"""The batch run of the matching model over the registry: read every person, score the pairs, store the candidates.

Reading and scoring write only the run's progress (committed as it goes, so that the steward sees it). Storing is
one transaction: the candidates of this run replace those of the previous one all at once, or, if anything fails,
not at all — a failed run leaves the previous candidates as they were and says why it failed.
"""

import itertools
import logging
from collections.abc import Iterable, Iterator
from typing import Any

import pyarrow as pa
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guichet.matching import engine as model_engine
from guichet.matching.models import MatchModel
from guichet.registry.match_records import persons_to_match, registry_records

from .models import CandidatePair, MatchRun, PairDecision
from .selectors import pairs_to_propose

logger = logging.getLogger(__name__)

# What a run is doing (MatchRun.stage holds the key) and how far it has gone when the stage starts (percent).
STAGES = {
    "reading": _("reading persons"),
    "scoring": _("scoring pairs"),
    "storing": _("storing the pairs"),
}
_STARTS = {"reading": 0, "scoring": 40, "storing": 80}
_READ_SHARE = _STARTS["scoring"] - _STARTS["reading"]
PROGRESS_EVERY = 10_000  # persons read between two updates of the progress
BATCH_SIZE = 1000  # candidate pairs written per statement
# Candidate pairs checked against the decisions per query: 4,000 ids, within every database's parameter limit.
CHECK_SIZE = 2000
ERROR_LENGTH = 900  # characters of an error kept on the run


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _progress(run: MatchRun, stage: str, progress: int) -> None:
    run.stage, run.progress = stage, progress
    MatchRun.objects.filter(pk=run.pk).update(stage=stage, progress=progress)


def _read(run: MatchRun) -> pa.Table:
    """Every person to match, streamed from the database into the engine's table, the progress said as it goes."""
    total = persons_to_match().count()
    _progress(run, "reading", _STARTS["reading"])

    def counted() -> Iterator[dict[str, Any]]:
        for count, record in enumerate(registry_records(), start=1):
            yield record
            if count % PROGRESS_EVERY == 0:
                _progress(run, "reading", _STARTS["reading"] + _READ_SHARE * count // max(total, count))

    return model_engine.records_table(counted())


def _claim(run_id: int) -> MatchRun | None:
    """The queued run, now running; None when it is not queued (already run by another worker, or abandoned)."""
    claimed = MatchRun.objects.filter(pk=run_id, status=MatchRun.Status.QUEUED).update(
        status=MatchRun.Status.RUNNING, started_at=timezone.now(), stage="reading", progress=0
    )
    return MatchRun.objects.get(pk=run_id) if claimed else None


def _error_text(error: Exception) -> str:
    """What the steward reads of a failure: its kind and message, the middle of a long one (Splink quotes its
    whole SQL) left out; the log has it all."""
    text = f"{type(error).__name__}: {error}"
    if len(text) <= ERROR_LENGTH:
        return text
    return f"{text[: ERROR_LENGTH // 3]} … {text[-(ERROR_LENGTH * 2 // 3) :]}"


def _model_of(run: MatchRun) -> MatchModel:
    """The model version fixed when the run was asked for (a newer training does not change a run under way)."""
    if run.model_version is None:
        raise ValueError("The run names no model version.")
    return MatchModel.objects.get(version=run.model_version)


def run_execute(*, run_id: int, engine: str = "duckdb") -> MatchRun:
    """Run a queued run to its end, done or failed (the error kept on the run and logged, never raised); the model
    scores on `engine` (guichet.matching.engine.ENGINES)."""
    run = _claim(run_id)
    if run is None:
        return MatchRun.objects.get(pk=run_id)
    try:
        model = _model_of(run)
        table = _read(run)
        run.persons_scored = table.num_rows
        _progress(run, "scoring", _STARTS["scoring"])
        result = model_engine.score(table, model.settings, threshold=run.threshold, engine=engine)
        del table
        run.pairs_found = len(result.pairs)
        _progress(run, "storing", _STARTS["storing"])
        run.pairs_proposed = _store(run, result.pairs)
    except Exception as error:
        logger.exception("Matching run #%d failed", run.pk)
        run.status, run.error = MatchRun.Status.FAILED, _error_text(error)
    else:
        run.status, run.progress = MatchRun.Status.DONE, 100
    run.finished_at = timezone.now()
    run.save(
        update_fields=[
            "status",
            "error",
            "progress",
            "finished_at",
            "persons_scored",
            "pairs_found",
            "pairs_proposed",
        ]
    )
    return run


def _proposed(pairs: list[model_engine.Pair]) -> dict[tuple[int, int], model_engine.Pair]:
    """The pairs to store, by (lower pk, higher pk): not decided either way, no file merged away."""
    by_persons = {}
    for pair in pairs:
        left, right = int(pair.record_id_l), int(pair.record_id_r)
        by_persons[(min(left, right), max(left, right))] = pair
    kept = []
    for chunk in _batched(by_persons, CHECK_SIZE):
        kept.extend(pairs_to_propose(chunk))
    return {persons: by_persons[persons] for persons in kept}


@transaction.atomic
def _store(run: MatchRun, pairs: list[model_engine.Pair]) -> int:
    """Upsert this run's candidates (a pair stored before gets this run's probability and reasons), then remove the
    candidates of earlier runs not found again and not decided; how many pairs this run proposes."""
    proposed = _proposed(pairs)
    clusters = model_engine.connected_components(proposed)
    rows = (
        CandidatePair(
            person_a_id=a,
            person_b_id=b,
            run=run,
            probability=pair.match_probability,
            match_weight=pair.match_weight,
            explanation=list(pair.explanation),
            cluster=clusters[a],
        )
        for (a, b), pair in proposed.items()
    )
    for batch in _batched(rows, BATCH_SIZE):
        CandidatePair.objects.bulk_create(
            batch,
            update_conflicts=True,
            unique_fields=["person_a", "person_b"],
            update_fields=["run", "probability", "match_weight", "explanation", "cluster"],
        )
    decided = PairDecision.objects.filter(person_a=OuterRef("person_a"), person_b=OuterRef("person_b"))
    CandidatePair.objects.exclude(run=run).exclude(Exists(decided)).delete()
    return len(proposed)
