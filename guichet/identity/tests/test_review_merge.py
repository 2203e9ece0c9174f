"""A merge's page: what it did, and its undoing — confirmed first, refused with its reasons, exact when done."""

import pytest
from django.db.models import F
from django.urls import reverse

from guichet.identity.models import Merge
from guichet.identity.services import person_merge
from guichet.registry.models import Person

from .conftest import rows_touching


@pytest.fixture
def steward_client(client, personas):
    client.force_login(personas["steward"])
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def merged(personas, twins):
    before = rows_touching(twins.survivor, twins.absorbed)
    merge = person_merge(
        actor=personas["steward"],
        survivor=twins.survivor,
        absorbed=twins.absorbed,
        survivor_version=twins.survivor.version,
        absorbed_version=twins.absorbed.version,
    )
    return merge, before


def test_it_shows_the_two_files_and_what_moved(steward_client, twins, merged):
    merge, _before = merged
    html = steward_client.get(reverse("identity:merge", args=[merge.pk])).content.decode()
    assert twins.survivor.social_id_display in html and twins.absorbed.social_id_display in html
    assert "Records moved to the file that remains" in html
    assert "Requests: 2" in html
    assert "Undo the merge…" in html


def test_an_unmerge_is_confirmed_then_restores_every_row(steward_client, twins, merged):
    merge, before = merged
    url = reverse("identity:merge", args=[merge.pk])

    asked = steward_client.post(url, {"action": "unmerge"})
    assert asked.status_code == 200 and "Undo the merge" in asked.content.decode()
    assert Merge.objects.get().undone_at is None

    done = steward_client.post(url, {"action": "unmerge", "confirm": "1"})

    assert done.status_code == 302
    assert Merge.objects.get().undone_at is not None
    assert rows_touching(twins.survivor, twins.absorbed) == before
    html = steward_client.get(url).content.decode()
    assert "Undone" in html and "Undo the merge…" not in html
    # The old social ID opens its own file again.
    page = steward_client.get(reverse("registry:detail", args=[twins.absorbed.social_id]))
    assert page.status_code == 200 and "Mohammed" in page.content.decode()


def test_a_refused_unmerge_says_why_and_changes_nothing(steward_client, twins, merged):
    merge, _before = merged
    Person.objects.filter(pk=twins.survivor.pk).update(address="Hay Hassani", version=F("version") + 1)  # an edit
    response = steward_client.post(reverse("identity:merge", args=[merge.pk]), {"action": "unmerge", "confirm": "1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "error-summary" in html and "was changed after the merge" in html
    assert Merge.objects.get().undone_at is None
    assert Person.objects.get(pk=twins.absorbed.pk).merged_into_id == twins.survivor.pk


def test_the_refusal_reads_in_french(client, personas, twins, merged):
    merge, _before = merged
    Person.objects.filter(pk=twins.survivor.pk).update(version=F("version") + 1)
    client.force_login(personas["steward"])
    html = client.post(reverse("identity:merge", args=[merge.pk]), {"action": "unmerge", "confirm": "1"})
    text = html.content.decode()
    assert "was changed after the merge" not in text and "error-summary" in text


def test_the_person_page_lists_the_merges_to_stewards_only(client, personas, twins, merged):
    merge, _before = merged
    link = reverse("identity:merge", args=[merge.pk])
    client.force_login(personas["steward"])
    assert link in client.get(reverse("registry:detail", args=[twins.survivor.social_id])).content.decode()
    client.force_login(personas["agent"])
    html = client.get(reverse("registry:detail", args=[twins.survivor.social_id])).content.decode()
    assert twins.survivor.social_id_display in html and link not in html


def test_the_menu_offers_the_queue_to_stewards_and_administrators_only(client, personas):
    queue = reverse("identity:queue")
    for role in ("steward", "admin", "agent", "supervisor_region", "centre"):
        client.force_login(personas[role])
        html = client.get(reverse("registry:search")).content.decode()
        assert (f'href="{queue}"' in html) is (role in ("steward", "admin")), role
