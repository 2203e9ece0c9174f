"""The list pages answer in a fixed number of queries, whatever the number of rows."""

import random

from django.urls import reverse

from guichet.demo.associations import seed_associations
from guichet.registry.tests.factories import PersonFactory


def _seeded(territory, count):
    import datetime

    for n in range(20):
        PersonFactory(commune=territory["anfa"], birth_date=datetime.date(2014, 1, 1) + datetime.timedelta(days=n))
    seed_associations(rng=random.Random(1), count=count)


def test_list_pages_do_not_grow_queries_with_rows(client, personas, territory, django_assert_max_num_queries):
    _seeded(territory, 30)
    client.force_login(personas["admin"])
    for name, params in (
        ("associations:list", {}),
        ("associations:applications", {}),
        ("associations:unreported", {"school_year": "2025-2026", "term": 3}),
    ):
        with django_assert_max_num_queries(12):
            response = client.get(reverse(name), params)
        assert response.status_code == 200, name


def test_the_demo_officer_sees_only_casablanca_settat(client, territory):
    _seeded(territory, 12)
    client.login(username="officer", password="demo")
    page = client.get(reverse("associations:list")).content.decode()
    assert "Rabat" not in page and "Casablanca" in page
