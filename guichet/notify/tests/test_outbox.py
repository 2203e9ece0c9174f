"""The outbox: one message per event and channel, delivered once, retried with back-off, recovered by the sweep."""

import datetime
import json

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from guichet.cases.references import format_reference
from guichet.notify import services
from guichet.notify.gateways import FileGateway, GatewayError, Outgoing
from guichet.notify.models import OutboxMessage

from .factories import make_event, make_person, make_request

pytestmark = pytest.mark.django_db


class FailingGateway:
    def __init__(self):
        self.calls = 0

    def send(self, message):
        self.calls += 1
        raise GatewayError("HTTP 503 from the text-message gateway")


def _lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def _expire(message):
    """As if time passed beyond the message's back-off or lease."""
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() - datetime.timedelta(minutes=2))


def test_filed_event_writes_one_text_message_to_the_persons_phone(request_casa):
    event = make_event(request=request_casa, kind="filed", to_status="submitted")

    [message] = services.notify_request_event(event=event)

    assert message.channel == "sms"
    assert message.recipient == "+212612345678"
    assert message.status == OutboxMessage.Status.PENDING
    assert format_reference(request_casa.reference) in message.body
    assert "{" not in message.body
    assert "Carte de handicap" in message.body


def test_calling_it_twice_for_the_same_event_writes_one_row(request_casa):
    event = make_event(request=request_casa, to_status="approved")

    first = services.notify_request_event(event=event)
    second = services.notify_request_event(event=event)

    assert [m.pk for m in first] == [m.pk for m in second]
    assert OutboxMessage.objects.filter(event=event).count() == 1


def test_delivery_is_enqueued_only_when_the_transaction_commits(request_casa, django_capture_on_commit_callbacks):
    event = make_event(request=request_casa, to_status="approved")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        [message] = services.notify_request_event(event=event)
    assert not DBTaskResult.objects.exists()

    for callback in callbacks:
        callback()
    [task] = DBTaskResult.objects.all()
    assert task.task_path == "guichet.notify.tasks.deliver_message"
    assert task.args_kwargs["args"] == [message.pk]


def test_a_second_call_does_not_enqueue_a_second_delivery(request_casa, django_capture_on_commit_callbacks):
    event = make_event(request=request_casa, to_status="approved")
    with django_capture_on_commit_callbacks(execute=True):
        services.notify_request_event(event=event)
        services.notify_request_event(event=event)

    assert DBTaskResult.objects.count() == 1


def test_person_without_phone_or_email_gets_nothing(people, centre):
    request = make_request(person=make_person(phone=""), centre=centre)

    assert services.notify_request_event(event=make_event(request=request, kind="filed")) == []
    assert not OutboxMessage.objects.exists()


def test_comments_and_assignments_are_not_told(request_casa):
    for kind in ("comment", "assigned", "attachment"):
        assert services.notify_request_event(event=make_event(request=request_casa, kind=kind, to_status="")) == []
    assert not OutboxMessage.objects.exists()


def test_merged_person_is_reached_at_the_surviving_files_phone(people, centre):
    survivor = people["settat"]
    survivor.phone = "+212600000001"
    survivor.save()
    merged = make_person(phone="+212699999999", merged_into=survivor)
    request = make_request(person=merged, centre=centre)

    [message] = services.notify_request_event(event=make_event(request=request, kind="filed"))

    assert message.recipient == "+212600000001"


def test_processing_the_same_message_twice_sends_it_once(request_casa, sms_file):
    [message] = services.notify_request_event(event=make_event(request=request_casa, to_status="approved"))

    assert services.outbox_deliver(message_id=message.pk) == "sent"
    assert services.outbox_deliver(message_id=message.pk) == "skipped"

    assert [line["id"] for line in _lines(sms_file)] == [message.pk]
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.attempts == 1
    assert message.sent_at is not None


def test_a_claimed_message_cannot_be_claimed_by_another_worker(request_casa):
    [message] = services.notify_request_event(event=make_event(request=request_casa, to_status="approved"))

    assert services.outbox_claim(message_id=message.pk) is not None
    assert services.outbox_claim(message_id=message.pk) is None


def test_failure_is_retried_after_a_back_off_that_doubles(request_casa, django_capture_on_commit_callbacks):
    [message] = services.notify_request_event(event=make_event(request=request_casa, to_status="approved"))
    gateway = FailingGateway()

    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.outbox_deliver(message_id=message.pk, gateway=gateway) == "failed"
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED
    assert message.attempts == 1
    assert "503" in message.last_error
    first_wait = message.next_attempt_at - before
    assert datetime.timedelta(seconds=59) < first_wait < datetime.timedelta(seconds=65)
    [retry] = DBTaskResult.objects.all()
    assert retry.run_after == message.next_attempt_at

    # Not due yet: a worker picking the message now leaves it alone.
    assert services.outbox_deliver(message_id=message.pk, gateway=gateway) == "skipped"
    assert gateway.calls == 1

    _expire(message)
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        services.outbox_deliver(message_id=message.pk, gateway=gateway)
    message.refresh_from_db()
    assert message.attempts == 2
    second_wait = message.next_attempt_at - before
    assert datetime.timedelta(seconds=119) < second_wait < datetime.timedelta(seconds=125)


