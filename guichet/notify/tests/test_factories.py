"""The notify factories build what the services leave: a valid template, outbox messages in each worker state."""

import pytest

from guichet.notify.models import Channel, MessageTemplate, OutboxMessage
from guichet.notify.tests.factories import MessageTemplateFactory, OutboxMessageFactory

pytestmark = pytest.mark.django_db


def test_a_template_passes_the_models_own_checks_on_both_channels():
    MessageTemplateFactory().full_clean()
    MessageTemplateFactory(channel=Channel.EMAIL).full_clean()


def test_a_template_replaces_the_text_loaded_for_its_trigger_language_and_channel():
    MessageTemplateFactory(body="Premier texte {reference}")
    template = MessageTemplateFactory(body="Second texte {reference}")
    assert MessageTemplate.objects.get(trigger="approved", language="fr", channel="sms") == template
    assert template.body == "Second texte {reference}"


def test_a_request_message_belongs_to_a_status_change_of_a_request():
    message = OutboxMessageFactory()
    assert message.event.to_status == "approved" and message.event.request.reference
    assert (message.status, message.attempts, message.body != "") == ("pending", 0, True)


def test_a_message_that_has_left_keeps_no_text():
    for status in (OutboxMessage.Status.SENT, OutboxMessage.Status.DEAD, OutboxMessage.Status.REPLACED):
        assert OutboxMessageFactory(status=status).body == ""
    assert OutboxMessageFactory(status=OutboxMessage.Status.SENT).sent_at is not None


def test_a_failed_message_waits_for_its_next_try_with_its_error():
    failed = OutboxMessageFactory(status=OutboxMessage.Status.FAILED)
    assert failed.attempts == 1 and failed.last_error and failed.next_attempt_at > failed.created_at


def test_an_access_code_message_is_about_an_enrolment_not_an_event():
    message = OutboxMessageFactory(kind=OutboxMessage.Kind.ACCESS_CODE)
    assert message.event is None and message.about.startswith("training.enrollment:")
