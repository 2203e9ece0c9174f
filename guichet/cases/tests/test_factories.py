"""The request factory builds the row request_file would have left: valid, routed, with its filing event."""

import datetime

import pytest

from guichet.cases.models import Event, Status
from guichet.cases.references import parse_reference
from guichet.cases.selectors import work_queue
from guichet.cases.tests.factories import RequestFactory

pytestmark = pytest.mark.django_db


def test_a_factory_request_is_valid_and_starts_with_its_filing():
    request = RequestFactory()
    request.full_clean()
    assert parse_reference(request.reference) == request.reference
    assert request.status == Status.SUBMITTED
    assert request.centre.services.filter(pk=request.service.pk).exists()
    assert request.window.commune == request.person.commune == request.centre.commune
    assert request.filed_by.window == request.window
    [event] = request.events.all()
    assert (event.kind, event.to_status, event.actor) == (Event.Kind.FILED, Status.SUBMITTED, request.filed_by)
    assert RequestFactory().reference != request.reference


def test_a_factory_request_filed_on_a_past_day_is_in_its_centres_queue_and_late(personas):
    request = RequestFactory(filed_on=datetime.date(2026, 3, 2), centre=personas["centre"].centre)
    assert request.filed_at.date() == datetime.date(2026, 3, 2) == request.events.get().at.date()
    assert request.due_date == datetime.date(2026, 3, 16)  # ten working days
    page = work_queue(viewer=personas["centre"], today=datetime.date(2026, 3, 17))
    assert [(row.pk, row.overdue) for row in page.object_list] == [(request.pk, True)]
