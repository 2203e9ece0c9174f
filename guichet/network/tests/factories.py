"""Network factories: centres and windows."""

import factory

from guichet.network.models import Centre, Window
from guichet.territory.tests.factories import CommuneFactory


class CentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Centre

    name = factory.Sequence(lambda n: f"Centre {n}")
    kind = Centre.Kind.DISABILITY
    commune = factory.SubFactory(CommuneFactory)


class WindowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Window

    name = factory.Sequence(lambda n: f"Guichet {n}")
    commune = factory.SubFactory(CommuneFactory)
