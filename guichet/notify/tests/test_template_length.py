"""A message text has a maximum length per channel: longer is refused with a clear message, nothing saved."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from guichet.notify import services
from guichet.notify.models import BODY_MAX_LENGTH, Channel, MessageTemplate

pytestmark = pytest.mark.django_db

EDIT_URL = reverse("notify:template_edit", args=["approved", "fr", "sms"])


@pytest.fixture(autouse=True)
def _templates_loaded(db):
    services.message_templates_load()


def test_an_sms_text_longer_than_its_maximum_is_refused_on_the_page(client, personas):
    client.force_login(personas["admin"])
    before = MessageTemplate.objects.get(trigger="approved", language="fr", channel="sms").body
    longest = BODY_MAX_LENGTH[Channel.SMS]

    response = client.post(EDIT_URL, {"body": "{reference} " + "x" * longest}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert f"at most {longest} characters" in response.content.decode()
    assert f'maxlength="{longest}"' in response.content.decode()
    assert MessageTemplate.objects.get(trigger="approved", language="fr", channel="sms").body == before


def test_a_text_of_the_maximum_length_is_taken(client, personas):
    client.force_login(personas["admin"])
    body = ("{reference} " + "x" * 1000)[: BODY_MAX_LENGTH[Channel.SMS]]

    assert client.post(EDIT_URL, {"body": body}).status_code == 302
    assert MessageTemplate.objects.get(trigger="approved", language="fr", channel="sms").body == body


def test_the_model_refuses_a_too_long_text_whoever_saves_it():
    template = MessageTemplate(trigger="approved", language="fr", channel="email", subject="S", body="y" * 2001)
    with pytest.raises(ValidationError) as refused:
        template.full_clean(validate_unique=False)
    assert "body" in refused.value.message_dict
