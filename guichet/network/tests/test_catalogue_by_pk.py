"""The catalogue kept for every visitor by primary key sees a new or changed service, centre or window at once."""

import pytest

from guichet.network.models import Service
from guichet.network.selectors import centres_by_pk, services_by_pk, windows_by_pk

from .factories import CentreFactory, ServiceFactory, WindowFactory

pytestmark = pytest.mark.django_db


def test_a_new_or_changed_service_centre_or_window_is_seen_at_once():
    service, centre, window = ServiceFactory(), CentreFactory(), WindowFactory()
    assert services_by_pk(ids={service.pk})[service.pk].name_fr == service.name_fr
    assert centres_by_pk(ids={centre.pk})[centre.pk].name == centre.name
    assert windows_by_pk(ids={window.pk})[window.pk].name == window.name
    service.name_fr = "Carte renouvelée"
    service.save()
    centre.name = "Centre renommé"
    centre.save()
    window.name = "Guichet renommé"
    window.save()
    assert services_by_pk(ids={service.pk})[service.pk].name_fr == "Carte renouvelée"
    assert centres_by_pk(ids={centre.pk})[centre.pk].name == "Centre renommé"
    assert windows_by_pk(ids={window.pk})[window.pk].name == "Guichet renommé"
    added = ServiceFactory()
    assert services_by_pk(ids={added.pk})[added.pk].code == added.code


def test_a_service_created_by_another_process_is_read_from_its_table():
    """Another process's new service reaches this process's kept catalogue only when it expires (no signal here):
    meanwhile it is read from the table, not missed."""
    services_by_pk(ids=set())  # the catalogue is kept, without the service to come
    (created,) = Service.objects.bulk_create([ServiceFactory.build(code="AUTRE-PROCESSUS")])  # saved, no signal
    assert services_by_pk(ids={created.pk})[created.pk].code == "AUTRE-PROCESSUS"
