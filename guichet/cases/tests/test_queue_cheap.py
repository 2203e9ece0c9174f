"""The work queue stays cheap when a centre has tens of thousands of open requests: it counts them only up to a
cap and says "more than …", and what is the same for every visitor (the catalogue) is not read on every page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import UserFactory
from guichet.cases import selectors
from guichet.cases.selectors import work_queue
from guichet.network.models import Service
from guichet.registry.tests.factories import PersonFactory

from .conftest import MONDAY
from .factories import RequestFactory


def fill_queue(personas, catalogue, territory, count):
    agent = personas["agent"]
    return [
        RequestFactory(
            person=PersonFactory(given_name_latin=f"Personne{index}", commune=territory["anfa"]),
            service=catalogue["card"],
            centre=personas["centre"].centre,
            window=agent.window,
            filed_by=agent,
            filed_on=MONDAY + datetime.timedelta(days=index),
        )
        for index in range(count)
    ]


@pytest.fixture
def small_cap(monkeypatch):
    """A cap of 4 with pages of 2: the page past the cap is reachable with a handful of rows."""
    monkeypatch.setattr(selectors, "QUEUE_COUNT_CAP", 4)


def test_past_the_cap_the_queue_says_more_than_and_gives_no_total(client, personas, catalogue, territory, small_cap):
    fill_queue(personas, catalogue, territory, 6)
    client.force_login(personas["centre"])
    with translation.override("fr"):
        html = client.get(reverse("cases:queue"), headers={"Accept-Language": "fr"}).content.decode()
    assert "Plus de 4 demandes" in html
    assert "6 demandes" not in html
    html = client.get(reverse("cases:queue"), headers={"Accept-Language": "ar"}).content.decode()
    assert "أكثر من 4 طلب" in html


def test_under_the_cap_the_queue_gives_its_exact_count(client, personas, catalogue, territory, small_cap):
    fill_queue(personas, catalogue, territory, 3)
    client.force_login(personas["centre"])
    html = client.get(reverse("cases:queue"), headers={"Accept-Language": "en"}).content.decode()
    assert "3 requests, earliest due first" in html
    assert "More than" not in html


def test_a_capped_queue_pages_through_the_capped_rows_only(personas, catalogue, territory):
    requests = fill_queue(personas, catalogue, territory, 7)
    first = work_queue(viewer=personas["centre"], page_size=2, count_cap=4)
    assert first.paginator.capped and first.paginator.count == 4 and first.paginator.num_pages == 2
    assert [r.pk for r in first.object_list] == [requests[0].pk, requests[1].pk]
    last = work_queue(viewer=personas["centre"], page_size=2, count_cap=4, page_number=9)
    assert [r.pk for r in last.object_list] == [requests[2].pk, requests[3].pk] and not last.has_next()
    exact = work_queue(viewer=personas["centre"], page_size=2, count_cap=10)
    assert not exact.paginator.capped and exact.paginator.count == 7


def test_a_capped_queue_page_names_its_page_without_a_total(client, personas, catalogue, territory, monkeypatch):
    monkeypatch.setattr(selectors, "QUEUE_COUNT_CAP", 50)  # two pages of 25
    fill_queue(personas, catalogue, territory, 51)
    client.force_login(personas["centre"])
    html = client.get(reverse("cases:queue"), headers={"Accept-Language": "en"}).content.decode()
    assert "More than 50 requests" in html
    assert 'aria-current="page">Page 1</span>' in html and 'rel="next"' in html
    assert "Page 1 of" not in html
    html = client.get(reverse("cases:queue"), {"page": 2}, headers={"Accept-Language": "en"}).content.decode()
    assert 'aria-current="page">Page 2</span>' in html and 'rel="next"' not in html


def test_the_queue_reads_the_catalogue_once_for_every_visitor(
    client, personas, catalogue, territory, django_assert_max_num_queries
):
    fill_queue(personas, catalogue, territory, 3)
    UserFactory(username="t_colleague", role=Role.CENTRE_STAFF, centre=personas["centre"].centre)
    client.force_login(personas["centre"])
    french = {"Accept-Language": "fr"}
    client.get(reverse("cases:queue"), headers=french)  # the first visitor reads the centre's services
    # Session, user, colleagues, count, page: 5; the services come from the cache.
    with django_assert_max_num_queries(5):
        response = client.get(reverse("cases:queue"), headers=french)
    assert response.status_code == 200
    card = catalogue["card"]
    assert f'<option value="{card.pk}">{card.name_fr}</option>' in response.content.decode()


def test_a_service_changed_shows_on_the_queue_at_once(client, personas, catalogue, territory):
    fill_queue(personas, catalogue, territory, 1)
    client.force_login(personas["centre"])
    before = client.get(reverse("cases:queue"), headers={"Accept-Language": "fr"}).content.decode()
    assert f'<option value="{catalogue["card"].pk}">{catalogue["card"].name_fr}</option>' in before  # now cached
    service = Service.objects.get(pk=catalogue["card"].pk)
    service.name_fr = "Carte de handicap (nouveau nom)"
    service.save()
    html = client.get(reverse("cases:queue"), headers={"Accept-Language": "fr"}).content.decode()
    assert f'<option value="{service.pk}">Carte de handicap (nouveau nom)</option>' in html


def test_the_count_stops_at_the_cap_without_sorting_the_queue(client, personas, catalogue, territory, small_cap):
    """Counting up to the cap needs no order: unsorted, the count stops at the cap in whichever index finds the
    rows (sorted by the queue's order, every open request of the centre was ranked first)."""
    fill_queue(personas, catalogue, territory, 6)
    client.force_login(personas["centre"])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("cases:queue")).status_code == 200
    (count,) = [query["sql"] for query in queries if query["sql"].startswith("SELECT COUNT(*)")]
    assert "LIMIT 5" in count
    assert "ORDER BY" not in count


