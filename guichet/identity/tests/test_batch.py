"""manage.py match_persons: every person scored with the stored model, the candidate pairs stored with reasons."""

import copy

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError
from django.db.models.query import QuerySet
from django.utils import timezone, translation

from guichet.identity import batch
from guichet.identity.models import CandidatePair, MatchRun, PairDecision
from guichet.identity.selectors import pairs_to_propose
from guichet.identity.services import pair_decide
from guichet.matching.services import model_store
from guichet.registry.models import Person

from .batch_registry import model_trained, small_registry, trained_settings


def _stored() -> dict[tuple[int, int], CandidatePair]:
    return {(pair.person_a_id, pair.person_b_id): pair for pair in CandidatePair.objects.all()}


def _reasons(pair: CandidatePair) -> dict[str, tuple[str, float]]:
    return {reason["field"]: (reason["level"], reason["weight"]) for reason in pair.explanation}


@pytest.fixture
def registry(territory):
    return small_registry(territory)


@pytest.mark.django_db
def test_the_known_duplicates_are_proposed_with_their_reasons_and_clusters(registry):
    version = model_trained()

    call_command("match_persons", stdout=None)

    r = registry
    fatimas = {
        r.pair(r.fatima, r.fatima_arabic),
        r.pair(r.fatima, r.fatima_latin),
        r.pair(r.fatima_arabic, r.fatima_latin),
    }
    youssefs = r.pair(r.youssef, r.youssef_latin)
    stored = _stored()
    assert youssefs in stored
    assert r.pair(r.fatima, r.fatima_arabic) in stored
    assert set(stored) <= fatimas | {youssefs}  # no namesake or stranger proposed
    fatima_cluster = min(r.fatima.pk, r.fatima_arabic.pk, r.fatima_latin.pk)
    for persons, pair in stored.items():
        assert pair.probability >= 0.5
        assert pair.cluster == (persons[0] if persons == youssefs else fatima_cluster)

    arabic_only = _reasons(stored[r.pair(r.fatima, r.fatima_arabic)])
    assert arabic_only["birth_date"][0] == "same year, one year only"  # the year-only date still agrees
    assert arabic_only["family_name"][1] > 0
    assert arabic_only["phone"] == ("same phone", arabic_only["phone"][1]) and arabic_only["phone"][1] > 0
    assert arabic_only["cnie"] == ("null", 0.0)  # one side has no CNIE: no evidence either way
    swapped = _reasons(stored[youssefs])
    assert swapped["birth_date"][0] == "day and month swapped"
    assert swapped["given_name"][0] == "same transliteration key"  # Youssef and YOUCEF meet
    assert stored[youssefs].match_weight > 0

    run = MatchRun.objects.get()
    assert run.status == MatchRun.Status.DONE and run.progress == 100
    assert run.model_version == version and run.threshold == 0.5
    assert run.persons_scored == Person.objects.count()
    assert run.pairs_found == run.pairs_proposed == len(stored)
    assert run.started_at and run.finished_at and not run.error


@pytest.mark.django_db
def test_without_a_trained_model_it_says_to_run_match_train_and_starts_no_run(registry):
    with translation.override("en"), pytest.raises(CommandError, match=r"run manage\.py match_train first"):
        call_command("match_persons")
    assert not MatchRun.objects.exists()


@pytest.mark.django_db
def test_an_unknown_model_version_is_refused(registry):
    model_trained()
    with translation.override("en"), pytest.raises(CommandError, match="no matching model version 7"):
        call_command("match_persons", "--model-version", "7")
    assert not MatchRun.objects.exists()


@pytest.mark.django_db
def test_a_pair_decided_not_the_same_is_never_proposed_again(registry, personas):
    r = registry
    model_trained()
    call_command("match_persons", stdout=None)
    youssefs = r.pair(r.youssef, r.youssef_latin)
    first_run = MatchRun.objects.get()
    pair_decide(actor=personas["steward"], a=r.youssef, b=r.youssef_latin, decision=PairDecision.Decision.NOT_SAME)

    call_command("match_persons", stdout=None)

    second_run = MatchRun.objects.exclude(pk=first_run.pk).get()
    assert second_run.pairs_proposed == second_run.pairs_found - 1
    assert _stored()[youssefs].run == first_run  # kept with the decision, never given to the new run
    assert pairs_to_propose(_stored()) == [persons for persons in _stored() if persons != youssefs]


