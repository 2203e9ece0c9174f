"""Requests for tests that need "a request" without testing filing: the row request_file would have left.

A request filed at a window in the person's commune by one of its agents, routed to a centre there offering
the service, with a reference drawn by the real generator and its FILED event. Tests of filing itself (and
of what the citizen is told) go through cases.services.
"""

import datetime

import factory
from django.utils import timezone

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import UserFactory
from guichet.cases.models import Channel, Event, Request, Status
from guichet.cases.references import new_reference
from guichet.network.calendar import add_working_days
from guichet.network.tests.factories import CentreFactory, ServiceFactory, WindowFactory
from guichet.registry.tests.factories import PersonFactory


class RequestFactory(factory.django.DjangoModelFactory[Request]):
    class Meta:
        model = Request
        skip_postgeneration_save = True

    class Params:
        filed_on = factory.LazyFunction(timezone.localdate)

    reference = factory.LazyFunction(new_reference)
    person = factory.SubFactory(PersonFactory)
    service = factory.SubFactory(ServiceFactory)
    centre = factory.SubFactory(CentreFactory, commune=factory.SelfAttribute("..person.commune"))
    window = factory.SubFactory(WindowFactory, commune=factory.SelfAttribute("..person.commune"))
    channel = Channel.WINDOW
    status = Status.SUBMITTED
    language = "fr"
    filed_by = factory.SubFactory(UserFactory, role=Role.AGENT, window=factory.SelfAttribute("..window"))
    due_date = factory.LazyAttribute(lambda o: add_working_days(o.filed_on, o.service.due_working_days))
    filed_at = factory.LazyAttribute(
        lambda o: timezone.make_aware(datetime.datetime.combine(o.filed_on, datetime.time(9)))
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """The centre offers the service, and the timeline starts with the filing, as request_file leaves it;
        `filed_on` (today unless given) is the day of both (filed_at is set by the database on insert)."""
        moment = kwargs.pop("filed_at")
        request = super()._create(model_class, *args, **kwargs)
        request.centre.services.add(request.service)
        Request.objects.filter(pk=request.pk).update(filed_at=moment)
        request.filed_at = moment
        Event.objects.create(request=request, actor=request.filed_by, kind=Event.Kind.FILED, to_status=request.status)
        Event.objects.filter(request=request).update(at=moment)
        return request
