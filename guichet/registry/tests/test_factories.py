"""The registry factories leave what registering leaves: territory copied, name keys written, a household."""

import pytest

from guichet.registry.models import Consent, PersonNameKey, Relationship
from guichet.registry.selectors import person_search
from guichet.registry.services import person_name_keys
from guichet.registry.tests.factories import ConsentFactory, DisabilityRecordFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_a_person_lies_where_their_commune_lies_and_heads_a_household():
    person = PersonFactory(cnie="")
    assert (person.province, person.region) == (person.commune.province, person.commune.province.region)
    assert person.cnie is None  # blanks are kept as NULL, as the services keep them
    [membership] = person.memberships.all()
    assert membership.relationship == Relationship.HEAD and membership.household.commune == person.commune
    person.full_clean()


def test_a_persons_name_keys_are_those_the_services_write(personas):
    person = PersonFactory(given_name_latin="Khadija", family_name_latin="Ouazzani")
    keys = set(PersonNameKey.objects.filter(person=person).values_list("key", flat=True))
    assert keys == {key[:40] for key in person_name_keys(person)}
    found = person_search(viewer=personas["admin"], text="Ouazzani").page.object_list
    assert [row["social_id"] for row in found] == [person.social_id]


def test_a_disability_record_and_a_consent_are_made_apart():
    record = DisabilityRecordFactory()
    record.full_clean()
    assert not Consent.objects.filter(person=record.person).exists()
    consent = ConsentFactory(person=record.person)
    consent.full_clean()
    assert consent.purpose == Consent.Purpose.REGISTRATION and consent.withdrawn_on is None