def test_the_queue_written_once_per_shape_still_reads_todays_rows_for_each_viewer(
    personas, catalogue, territory, django_assert_num_queries
):
    """The queue's SQL is kept per shape (the viewer's queue, the filters, the day, the page), never its rows: a
    request filed since is listed, another centre's staff see their own queue, each filter its rows; a row's
    person carries the names read with it and nothing more."""
    filed = fill_queue(personas, catalogue, territory, 2)
    centre = personas["centre"]
    first = work_queue(viewer=centre, count_cap=10)
    assert [r.pk for r in first.object_list] == [filed[0].pk, filed[1].pk] and first.paginator.count == 2
    later = fill_queue(personas, catalogue, territory, 1)[0]
    again = work_queue(viewer=centre, count_cap=10)
    assert {r.pk for r in again.object_list} == {filed[0].pk, filed[1].pk, later.pk} and again.paginator.count == 3
    row = again.object_list[0]
    assert row.person.given_name_latin == "Personne0" and row.person.social_id == filed[0].person.social_id
    assert row.person.get_deferred_fields() >= {"birth_date", "cnie", "phone"}
    assert row.overdue is True  # filed long ago and still open: late, a boolean on both databases
    with django_assert_num_queries(0):
        assert row.service.pk == catalogue["card"].pk and row.centre.pk == centre.centre_id
    assert work_queue(viewer=personas["centre_rabat"], count_cap=10).object_list == []  # another centre's queue
    mine = work_queue(viewer=centre, filters=selectors.QueueFilters(assignee="me"), count_cap=10)
    assert mine.object_list == [] and mine.paginator.count == 0
    filed[1].assignee = centre
    filed[1].save(update_fields=["assignee"])
    mine = work_queue(viewer=centre, filters=selectors.QueueFilters(assignee="me"), count_cap=10)
    assert [r.pk for r in mine.object_list] == [filed[1].pk] and mine.object_list[0].assignee == centre
