"""Requests and their events for the notify and portal tests: built by the cases request factory (what is told
and tracked is tested here, not filing), with sequential references so that a test can name one never given;
message templates, and outbox messages in the state the worker leaves them."""

import datetime
import itertools

import factory
from django.utils import timezone

from guichet.cases.models import Event, Request
from guichet.cases.tests.factories import RequestFactory
from guichet.common.checkdigit import damm_check_digit
from guichet.network.tests.factories import ServiceFactory
from guichet.notify.models import Channel, MessageTemplate, OutboxMessage
from guichet.notify.services import backoff

_numbers = itertools.count(123456789)


def new_reference() -> str:
    payload = str(next(_numbers))
    return payload + damm_check_digit(payload)


def make_request(*, person, centre, service=None, status="submitted", language="fr", **values) -> Request:
    return RequestFactory.create(
        reference=values.pop("reference", None) or new_reference(),
        person=person,
        service=service or _service(),
        centre=centre,
        status=status,
        language=language,
        due_date=values.pop("due_date", datetime.date(2027, 1, 15)),
        **values,
    )


def make_event(*, request, kind="status", to_status="", actor=None) -> Event:
    return Event.objects.create(request=request, kind=kind, to_status=to_status or request.status, actor=actor)


def _service():
    return ServiceFactory(name_fr="Carte de handicap", name_ar="بطاقة الإعاقة", name_en="Disability card")


def make_person(**values):
    """A person in Anfa (the `territory` fixture): a new commune per person would need new provinces."""
    from guichet.registry.tests.factories import PersonFactory
    from guichet.territory.models import Commune

    values.setdefault("commune", Commune.objects.get(code="C-ANFA"))
    return PersonFactory(**values)


class MessageTemplateFactory(factory.django.DjangoModelFactory[MessageTemplate]):
    """The text told when a request is approved, in French, by SMS (or pass `trigger`, `language`, `channel`)."""

    class Meta:
        model = MessageTemplate

    trigger = "approved"
    language = "fr"
    channel = Channel.SMS
    subject = factory.LazyAttribute(lambda o: "Votre demande {reference}" if o.channel == Channel.EMAIL else "")
    body = "Guichet : votre demande {reference} ({service}) est maintenant : {status}. Suivi : {track_url}"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """The default texts are loaded with the database: this one replaces the text for its trigger, language
        and channel, as an administrator's edit does."""
        key = {name: kwargs.pop(name) for name in ("trigger", "language", "channel")}
        template, _created = model_class.objects.update_or_create(**key, defaults=kwargs)
        return template


_LEFT = (OutboxMessage.Status.SENT, OutboxMessage.Status.DEAD, OutboxMessage.Status.REPLACED)


class OutboxMessageFactory(factory.django.DjangoModelFactory[OutboxMessage]):
    """A message about a request's status change (its event), as the worker leaves it in `status`: a sent one
    has its time, a failed one its attempt, error and next try, and once it has left (sent, given up, replaced)
    its text is erased. `kind=OutboxMessage.Kind.ACCESS_CODE` gives a learner's code message, about no event."""

    class Meta:
        model = OutboxMessage

    kind = OutboxMessage.Kind.REQUEST
    event = factory.Maybe(
        factory.LazyAttribute(lambda o: o.kind == OutboxMessage.Kind.REQUEST),
        factory.LazyFunction(lambda: make_event(request=RequestFactory(), to_status="approved")),
        None,
    )
    about = factory.LazyAttribute(lambda o: "" if o.kind == OutboxMessage.Kind.REQUEST else "training.enrollment:1")
    channel = Channel.SMS
    recipient = "+212612345678"
    language = "fr"
    status = OutboxMessage.Status.PENDING
    body = factory.LazyAttribute(lambda o: "" if o.status in _LEFT else "Guichet : votre demande est approuvée.")
    attempts = factory.LazyAttribute(lambda o: 0 if o.status == OutboxMessage.Status.PENDING else 1)
    last_error = factory.LazyAttribute(
        lambda o: "HTTP 503 gateway" if o.status in (OutboxMessage.Status.FAILED, OutboxMessage.Status.DEAD) else ""
    )
    next_attempt_at = factory.LazyAttribute(
        lambda o: timezone.now() + backoff(o.attempts) if o.status == OutboxMessage.Status.FAILED else None
    )
    sent_at = factory.LazyAttribute(lambda o: timezone.now() if o.status == OutboxMessage.Status.SENT else None)
