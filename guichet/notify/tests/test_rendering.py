"""Messages are written in the citizen's language from the templates; placeholders never break a message."""

import pytest

from guichet.cases.references import format_reference
from guichet.notify import services
from guichet.notify.defaults import LANGUAGES, PLACEHOLDERS, TRIGGERS, default_text
from guichet.notify.models import MessageTemplate
from guichet.notify.rendering import render, unknown_placeholders

from .factories import make_event, make_request

pytestmark = pytest.mark.django_db


def test_unknown_and_malformed_placeholders_are_left_as_typed():
    values = {"reference": "12345 67890"}

    text = render("{reference} {nom} {reference.__class__} {0} {} {{reference}} {", values)

    assert text == "12345 67890 {nom} {reference.__class__} {0} {} {12345 67890} {"


def test_unknown_placeholders_are_listed_once():
    assert unknown_placeholders("{nom} {reference} {nom} {date}") == ["nom", "date"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "a reçu votre demande"),
        ("ar", "توصل"),
        ("en", "has received your request"),
    ],
)
def test_message_is_written_in_the_language_of_the_request(people, centre, language, expected):
    request = make_request(person=people["casa"], centre=centre, language=language)

    [message] = services.notify_request_event(event=make_event(request=request, to_status="submitted"))

    assert message.language == language
    assert expected in message.body
    assert format_reference(request.reference) in message.body
    # The one date format of the language, day first, as on the pages.
    assert {"fr": "15 janvier 2027", "ar": "15 يناير 2027", "en": "15 January 2027"}[language] in message.body
    assert "{" not in message.body


@pytest.mark.parametrize(("language", "centre_name"), [("fr", "Centre Anfa"), ("ar", "مركز"), ("en", "Centre Anfa")])
def test_centre_and_service_names_follow_the_language(people, centre, language, centre_name):
    centre.name_ar = "مركز أنفا"
    centre.save()
    request = make_request(person=people["casa"], centre=centre, language=language)

    [message] = services.notify_request_event(event=make_event(request=request, kind="filed"))
    [referred] = services.notify_request_event(event=make_event(request=request, to_status="referred"))

    service = {"fr": "Carte de handicap", "ar": "بطاقة الإعاقة", "en": "Disability card"}[language]
    assert service in message.body
    assert centre_name in referred.body
    assert "+212522112233" in referred.body


def test_the_tracking_address_is_in_the_message(people, centre, settings):
    settings.GUICHET_PUBLIC_URL = "https://guichet.example.ma/"
    request = make_request(person=people["casa"], centre=centre)

    [message] = services.notify_request_event(event=make_event(request=request, kind="filed"))

    assert f"https://guichet.example.ma/track/{request.reference}/" in message.body


def test_an_edited_template_is_used_and_unknown_placeholders_do_not_crash(people, centre):
    MessageTemplate.objects.update_or_create(
        trigger="approved", language="fr", channel="sms", defaults={"body": "OK {reference} {inconnu} {status}"}
    )
    request = make_request(person=people["casa"], centre=centre)

    [message] = services.notify_request_event(event=make_event(request=request, to_status="approved"))

    assert message.body == f"OK {format_reference(request.reference)} {{inconnu}} approuvée"


def test_a_language_without_its_row_gets_its_shipped_text(people, centre):
    MessageTemplate.objects.filter(trigger="approved", language="en").delete()
    request = make_request(person=people["casa"], centre=centre, language="en")

    [message] = services.notify_request_event(event=make_event(request=request, to_status="approved"))

    assert message.body.startswith("Your request")


def test_a_new_site_language_without_texts_gets_the_french_one(people, centre, settings):
    settings.LANGUAGES = [*settings.LANGUAGES, ("zgh", "Tamazight")]
    MessageTemplate.objects.update_or_create(
        trigger="approved", language="fr", channel="sms", defaults={"body": "Texte français {reference}"}
    )
    request = make_request(person=people["casa"], centre=centre)
    request.language = "zgh"  # not a choice of the model yet: what a Tamazight request will look like

    [message] = services.notify_request_event(event=make_event(request=request, to_status="approved"))

    assert message.body.startswith("Texte français")
    assert message.language == "zgh"


def test_with_no_template_row_at_all_the_shipped_text_is_sent(people, centre):
    MessageTemplate.objects.all().delete()
    request = make_request(person=people["casa"], centre=centre, language="ar")

    [message] = services.notify_request_event(event=make_event(request=request, to_status="approved"))

    assert "تمت الموافقة" in message.body


def test_a_referred_request_is_told_where_it_goes_when_filed(people, centre):
    request = make_request(person=people["casa"], centre=centre, status="referred", language="en")

    [message] = services.notify_request_event(event=make_event(request=request, kind="filed", to_status="referred"))

    assert message.body.startswith("You are referred to Centre Anfa")


def test_every_trigger_has_a_short_text_in_every_language_using_only_known_placeholders():
    for trigger in TRIGGERS:
        for language in LANGUAGES:
            for channel in ("sms", "email"):
                subject, body = default_text(trigger=trigger, language=language, channel=channel)
                assert not unknown_placeholders(subject + body), (trigger, language)
            _, sms = default_text(trigger=trigger, language=language, channel="sms")
            # Without its placeholders the text leaves room for them within one or two messages.
            bare = render(sms, dict.fromkeys(PLACEHOLDERS, ""))
            assert len(bare) <= (70 if language == "ar" else 110), (trigger, language, len(bare))


def test_loading_the_templates_is_idempotent_and_keeps_edits():
    MessageTemplate.objects.all().delete()
    assert services.message_templates_load() == len(TRIGGERS) * len(LANGUAGES) * 2

    MessageTemplate.objects.filter(trigger="approved", language="fr", channel="sms").update(body="Édité")
    assert services.message_templates_load() == 0
    assert MessageTemplate.objects.get(trigger="approved", language="fr", channel="sms").body == "Édité"


def test_a_template_with_an_unknown_placeholder_is_refused():
    from django.core.exceptions import ValidationError

    template = MessageTemplate(trigger="approved", language="fr", channel="sms", body="Bonjour {nom}")

    with pytest.raises(ValidationError) as error:
        template.full_clean()
    assert "{nom}" in str(error.value.message_dict["body"])
