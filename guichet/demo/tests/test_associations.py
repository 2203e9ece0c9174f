"""The demo seed: associations in every region of the territory, with managers, children, decisions, reports."""

import datetime
import random

from django.contrib.auth import authenticate

from guichet.associations import selectors
from guichet.associations.models import Association, SchoolingApplication, SupportedChild, TermReport
from guichet.demo.associations import seed_associations
from guichet.registry.models import DisabilityRecord
from guichet.registry.tests.factories import PersonFactory


def test_it_seeds_associations_with_children_and_the_demo_logins(territory):
    for n in range(30):
        PersonFactory(commune=territory["anfa"], birth_date=datetime.date(2012, 1, 1) + datetime.timedelta(days=n))
    seed_associations(rng=random.Random(3), count=12)
    assert Association.objects.count() == 12
    assert set(Association.objects.values_list("region__code", flat=True)) == {"MA-06", "MA-04"}
    assert authenticate(username="association", password="demo").association.status == "approved"
    officer = authenticate(username="officer", password="demo")
    assert officer.region.code == "MA-06"
    assert authenticate(username="association", password="demo").association.region.code == "MA-06"
    children = SupportedChild.objects.all()
    assert children.exists() and TermReport.objects.exists()
    assert not children.exclude(person__in=DisabilityRecord.objects.values("person")).exists()
    for application in SchoolingApplication.objects.all():
        assert 3 <= application.children.count() <= 15
    assert selectors.schooling_beneficiaries(school_year="2025-2026").exists()
    # A second run adds more without clashing.
    seed_associations(rng=random.Random(4), count=3)
    assert Association.objects.count() == 15
