"""/insights/refresh/: administrators ask for a refresh (queued for the worker, audited) and watch it progress."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from guichet.audit.models import AuditEntry
from guichet.insights.models import RollupRefresh
from guichet.insights.refresh import refresh_execute

URL = reverse("insights:refresh")


def test_administrator_queues_a_full_refresh_which_the_worker_runs(
    client, personas, django_capture_on_commit_callbacks
):
    client.force_login(personas["admin"])
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(URL, {"kind": "full"})
    assert response.status_code == 302
    assert len(queued) == 1  # the task is enqueued once the request's transaction commits
    refresh = RollupRefresh.objects.get()
    assert (refresh.kind, refresh.status, refresh.requested_by) == ("full", "queued", personas["admin"])
    entry = AuditEntry.objects.get(object_type="insights.rolluprefresh")
    assert (entry.action, entry.actor) == (AuditEntry.Action.CREATE, personas["admin"])

    refresh_execute(refresh_id=refresh.pk)
    page = client.get(URL).content.decode()
    assert "terminé" in page and 'value="100"' in page


def test_a_second_refresh_is_refused_while_one_waits(client, personas):
    client.force_login(personas["admin"])
    client.post(URL, {"kind": "incremental"})
    response = client.post(URL, {"kind": "full"}, follow=True)
    assert RollupRefresh.objects.count() == 1
    assert "déjà en attente ou en cours" in response.content.decode()


@pytest.mark.parametrize("persona", ["supervisor_national", "supervisor_region", "steward", "agent"])
def test_only_administrators_refresh(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"kind": "full"}).status_code == 403
    assert not RollupRefresh.objects.exists()


def test_the_dashboard_offers_the_refresh_to_administrators_only(client, personas):
    client.force_login(personas["admin"])
    assert URL in client.get(reverse("insights:dashboard")).content.decode()
    client.force_login(personas["supervisor_national"])
    assert URL not in client.get(reverse("insights:dashboard")).content.decode()


def test_the_nightly_command_runs_a_full_rebuild(db, territory):
    call_command("insights_refresh", "--full")
    refresh = RollupRefresh.objects.get()
    assert (refresh.kind, refresh.status, refresh.requested_by) == ("full", "done", None)
    assert AuditEntry.objects.filter(object_type="insights.rolluprefresh", actor=None).exists()


def test_a_refresh_whose_worker_died_does_not_block_the_next(client, personas):
    stuck = RollupRefresh.objects.create(kind="full", status="running")
    RollupRefresh.objects.filter(pk=stuck.pk).update(requested_at=timezone.now() - datetime.timedelta(hours=3))
    client.force_login(personas["admin"])
    client.post(URL, {"kind": "incremental"})
    stuck.refresh_from_db()
    assert stuck.status == RollupRefresh.Status.FAILED
    assert RollupRefresh.objects.filter(status=RollupRefresh.Status.QUEUED).count() == 1
