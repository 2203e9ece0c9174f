"""Routing: the centre offering the service nearest to the person — commune, province, region, nation."""

from guichet.network.models import Centre
from guichet.network.selectors import centre_for
from guichet.network.tests.factories import CentreFactory, ServiceFactory
from guichet.territory.tests.factories import CommuneFactory, ProvinceFactory, RegionFactory


def test_the_nearest_centre_offering_the_service_wins(territory):
    t = territory
    service = ServiceFactory()
    other_service = ServiceFactory()
    far_region = RegionFactory(code="MA-09")
    far = CommuneFactory(province=ProvinceFactory(code="MA-AGD", region=far_region))
    national = CentreFactory(code="N-1", commune=far, offers=[service])
    assert centre_for(service=service, commune=t["anfa"]) == national

    regional = CentreFactory(code="R-1", commune=t["settat_city"], offers=[service])
    assert centre_for(service=service, commune=t["anfa"]) == regional

    provincial = CentreFactory(code="P-1", commune=CommuneFactory(province=t["casablanca"]), offers=[service])
    assert centre_for(service=service, commune=t["anfa"]) == provincial

    CentreFactory(code="L-0", commune=t["anfa"], offers=[other_service])  # does not offer it
    local = CentreFactory(code="L-1", commune=t["anfa"], offers=[service])
    assert centre_for(service=service, commune=t["anfa"]) == local
    # A person of Rabat is sent nationally: nothing nearer offers it (lowest code among equals).
    assert centre_for(service=service, commune=t["agdal"]) in {national, regional, provincial, local}
    assert centre_for(service=service, commune=t["agdal"]).code == "L-1"


def test_inactive_centres_are_skipped(territory):
    service = ServiceFactory()
    closed = CentreFactory(code="A-1", commune=territory["anfa"], offers=[service], is_active=False)
    open_one = CentreFactory(code="B-1", commune=territory["settat_city"], offers=[service])
    assert centre_for(service=service, commune=territory["anfa"]) == open_one
    Centre.objects.filter(pk=open_one.pk).update(is_active=False)
    assert centre_for(service=service, commune=territory["anfa"]) is None
    assert closed.pk


def test_among_equals_the_lowest_code_is_chosen(territory):
    service = ServiceFactory()
    CentreFactory(code="Z-9", commune=territory["anfa"], offers=[service])
    first = CentreFactory(code="A-1", commune=territory["anfa"], offers=[service])
    assert centre_for(service=service, commune=territory["anfa"]) == first


def test_no_centre_offers_it(territory):
    assert centre_for(service=ServiceFactory(), commune=territory["anfa"]) is None
