"""Network factories: centres, windows and services, with their territory copied as the services do; a service's
required documents, public holidays."""

import datetime

import factory

from guichet.network.models import Centre, Holiday, Service, ServiceDocument, Window
from guichet.territory.tests.factories import CommuneFactory


class _LocatedFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        obj = model_class(*args, **kwargs)
        obj.copy_territory()
        obj.save()
        return obj


class CentreFactory(_LocatedFactory):
    class Meta:
        model = Centre
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"CTR-{n:04d}")
    name = factory.Sequence(lambda n: f"Centre {n}")
    name_ar = factory.Sequence(lambda n: f"مركز {n}")
    kind = Centre.Kind.DISABILITY
    commune = factory.SubFactory(CommuneFactory)

    @factory.post_generation
    def offers(self, create, services, **kwargs):
        if create and services:
            self.services.add(*services)


class WindowFactory(_LocatedFactory):
    class Meta:
        model = Window

    code = factory.Sequence(lambda n: f"GSU-{n:04d}")
    name = factory.Sequence(lambda n: f"Guichet {n}")
    name_ar = factory.Sequence(lambda n: f"شباك {n}")
    commune = factory.SubFactory(CommuneFactory)
    status = Window.Status.OPEN
    opened_on = factory.Faker("date_between", start_date="-3y", end_date="today")


class ServiceFactory(factory.django.DjangoModelFactory[Service]):
    class Meta:
        model = Service

    code = factory.Sequence(lambda n: f"service-{n}")
    name_fr = factory.Sequence(lambda n: f"Service {n}")
    name_ar = factory.Sequence(lambda n: f"خدمة {n}")
    name_en = factory.Sequence(lambda n: f"Service {n}")
    category = Service.Category.DISABILITY
    centre_kinds = factory.LazyFunction(lambda: [Centre.Kind.DISABILITY])
    due_working_days = 10


class ServiceDocumentFactory(factory.django.DjangoModelFactory[ServiceDocument]):
    """A required document of a service, listed after the service's other documents."""

    class Meta:
        model = ServiceDocument

    service = factory.SubFactory(ServiceFactory)
    name_fr = factory.Sequence(lambda n: f"Pièce {n}")
    name_ar = factory.Sequence(lambda n: f"وثيقة {n}")
    name_en = factory.Sequence(lambda n: f"Document {n}")
    required = True
    position = factory.LazyAttribute(lambda o: o.service.documents.count())


class HolidayFactory(factory.django.DjangoModelFactory[Holiday]):
    """A public holiday on a day no other holiday of the run takes (from 1 January 2026 on)."""

    class Meta:
        model = Holiday
        django_get_or_create = ("date",)

    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
    name_fr = factory.Sequence(lambda n: f"Fête {n}")
    name_ar = factory.Sequence(lambda n: f"عيد {n}")
