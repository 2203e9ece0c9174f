"""The real django-tasks database worker delivers what a committed request event put in the outbox."""

import json

import pytest
from django.db import transaction
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from guichet.notify import services
from guichet.notify.models import OutboxMessage

from .factories import make_event, make_request


def run_worker_once() -> None:
    """One pass of `manage.py db_worker --batch`: every ready task, then return (no signal handlers)."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


@pytest.mark.django_db(transaction=True)
def test_the_worker_delivers_a_committed_event_through_the_file_gateway(people, centre, sms_file):
    request = make_request(person=people["casa"], centre=centre, language="ar")
    with transaction.atomic():
        [message] = services.notify_request_event(event=make_event(request=request, to_status="approved"))
        assert not DBTaskResult.objects.exists()  # enqueued only on commit
    assert DBTaskResult.objects.count() == 1

    run_worker_once()

    [line] = [json.loads(text) for text in sms_file.read_text(encoding="utf-8").splitlines()]
    assert line["id"] == message.pk
    assert line["to"] == "+212612345678"
    assert "تمت الموافقة" in line["text"]
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_event_sends_nothing(people, centre, sms_file):
    request = make_request(person=people["casa"], centre=centre)

    with pytest.raises(RuntimeError), transaction.atomic():
        services.notify_request_event(event=make_event(request=request, to_status="approved"))
        raise RuntimeError("the status change failed")

    assert not OutboxMessage.objects.exists()
    assert not DBTaskResult.objects.exists()
    run_worker_once()
    assert not sms_file.exists()


@pytest.mark.django_db(transaction=True)
def test_a_failed_delivery_is_re_enqueued_for_later_and_not_run_before(people, centre, settings):
    settings.GUICHET_SMS_BACKEND = "http"
    settings.GUICHET_SMS_HTTP_URL = "http://127.0.0.1:9/unreachable"
    request = make_request(person=people["casa"], centre=centre)
    with transaction.atomic():
        [message] = services.notify_request_event(event=make_event(request=request, to_status="approved"))

    run_worker_once()

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED
    assert message.attempts == 1
    retry = DBTaskResult.objects.filter(status="READY").get()
    assert retry.run_after == message.next_attempt_at
