"""seed_network: a realistic catalogue, centres and windows in all 12 regions, the holidays; idempotent."""

import datetime
import random
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Count

from guichet.demo import catalogue as demo_catalogue
from guichet.demo.network import seed_network
from guichet.demo.staff import demo_staff_reset
from guichet.network.eligibility import validate_rule
from guichet.network.models import Centre, Holiday, Service, ServiceDocument, Window
from guichet.network.selectors import centre_for
from guichet.territory.models import Commune, Region

COMMUNES_CSV = Path(__file__).resolve().parents[2] / "territory" / "data" / "communes_demo.csv"


@pytest.fixture
def morocco(db):
    call_command("load_territory", stdout=StringIO())
    call_command("load_communes", str(COMMUNES_CSV), stdout=StringIO())
    assert Region.objects.count() == 12


def snapshot():
    return (
        sorted(Service.objects.values_list("code", "version", "eligibility_rule", "centre_kinds")),
        sorted(ServiceDocument.objects.values_list("service__code", "position", "name_fr", "required")),
        sorted(Centre.objects.values_list("code", "version", "kind", "commune__code", "phone")),
        sorted(Centre.services.through.objects.values_list("centre__code", "service__code")),
        sorted(Window.objects.values_list("code", "version", "kind", "status", "opened_on", "closed_on")),
        sorted(Holiday.objects.values_list("date", "name_fr")),
    )


def test_seed_is_idempotent(morocco):
    seed_network(rng=random.Random(1))
    first = snapshot()
    seed_network(rng=random.Random(1))
    assert snapshot() == first
    assert Service.objects.count() == len(demo_catalogue.SERVICES)


def test_centres_of_every_kind_and_windows_in_every_region(morocco):
    seed_network(rng=random.Random(2))
    for region in Region.objects.all():
        kinds = set(Centre.objects.filter(region=region).values_list("kind", flat=True))
        assert kinds == set(Centre.Kind.values), region.code
        windows = Window.objects.filter(region=region)
        assert windows.count() >= 3, region.code
        assert windows.filter(status="open").exists() and windows.filter(kind="mobile").exists(), region.code
    statuses = dict(Window.objects.values_list("status").annotate(n=Count("pk")))
    assert statuses["open"] > 0.8 * sum(statuses.values())
    assert statuses["planned"] >= 3 and 1 <= statuses["closed"] <= 2
    assert not Window.objects.filter(status="open", opened_on__isnull=True).exists()
    assert Centre.objects.filter(code="CAPH-TNG-01", name__startswith="Centre d'assistance").exists()
    assert Window.objects.get(code="GSU-AGD-001").name == "Guichet social unique d'Agadir"
    assert Window.objects.get(code="GSU-AGD-001").name_ar == "الشباك الاجتماعي الموحد بأكادير"


def test_centres_offer_the_services_their_type_delivers(morocco):
    seed_network(rng=random.Random(3))
    for centre in Centre.objects.prefetch_related("services"):
        offered = {service.code for service in centre.services.all()}
        expected = {service.code for service in Service.objects.all() if centre.kind in service.centre_kinds}
        assert offered == expected, centre.code
    # Every service reaches a centre from anywhere: routing never comes back empty.
    anywhere = Commune.objects.get(code="MA-ZAG-003")
    for service in Service.objects.all():
        assert centre_for(service=service, commune=anywhere) is not None, service.code


def test_the_catalogue_is_complete_and_its_rules_are_valid(morocco):
    seed_network(rng=random.Random(4))
    for service in Service.objects.prefetch_related("documents"):
        assert service.name_fr and service.name_ar and service.name_en and service.description_ar, service.code
        assert validate_rule(service.eligibility_rule) == service.eligibility_rule, service.code
        assert service.documents.filter(required=True).exists(), service.code
    card = Service.objects.get(code="disability-card")
    assert card.eligibility_rule["conditions"] == [{"field": "disability", "op": "eq", "value": True}]
    support = Service.objects.get(code="income-generating-support")
    assert support.centre_kinds == ["incubator"]
    assert {"field": "rsu_score", "op": "lte", "value": 9.3264} in support.eligibility_rule["conditions"]


def test_the_holidays_of_2025_to_2027(morocco):
    seed_network(rng=random.Random(5))
    for year in (2025, 2026, 2027):
        days = set(Holiday.objects.filter(date__year=year).values_list("date", flat=True))
        for month, day in ((1, 1), (1, 11), (1, 14), (5, 1), (7, 30), (8, 14), (8, 20), (8, 21), (11, 6), (11, 18)):
            assert datetime.date(year, month, day) in days
        assert len(days) >= 15
    assert Holiday.objects.get(date=datetime.date(2026, 3, 20)).name_fr == "Aïd Al-Fitr"


def test_the_demo_staff_window_and_centre_keep_working(morocco):
    demo_staff_reset()
    centre = Centre.objects.get(code="CAPH-CAS-001")
    window = Window.objects.get(code="GSU-CAS-001")
    seed_network(rng=random.Random(6))
    centre.refresh_from_db()
    window.refresh_from_db()
    assert (centre.commune_id, centre.name, centre.version) == (
        Centre.objects.get(code="CAPH-CAS-001").commune_id,
        "Centre d'assistance aux personnes en situation de handicap de Casablanca",
        1,
    )
    assert centre.services.filter(code="disability-card").exists()
    assert window.version == 1
    assert not Centre.objects.filter(code="CAPH-CAS-01").exists()
    # The demo staff can be reset after the seed too.
    demo_staff_reset()


def test_seeding_before_the_demo_staff_creates_their_centre(morocco):
    seed_network(rng=random.Random(7))
    assert Centre.objects.get(code="CAPH-CAS-001").services.exists()
    assert Window.objects.get(code="GSU-CAS-001").status == "open"
    accounts = demo_staff_reset()
    assert accounts["centre"].centre.code == "CAPH-CAS-001"
    assert accounts["agent"].window.code == "GSU-CAS-001"


def test_seed_refuses_an_empty_territory(db):
    with pytest.raises(LookupError):
        seed_network(rng=random.Random(1))
