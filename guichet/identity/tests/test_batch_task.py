"""A steward asks for a batch run; the real django-tasks database worker runs it."""

import datetime

import pytest
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from guichet.audit.models import AuditEntry
from guichet.common.exceptions import NotAllowed, ValidationError
from guichet.identity import batch, runs
from guichet.identity.models import CandidatePair, MatchRun
from guichet.notify.tests.test_worker import run_worker_once

from .batch_registry import model_trained, small_registry


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_run_a_steward_asked_for(territory, personas):
    registry = small_registry(territory)
    model_trained()

    run = runs.match_run_request(actor=personas["steward"], ip_address="192.0.2.7")

    assert run.status == MatchRun.Status.QUEUED and run.requested_by == personas["steward"]
    assert DBTaskResult.objects.count() == 1  # enqueued once the request committed
    assert not CandidatePair.objects.exists()
    entry = AuditEntry.objects.get(object_type="identity.matchrun", object_id=str(run.pk))
    assert entry.actor == personas["steward"] and entry.ip_address == "192.0.2.7"

    run_worker_once()

    run.refresh_from_db()
    assert run.status == MatchRun.Status.DONE and run.progress == 100
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    stored = set(CandidatePair.objects.values_list("person_a", "person_b"))
    assert registry.pair(registry.youssef, registry.youssef_latin) in stored
    assert {pair.run_id for pair in CandidatePair.objects.all()} == {run.pk}


@pytest.mark.django_db
def test_a_second_run_is_refused_while_one_waits_for_the_worker(territory, personas):
    model_trained()
    first = runs.match_run_request(actor=personas["steward"])
    with translation.override("en"), pytest.raises(ValidationError, match=f"Run #{first.pk} is already waiting"):
        runs.match_run_request(actor=personas["admin"])
    assert MatchRun.objects.get() == first


@pytest.mark.django_db
def test_a_run_abandoned_by_its_worker_no_longer_blocks_the_next(territory, personas):
    model_trained()
    stale = timezone.now() - runs.ABANDONED_AFTER - datetime.timedelta(minutes=1)
    abandoned = MatchRun.objects.create(status=MatchRun.Status.RUNNING, threshold=0.9, requested_at=stale)

    run = runs.match_run_request(actor=personas["admin"])

    abandoned.refresh_from_db()
    assert abandoned.status == MatchRun.Status.FAILED and abandoned.error and abandoned.finished_at
    assert run.status == MatchRun.Status.QUEUED


@pytest.mark.django_db
def test_without_a_trained_model_no_run_is_queued(territory, personas):
    with translation.override("en"), pytest.raises(ValidationError, match="match_train"):
        runs.match_run_request(actor=personas["steward"])
    assert not MatchRun.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["agent", "centre", "supervisor_national", "coordinator"])
def test_only_data_stewards_and_administrators_may_start_a_run(territory, personas, persona):
    model_trained()
    with pytest.raises(NotAllowed):
        runs.match_run_request(actor=personas[persona])
    assert not MatchRun.objects.exists()


@pytest.mark.django_db
def test_a_run_delivered_twice_to_workers_runs_once(territory, personas):
    small_registry(territory)
    model_trained()
    run = runs.match_run_create()
    done = batch.run_execute(run_id=run.pk)
    pairs = list(CandidatePair.objects.values_list("pk", "run"))

    again = batch.run_execute(run_id=run.pk)

    assert again.status == MatchRun.Status.DONE and again.finished_at == done.finished_at
    assert list(CandidatePair.objects.values_list("pk", "run")) == pairs
