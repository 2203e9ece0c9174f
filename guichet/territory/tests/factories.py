"""Territory factories: a region, a province in it, a commune in that."""

import factory

from guichet.territory.models import Commune, Province, Region


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    # MA-50 … MA-999: six characters at most however many regions a long run creates; never an official code.
    code = factory.Sequence(lambda n: f"MA-{50 + n % 950}")
    name_fr = factory.Sequence(lambda n: f"Région {n}")
    name_ar = factory.Sequence(lambda n: f"جهة {n}")


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"P{n:05d}")
    kind = Province.Kind.PROVINCE
    region = factory.SubFactory(RegionFactory)
    name_fr = factory.Sequence(lambda n: f"Province {n}")
    name_ar = factory.Sequence(lambda n: f"إقليم {n}")


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"C{n:05d}")
    kind = Commune.Kind.URBAN
    province = factory.SubFactory(ProvinceFactory)
    name_fr = factory.Sequence(lambda n: f"Commune {n}")
    name_ar = factory.Sequence(lambda n: f"جماعة {n}")
