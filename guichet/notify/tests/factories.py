"""Requests and their events for the notify and portal tests: built by the cases request factory (what is told
and tracked is tested here, not filing), with sequential references so that a test can name one never given."""

import datetime
import itertools

from guichet.cases.models import Event, Request
from guichet.cases.tests.factories import RequestFactory
from guichet.common.checkdigit import damm_check_digit
from guichet.network.tests.factories import ServiceFactory

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
