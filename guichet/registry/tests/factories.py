"""Registry factories: persons go through the same derivations as the services (keys, territory) and head a
household; their disability record and consents apart (a person made here has no consent unless given one)."""

import datetime
import random

import factory
from django.utils import timezone

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import UserFactory
from guichet.common.checkdigit import new_social_id
from guichet.registry import services
from guichet.registry.models import Consent, DisabilityRecord, Household, Membership, Person, Relationship
from guichet.territory.tests.factories import CommuneFactory


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    social_id = factory.LazyFunction(lambda: new_social_id(random.Random()))
    given_name_latin = "Fatima"
    family_name_latin = "Bennani"
    given_name_ar = "فاطمة"
    family_name_ar = "بناني"
    sex = "F"
    birth_date = datetime.date(1985, 3, 14)
    commune = factory.SubFactory(CommuneFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        person = model_class(*args, **kwargs)
        services.person_derive(person)
        person.save()
        services.person_name_keys_write(person)
        household = Household.objects.create(commune=person.commune)
        Membership.objects.create(household=household, person=person, relationship=Relationship.HEAD)
        return person


class DisabilityRecordFactory(factory.django.DjangoModelFactory):
    """A person's (sensitive) disability record, as `disability_record_save` or a child's listing writes it."""

    class Meta:
        model = DisabilityRecord

    person = factory.SubFactory(PersonFactory)
    kind = DisabilityRecord.Kind.MOTOR
    degree = DisabilityRecord.Degree.MODERATE
    card_number = factory.Sequence(lambda n: f"H-{n:06d}")


class ConsentFactory(factory.django.DjangoModelFactory[Consent]):
    """A person's consent to registration, given today and recorded by a window agent."""

    class Meta:
        model = Consent

    person = factory.SubFactory(PersonFactory)
    purpose = Consent.Purpose.REGISTRATION
    given_on = factory.LazyFunction(timezone.localdate)
    recorded_by = factory.SubFactory(UserFactory, role=Role.AGENT)
