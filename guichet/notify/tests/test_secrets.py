"""A message's text is not at rest once sent: not in the outbox, the task queue or the log."""

import json
import logging

import pytest
from django.db import transaction

from guichet.notify import services
from guichet.notify.models import OutboxMessage

from .factories import make_event, make_request
from .secrets import CONSOLE_GATEWAY_LOGGER, logged_text, run_worker_once, task_rows_text


@pytest.mark.django_db(transaction=True)
def test_a_sent_message_leaves_its_text_nowhere(people, centre, sms_file, caplog):
    caplog.set_level(logging.DEBUG)
    for name in ("guichet", "django", "django_tasks", "django_tasks_db"):
        caplog.set_level(logging.DEBUG, logger=name)
    request = make_request(person=people["casa"], centre=centre, language="fr")
    with transaction.atomic():
        [message] = services.notify_request_event(event=make_event(request=request, to_status="approved"))
    body = message.body
    assert request.reference in body

    run_worker_once()
    services.enqueue_delivery(message_id=message.pk)  # a duplicate task: nothing sent twice
    run_worker_once()

    [line] = [json.loads(text) for text in sms_file.read_text(encoding="utf-8").splitlines()]
    assert line["text"] == body and line["key"] == f"guichet-request-{message.pk}"
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT and message.body == ""
    assert "deliver_message" in task_rows_text() and caplog.records
    assert body not in task_rows_text()
    assert body not in logged_text(caplog.records)


def test_a_failed_attempt_logs_no_text(people, centre, settings, caplog):
    settings.GUICHET_SMS_BACKEND = "http"
    settings.GUICHET_SMS_HTTP_URL = "http://127.0.0.1:9/unreachable"
    caplog.set_level(logging.DEBUG)
    request = make_request(person=people["casa"], centre=centre)
    [message] = services.notify_request_event(event=make_event(request=request, to_status="approved"))
    assert services.outbox_deliver(message_id=message.pk) == "failed"
    assert "not delivered" in caplog.text and message.body not in logged_text(caplog.records)
    message.refresh_from_db()
    assert message.body  # kept for the next attempt


def test_a_message_given_up_keeps_no_text(people, centre, settings):
    settings.GUICHET_SMS_BACKEND = "http"
    settings.GUICHET_SMS_HTTP_URL = "http://127.0.0.1:9/unreachable"
    settings.GUICHET_NOTIFY_MAX_ATTEMPTS = 1
    request = make_request(person=people["casa"], centre=centre)
    [message] = services.notify_request_event(event=make_event(request=request, to_status="approved"))
    assert services.outbox_deliver(message_id=message.pk) == "dead"
    message.refresh_from_db()
    assert message.body == ""


def test_the_console_gateway_says_it_is_for_development_only(people, centre, settings, caplog):
    settings.GUICHET_SMS_BACKEND = "console"
    request = make_request(person=people["casa"], centre=centre)
    [message] = services.notify_request_event(event=make_event(request=request, to_status="approved"))
    body = message.body
    with caplog.at_level(logging.DEBUG):
        assert services.outbox_deliver(message_id=message.pk) == "sent"
    [record] = [record for record in caplog.records if body in record.getMessage()]
    assert record.name == CONSOLE_GATEWAY_LOGGER and "development only" in record.getMessage()