@pytest.mark.django_db
def test_a_new_run_updates_the_pairs_found_again_and_removes_those_no_longer_found(registry):
    r = registry
    model_trained()
    call_command("match_persons", stdout=None)
    before = _stored()
    # The Latin record turns out to be someone else: another man, born elsewhere, another phone.
    Person.objects.filter(pk=r.youssef_latin.pk).update(
        given_name_latin="Hassan", family_name_latin="Tazi", phone="+212655443322", birth_date="1960-02-20"
    )

    call_command("match_persons", "--threshold", "0.8", stdout=None)

    second_run = MatchRun.objects.order_by("-pk").first()
    after = _stored()
    assert r.pair(r.youssef, r.youssef_latin) not in after
    fatimas = r.pair(r.fatima, r.fatima_arabic)
    assert after[fatimas].pk == before[fatimas].pk  # the same row, upserted
    assert after[fatimas].run == second_run
    assert {pair.run for pair in after.values()} == {second_run}
    assert second_run.threshold == 0.8


@pytest.mark.django_db
def test_a_merged_file_is_not_scored_nor_proposed(registry):
    r = registry
    model_trained()
    Person.objects.filter(pk=r.fatima_arabic.pk).update(merged_into=r.fatima)

    call_command("match_persons", stdout=None)

    assert all(r.fatima_arabic.pk not in persons for persons in _stored())
    assert MatchRun.objects.get().persons_scored == Person.objects.count() - 1


@pytest.mark.django_db
def test_a_run_that_fails_keeps_the_previous_candidates_and_says_why(registry):
    model_trained()
    call_command("match_persons", stdout=None)
    before = {persons: (pair.run_id, pair.probability) for persons, pair in _stored().items()}
    broken = copy.deepcopy(trained_settings())
    broken["comparisons"][0]["comparison_levels"][1]["sql_condition"] = "no_such_column_l = no_such_column_r"
    model_store(settings=broken, record_count=1, seed=1)

    with translation.override("en"), pytest.raises(CommandError, match="failed"):
        call_command("match_persons", stdout=None)

    failed = MatchRun.objects.order_by("-pk").first()
    assert failed.status == MatchRun.Status.FAILED
    assert failed.error.startswith("SplinkException") and "no_such_column" in failed.error[-400:]
    assert len(failed.error) < 1000  # the gist, not the whole SQL
    assert failed.finished_at is not None
    assert {persons: (pair.run_id, pair.probability) for persons, pair in _stored().items()} == before


@pytest.mark.django_db
def test_a_failure_while_storing_writes_none_of_the_new_pairs(registry, monkeypatch):
    model_trained()
    call_command("match_persons", stdout=None)
    before = {persons: (pair.run_id, pair.probability) for persons, pair in _stored().items()}
    monkeypatch.setattr(batch, "BATCH_SIZE", 1)  # one statement per pair: the second one fails
    real_bulk_create = QuerySet.bulk_create
    calls = []

    def failing_second_time(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise DatabaseError("the database went away")
        return real_bulk_create(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "bulk_create", failing_second_time)

    with pytest.raises(CommandError, match="the database went away"):
        call_command("match_persons", stdout=None)

    assert len(calls) == 2
    assert {persons: (pair.run_id, pair.probability) for persons, pair in _stored().items()} == before
    assert MatchRun.objects.order_by("-pk").first().status == MatchRun.Status.FAILED


@pytest.mark.django_db
def test_a_second_run_is_refused_while_one_is_running(registry):
    model_trained()
    MatchRun.objects.create(status=MatchRun.Status.RUNNING, threshold=0.9, requested_at=timezone.now())
    with translation.override("en"), pytest.raises(CommandError, match="already waiting or running"):
        call_command("match_persons")
    assert MatchRun.objects.count() == 1
