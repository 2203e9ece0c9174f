"""A learner's access code is never at rest in clear: not in the task queue, not in the log, not in the outbox
once sent; and it reaches her phone exactly once."""

import json
import logging

import pytest
from django.db import transaction

from guichet.notify import services as notify
from guichet.notify.models import OutboxMessage
from guichet.notify.tests.secrets import logged_text, run_worker_once, task_rows_text
from guichet.training import services
from guichet.training.codes import format_code


@pytest.mark.django_db(transaction=True)
def test_the_access_code_leaves_no_trace_and_arrives_once(staff, cohort, women, settings, tmp_path, caplog):
    settings.GUICHET_SMS_BACKEND = "file"
    settings.GUICHET_SMS_FILE = sms_file = tmp_path / "sms.jsonl"
    caplog.set_level(logging.DEBUG)
    for name in ("guichet", "django", "django_tasks", "django_tasks_db"):
        caplog.set_level(logging.DEBUG, logger=name)

    with transaction.atomic():
        enrolled = services.enrollment_create(actor=staff["coordinator"], cohort=cohort, person=women[0])
    message = OutboxMessage.objects.get(kind=OutboxMessage.Kind.ACCESS_CODE)
    body = message.body
    assert format_code(enrolled.code) in body  # kept until sent
    run_worker_once()
    with transaction.atomic():
        reissued = services.access_code_reissue(actor=staff["facilitator"], enrollment=enrolled.enrollment)
    run_worker_once()
    # A lost task and a second worker pass: nothing is sent twice.
    notify.outbox_sweep()
    for pending in OutboxMessage.objects.all():
        notify.enqueue_delivery(message_id=pending.pk)
    run_worker_once()

    lines = [json.loads(text) for text in sms_file.read_text(encoding="utf-8").splitlines()]
    assert [line["key"] for line in lines] == [
        f"guichet-access-code-{message.pk}",
        f"guichet-access-code-{message.pk + 1}",
    ]
    assert format_code(enrolled.code) in lines[0]["text"] and format_code(reissued) in lines[1]["text"]
    assert list(OutboxMessage.objects.values_list("status", "body")) == [("sent", ""), ("sent", "")]

    secrets = [enrolled.code, format_code(enrolled.code), reissued, format_code(reissued), body]
    queue, log = task_rows_text(), logged_text(caplog.records)
    assert "deliver_message" in queue and caplog.records  # both were really looked at
    for secret in secrets:
        assert secret not in queue
        assert secret not in log


def test_the_code_waiting_for_the_slip_is_sealed_in_the_session(client, staff, cohort, women):
    from django.contrib.sessions.models import Session
    from django.urls import reverse

    client.force_login(staff["coordinator"])
    url = reverse("training:enrol_person", args=[cohort.pk, women[0].social_id])
    response = client.post(url, {"language": "fr"}, follow=True)
    shown = response.context["code"]
    assert len(shown.replace(" ", "")) == 8  # the slip shows it
    stored = " ".join(f"{row.session_data} {row.get_decoded()}" for row in Session.objects.all())
    assert shown not in stored and shown.replace(" ", "") not in stored
