"""The batch runs page (/identity/runs/): data stewards and administrators start a run and follow its progress."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from guichet.identity.models import MatchRun

from .batch_registry import model_trained

URL = "/identity/runs/"
MAY_RUN = {"admin", "steward"}
OTHERS = [
    "agent",
    "agent_rabat",
    "centre",
    "incubator",
    "supervisor_region",
    "supervisor_national",
    "coordinator",
    "facilitator",
    "programme_officer",
    "association_manager",
]


def test_the_page_has_its_address():
    assert reverse("identity_runs:list") == URL


@pytest.mark.parametrize("role", sorted(MAY_RUN))
def test_stewards_and_administrators_see_the_runs(client, personas, role):
    client.force_login(personas[role])
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("role", OTHERS)
def test_other_roles_may_neither_see_nor_start_runs(client, personas, role):
    model_trained()
    client.force_login(personas[role])
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"action": "start"}).status_code == 403
    assert not MatchRun.objects.exists()


@pytest.mark.django_db
def test_a_visitor_not_signed_in_is_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def _run(**fields) -> MatchRun:
    return MatchRun.objects.create(**{"threshold": 0.9, "model_version": 1, "requested_at": timezone.now(), **fields})


def test_the_page_lists_each_run_with_its_progress_counts_who_and_error(client, personas):
    steward = personas["steward"]
    steward.first_name, steward.last_name = "Salma", "Berrada"
    steward.save()
    _run(
        status=MatchRun.Status.DONE,
        stage="storing",
        progress=100,
        persons_scored=5821,
        pairs_found=73,
        pairs_proposed=61,
        requested_by=steward,
        finished_at=timezone.now(),
    )
    _run(status=MatchRun.Status.FAILED, stage="scoring", progress=40, error="MemoryError: out of memory")
    client.force_login(steward)

    with translation.override("en"):
        html = client.get(URL, headers={"accept-language": "en"}).content.decode()

    assert "Salma Berrada" in html
    assert "5,821" in html and "73" in html and "61" in html  # counts grouped in thousands
    assert '<progress max="100" value="100"' in html and "100 %" in html
    assert "MemoryError: out of memory" in html
    assert "scoring pairs" in html  # the stage where the failed run stopped
    assert "scheduled (manage.py match_persons)" in html  # a run nobody asked for from the page
    assert 'href="/identity/"' in html  # the review queue
    assert 'http-equiv="refresh"' not in html and "hx-trigger" not in html  # nothing running: no refresh


def test_the_page_refreshes_itself_while_a_run_is_going(client, personas):
    _run(status=MatchRun.Status.RUNNING, stage="reading", progress=12, started_at=timezone.now())
    client.force_login(personas["steward"])

    html = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<noscript><meta http-equiv="refresh" content="10"></noscript>' in html  # without JavaScript
    assert 'hx-trigger="every 10s"' in html  # with it, only the table is fetched again
    assert '<progress max="100" value="12"' in html and "reading persons" in html

    partial = client.get(URL, HTTP_HX_REQUEST="true").content.decode()
    assert partial.startswith('<div id="runs"') and "<html" not in partial


def test_a_run_abandoned_long_ago_does_not_keep_the_page_refreshing(client, personas):
    _run(status=MatchRun.Status.RUNNING, requested_at=timezone.now() - datetime.timedelta(days=2))
    client.force_login(personas["admin"])
    assert "hx-trigger" not in client.get(URL).content.decode()


@pytest.mark.parametrize("role", sorted(MAY_RUN))
def test_starting_a_run_queues_it_and_says_so(client, personas, role, django_capture_on_commit_callbacks):
    model_trained()
    client.force_login(personas[role])

    with django_capture_on_commit_callbacks(execute=False) as enqueued:
        response = client.post(URL, {"action": "start"}, HTTP_ACCEPT_LANGUAGE="en", follow=True)

    run = MatchRun.objects.get()
    assert run.status == MatchRun.Status.QUEUED and run.requested_by == personas[role]
    assert len(enqueued) == 1
    html = response.content.decode()
    assert f"Run #{run.pk} is waiting for the worker" in html
    assert 'hx-trigger="every 10s"' in html


def test_starting_a_run_while_one_is_going_says_why_nothing_started(client, personas):
    model_trained()
    going = _run(status=MatchRun.Status.RUNNING)
    client.force_login(personas["steward"])

    response = client.post(URL, {"action": "start"}, HTTP_ACCEPT_LANGUAGE="en", follow=True)

    assert f"Run #{going.pk} is already waiting or running" in response.content.decode()
    assert MatchRun.objects.count() == 1


def test_starting_a_run_without_a_trained_model_says_to_train_one(client, personas):
    client.force_login(personas["steward"])
    response = client.post(URL, {"action": "start"}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "run manage.py match_train first" in response.content.decode()
    assert not MatchRun.objects.exists()


def test_the_page_reads_the_runs_in_a_fixed_number_of_queries(client, personas, django_assert_max_num_queries):
    for number in range(15):
        _run(status=MatchRun.Status.DONE, requested_by=personas["steward" if number % 2 else "admin"])
    client.force_login(personas["steward"])
    with django_assert_max_num_queries(12):
        assert client.get(URL).status_code == 200