def test_message_is_given_up_after_the_last_attempt(request_casa, settings, django_capture_on_commit_callbacks):
    settings.GUICHET_NOTIFY_MAX_ATTEMPTS = 3
    [message] = services.notify_request_event(event=make_event(request=request_casa, to_status="approved"))
    gateway = FailingGateway()

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            _expire(message)
            services.outbox_deliver(message_id=message.pk, gateway=gateway)
    message.refresh_from_db()

    assert message.status == OutboxMessage.Status.DEAD
    assert message.attempts == 3
    assert message.next_attempt_at is None
    assert services.outbox_deliver(message_id=message.pk, gateway=gateway) == "skipped"
    assert gateway.calls == 3
    assert DBTaskResult.objects.count() == 2  # re-enqueued after the first two failures only


def test_a_worker_dying_after_sending_does_not_make_the_sweep_send_it_again(
    request_casa, sms_file, django_capture_on_commit_callbacks
):
    [message] = services.notify_request_event(event=make_event(request=request_casa, to_status="approved"))
    # The worker claims the message, hands it to the gateway, and dies before recording it as sent.
    claimed = services.outbox_claim(message_id=message.pk)
    FileGateway(sms_file).send(Outgoing(id=claimed.pk, to=claimed.recipient, text=claimed.body))

    assert services.outbox_sweep() == 0  # the lease still runs: the worker might only be slow
    _expire(message)
    assert services.outbox_sweep() == 1
    [task] = DBTaskResult.objects.all()
    assert task.args_kwargs["args"] == [message.pk]

    assert services.outbox_deliver(message_id=message.pk) == "sent"
    assert [line["id"] for line in _lines(sms_file)] == [message.pk]
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.attempts == 2


def test_sweep_enqueues_messages_whose_delivery_was_never_enqueued(request_casa):
    [message] = services.notify_request_event(event=make_event(request=request_casa, to_status="approved"))
    assert services.outbox_sweep() == 0  # just written: its delivery is on its way

    OutboxMessage.objects.filter(pk=message.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=15))

    assert services.outbox_sweep() == 1
    assert DBTaskResult.objects.get().args_kwargs["args"] == [message.pk]


def test_sweep_leaves_sent_dead_and_not_yet_due_messages_alone(request_casa):
    statuses = ["sent", "dead", "failed"]
    old = timezone.now() - datetime.timedelta(hours=1)
    for status in statuses:
        event = make_event(request=request_casa, to_status="approved")
        [message] = services.notify_request_event(event=event)
        next_attempt = timezone.now() + datetime.timedelta(minutes=10) if status == "failed" else None
        OutboxMessage.objects.filter(pk=message.pk).update(status=status, created_at=old, next_attempt_at=next_attempt)

    assert services.outbox_sweep() == 0


def test_sweep_gives_up_on_a_message_held_at_its_last_attempt(request_casa, settings):
    settings.GUICHET_NOTIFY_MAX_ATTEMPTS = 1
    [message] = services.notify_request_event(event=make_event(request=request_casa, to_status="approved"))
    services.outbox_claim(message_id=message.pk)
    _expire(message)

    assert services.outbox_sweep() == 0
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.DEAD
    assert message.last_error


def test_notify_sweep_command_reports_what_it_enqueued(request_casa):
    from io import StringIO

    from django.core.management import call_command

    [message] = services.notify_request_event(event=make_event(request=request_casa, to_status="approved"))
    OutboxMessage.objects.filter(pk=message.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=15))
    out = StringIO()

    call_command("notify_sweep", stdout=out)

    assert "1 message(s) re-enqueued" in out.getvalue()


def test_sweep_waits_a_while_before_doubling_a_retry_that_is_already_queued(request_casa):
    [message] = services.notify_request_event(event=make_event(request=request_casa, to_status="approved"))
    due = timezone.now() - datetime.timedelta(minutes=2)
    OutboxMessage.objects.filter(pk=message.pk).update(status="failed", attempts=1, next_attempt_at=due)
    assert services.outbox_sweep() == 0  # its retry task is in the queue, maybe a little late

    long_ago = timezone.now() - datetime.timedelta(minutes=15)
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=long_ago)
    assert services.outbox_sweep() == 1
