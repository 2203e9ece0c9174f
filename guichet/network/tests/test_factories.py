"""The network factories build rows the model accepts, placed where their commune lies."""

import pytest

from guichet.network.tests.factories import (
    CentreFactory,
    HolidayFactory,
    ServiceDocumentFactory,
    ServiceFactory,
    WindowFactory,
)

pytestmark = pytest.mark.django_db


def test_every_factory_row_passes_the_models_own_checks():
    service = ServiceFactory()
    rows = [
        CentreFactory(offers=[service]),
        WindowFactory(),
        service,
        ServiceDocumentFactory(service=service),
        HolidayFactory(),
    ]
    for row in rows:
        row.full_clean()


def test_centres_and_windows_lie_where_their_commune_lies():
    for place in (CentreFactory(), WindowFactory()):
        assert (place.province, place.region) == (place.commune.province, place.commune.province.region)


def test_a_services_documents_are_listed_in_the_order_they_were_added():
    service = ServiceFactory()
    first, second = ServiceDocumentFactory(service=service), ServiceDocumentFactory(service=service)
    assert list(service.documents.all()) == [first, second] and second.position == first.position + 1


def test_a_holiday_day_is_taken_once():
    first = HolidayFactory()
    assert HolidayFactory(date=first.date) == first
    assert HolidayFactory().date != first.date
