"""The administrators' pages: message texts per trigger, language and channel, and the outbox."""

import pytest
from django.urls import reverse

from guichet.audit.models import AuditEntry
from guichet.notify import services
from guichet.notify.models import MessageTemplate, OutboxMessage

from .factories import make_event, make_request

pytestmark = pytest.mark.django_db

NOT_ADMINS = [
    "steward",
    "agent",
    "agent_rabat",
    "centre",
    "incubator",
    "centre_rabat",
    "supervisor_region",
    "supervisor_province",
    "supervisor_national",
]


@pytest.fixture(autouse=True)
def _templates_loaded(db):
    # A transactional test elsewhere may have flushed the rows the data migration wrote.
    services.message_templates_load()


EDIT_URL = reverse("notify:template_edit", args=["approved", "fr", "sms"])


def test_admin_sees_every_trigger_language_and_channel(client, personas):
    client.force_login(personas["admin"])

    response = client.get(reverse("notify:templates"))

    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('href="/messages/templates/') == 9 * 3 * 2


def test_admin_edits_a_text_and_the_change_is_audited(client, personas):
    client.force_login(personas["admin"])
    before = MessageTemplate.objects.get(trigger="approved", language="fr", channel="sms").body

    response = client.post(EDIT_URL, {"body": "Bonne nouvelle : demande {reference} acceptée."})

    assert response.status_code == 302
    template = MessageTemplate.objects.get(trigger="approved", language="fr", channel="sms")
    assert template.body == "Bonne nouvelle : demande {reference} acceptée."
    entry = AuditEntry.objects.get(object_type="notify.messagetemplate", object_id=str(template.pk))
    assert entry.actor == personas["admin"]
    assert entry.action == AuditEntry.Action.UPDATE
    assert entry.changes["body"] == [before, template.body]


def test_admin_writes_a_text_that_was_not_loaded(client, personas):
    MessageTemplate.objects.filter(trigger="approved", language="fr", channel="email").delete()
    client.force_login(personas["admin"])

    url = reverse("notify:template_edit", args=["approved", "fr", "email"])
    assert "Votre demande {reference}" in client.get(url).content.decode()  # the shipped text to start from
    response = client.post(url, {"subject": "Demande {reference}", "body": "Acceptée."})

    assert response.status_code == 302
    written = MessageTemplate.objects.get(trigger="approved", language="fr", channel="email")
    assert written.subject == "Demande {reference}"
    assert AuditEntry.objects.filter(object_type="notify.messagetemplate", action=AuditEntry.Action.CREATE).exists()


def test_an_unknown_placeholder_is_refused_with_a_message_naming_it(client, personas):
    client.force_login(personas["admin"])

    response = client.post(EDIT_URL, {"body": "Bonjour {prenom}, demande {reference}."})

    assert response.status_code == 200
    assert "{prenom}" in response.content.decode()
    assert "prenom" not in MessageTemplate.objects.get(trigger="approved", language="fr", channel="sms").body


def test_the_edit_page_shows_an_arabic_text_right_to_left(client, personas):
    client.force_login(personas["admin"])

    body = client.get(reverse("notify:template_edit", args=["approved", "ar", "sms"])).content.decode()

    assert 'lang="ar" dir="rtl"' in body


def test_unknown_trigger_language_or_channel_is_not_found(client, personas):
    client.force_login(personas["admin"])

    assert client.get(reverse("notify:template_edit", args=["paid", "fr", "sms"])).status_code == 404
    assert client.get(reverse("notify:template_edit", args=["approved", "de", "sms"])).status_code == 404
    assert client.get(reverse("notify:template_edit", args=["approved", "fr", "fax"])).status_code == 404


@pytest.mark.parametrize("role", NOT_ADMINS)
def test_other_roles_can_neither_read_nor_change_the_texts(client, personas, role):
    client.force_login(personas[role])
    before = MessageTemplate.objects.get(trigger="approved", language="fr", channel="sms").body

    assert client.get(reverse("notify:templates")).status_code == 403
    assert client.get(EDIT_URL).status_code == 403
    assert client.post(EDIT_URL, {"body": "Piraté {reference}"}).status_code == 403
    assert MessageTemplate.objects.get(trigger="approved", language="fr", channel="sms").body == before


@pytest.mark.parametrize("role", NOT_ADMINS)
def test_other_roles_cannot_see_the_outbox(client, personas, role):
    client.force_login(personas[role])

    assert client.get(reverse("notify:outbox")).status_code == 403
    assert client.get(reverse("notify:index")).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    for url in (reverse("notify:templates"), EDIT_URL, reverse("notify:outbox")):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_outbox_lists_messages_with_status_attempts_and_error_and_filters(client, personas, people, centre):
    request = make_request(person=people["casa"], centre=centre)
    [sent] = services.notify_request_event(event=make_event(request=request, to_status="approved"))
    [failed] = services.notify_request_event(event=make_event(request=request, to_status="delivered"))
    OutboxMessage.objects.filter(pk=sent.pk).update(status="sent", attempts=1)
    OutboxMessage.objects.filter(pk=failed.pk).update(status="failed", attempts=2, last_error="HTTP 503 gateway")
    client.force_login(personas["admin"])

    body = client.get(reverse("notify:outbox")).content.decode()
    assert request.reference in body
    assert "HTTP 503 gateway" in body
    assert "+212612345678" not in body  # numbers are masked
    assert "+212" in body and "678" in body

    filtered = client.get(reverse("notify:outbox"), {"status": "failed"}).content.decode()
    assert "HTTP 503 gateway" in filtered
    assert filtered.count("<tr>") == 2  # the header and the failed message


def test_outbox_page_queries_do_not_grow_with_the_messages(
    client, personas, people, centre, django_assert_max_num_queries
):
    request = make_request(person=people["casa"], centre=centre)
    for status in ("approved", "delivered", "rejected", "withdrawn", "submitted"):
        services.notify_request_event(event=make_event(request=request, to_status=status))
    client.force_login(personas["admin"])

    with django_assert_max_num_queries(8):
        assert client.get(reverse("notify:outbox")).status_code == 200
