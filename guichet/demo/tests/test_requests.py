"""The demo requests: every status with its timeline, and an example to try on the tracking page."""

import datetime
import random

import pytest
from django.utils import timezone

from guichet.accounts.models import User
from guichet.accounts.permissions import is_system_actor
from guichet.accounts.system import system_actor
from guichet.cases.models import Channel, Event, Referral, Request, Status
from guichet.demo.requests import demo_tracking_example, seed_requests
from guichet.demo.staff import CENTRE_CODE, demo_staff_reset, seed_recorder
from guichet.network.models import Centre
from guichet.network.tests.factories import CentreFactory, ServiceFactory
from guichet.registry.tests.factories import PersonFactory


@pytest.fixture
def demo_world(territory):
    demo_staff_reset()
    seed_recorder()
    card = ServiceFactory(code="disability-card")
    project = ServiceFactory(code="income-project", centre_kinds=[Centre.Kind.INCUBATOR])
    Centre.objects.get(code=CENTRE_CODE).services.add(card)
    CentreFactory(kind=Centre.Kind.INCUBATOR, commune=territory["anfa"], offers=[project])
    CentreFactory(kind=Centre.Kind.DISABILITY, commune=territory["agdal"], offers=[card, project])
    for index, commune in enumerate(["anfa", "anfa", "settat_city", "agdal"] * 8):
        PersonFactory(given_name_latin=f"Demo{index}", commune=territory[commune])


def test_seed_requests_writes_every_status_with_a_timeline(demo_world):
    seed_requests(rng=random.Random(1), count=30)
    statuses = set(Request.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert Referral.objects.filter(status=Referral.Status.ACCEPTED).exists()
    assert Referral.objects.filter(status=Referral.Status.DECLINED).exists()
    for request in Request.objects.all():
        kinds = list(request.events.values_list("kind", flat=True))
        assert kinds[0] == Event.Kind.FILED
        if request.status == Status.DELIVERED:
            assert request.delivered_on is not None
    # The timestamps were moved back to the days the steps happened, in order.
    long_ago = timezone.now() - datetime.timedelta(days=30)
    assert Request.objects.filter(filed_at__lt=long_ago).exists()
    for request in Request.objects.all()[:10]:
        moments = list(request.events.order_by("pk").values_list("at", flat=True))
        assert moments == sorted(moments)


def test_seeded_requests_are_filed_by_the_demo_agent_in_casablanca_and_the_system_actor_elsewhere(demo_world):
    seed_requests(rng=random.Random(3), count=24)
    system = system_actor()
    assert seed_recorder() == system and is_system_actor(system)
    agent = User.objects.get(username="agent")
    filed = Request.objects.exclude(channel=Channel.REFERRAL).select_related("window")
    by_agent = filed.filter(filed_by=agent)
    assert by_agent.exists() and all(request.window == agent.window for request in by_agent)
    assert not by_agent.exclude(person__province=agent.window.province).exists()
    assert set(filed.exclude(filed_by=agent).values_list("filed_by", flat=True)) == {system.pk}
    assert not filed.filter(filed_by=system, person__province=agent.window.province).exists()


def test_demo_tracking_example_gives_an_open_request_and_its_birth_date(demo_world):
    assert demo_tracking_example() is None
    seed_requests(rng=random.Random(2), count=24)
    reference, birth_date = demo_tracking_example()
    request = Request.objects.get(reference=reference)
    assert request.is_open
    assert request.person.birth_date == birth_date
