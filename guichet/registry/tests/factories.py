"""Registry factories: persons go through the same derivations as the services (keys, territory)."""

import datetime
import random

import factory

from guichet.common.checkdigit import new_social_id
from guichet.registry import services
from guichet.registry.models import DisabilityRecord, Household, Membership, Person, Relationship
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
