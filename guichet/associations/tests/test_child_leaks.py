"""An association manager adding a child reaches only the children the association knows (issue 7)."""

import re

import pytest
from django.urls import reverse

from guichet.associations.models import SupportedChild
from guichet.associations.tests.factories import SchoolingApplicationFactory
from guichet.registry.models import DisabilityRecord, Person
from guichet.registry.services import disability_record_save

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
SUPPORT = {"school": "École", "support_kind": "equipment", "amount_requested": "900"}


@pytest.fixture
def draft(associations):
    return SchoolingApplicationFactory(association=associations["casa"], school_year="2026-2027")


@pytest.fixture
def manager_client(client, associations):
    client.force_login(associations["casa_manager"])
    return client


def _page_url(draft):
    return reverse("associations:application", args=[draft.pk])


def _add_url(draft):
    return reverse("associations:child_add", args=[draft.pk])


def test_a_social_id_alone_does_not_open_a_stranger(manager_client, draft, people):
    """Any social ID in the country opened the person: the manager saw her name and birth year."""
    rabat = people["rabat"]
    html = manager_client.get(_add_url(draft), {"person": rabat.social_id}).content.decode()
    assert rabat.given_name_latin not in html and rabat.family_name_latin not in html
    assert "Aucune personne ne correspond à cet identifiant social et à cette date de naissance" in html
    response = manager_client.post(
        _add_url(draft), {"social_id": rabat.social_id, "kind": "motor", "degree": "light", **SUPPORT}
    )
    assert response.status_code == 200
    assert not SupportedChild.objects.exists()
    assert not DisabilityRecord.objects.filter(person=rabat).exists()


def test_a_wrong_date_of_birth_is_told_like_an_unknown_social_id(manager_client, draft, people):
    rabat = people["rabat"]
    wrong = manager_client.get(_add_url(draft), {"person": rabat.social_id, "born": "2001-01-01"}).content.decode()
    unknown = manager_client.get(_add_url(draft), {"person": "000000000", "born": "2001-01-01"}).content.decode()
    assert rabat.given_name_latin not in wrong
    assert CSRF.sub("", wrong.replace(rabat.social_id, "000000000")) == CSRF.sub("", unknown)


def test_social_id_and_date_of_birth_together_find_the_child(manager_client, draft, people):
    rabat = people["rabat"]
    html = manager_client.get(
        _add_url(draft), {"person": rabat.social_id, "born": rabat.birth_date.isoformat()}
    ).content.decode()
    assert rabat.given_name_latin in html


def test_the_form_never_tells_whether_a_disability_record_exists(manager_client, draft, people, personas):
    """Without type and degree the child was added only when a record existed: the answer told which."""
    disability_record_save(
        actor=personas["centre"],
        person=people["casa"],
        expected_version=None,
        data={"kind": "autism", "degree": "light", "card_number": "", "notes": ""},
    )
    pages = []
    for person in (people["casa"], people["settat"]):
        data = {
            "social_id": person.social_id,
            "born": person.birth_date.isoformat(),
            "kind": "",
            "degree": "",
            **SUPPORT,
        }
        response = manager_client.post(_add_url(draft), data)
        assert response.status_code == 200
        html = response.content.decode()
        assert 'id="id_kind_error"' in html and 'id="id_degree_error"' in html
        html = html.replace(person.full_name, "NAME").replace(person.social_id, "SID")
        pages.append(CSRF.sub("", html.replace(person.birth_date.isoformat(), "BORN")))
    assert pages[0] == pages[1]
    assert not SupportedChild.objects.exists()


def test_a_record_written_through_a_listing_leaves_with_the_child(manager_client, draft, people):
    """An adult of another region kept the disability record written through an application after removal."""
    rabat = people["rabat"]
    data = {"social_id": rabat.social_id, "born": rabat.birth_date.isoformat(), "kind": "motor", "degree": "light"}
    assert manager_client.post(_add_url(draft), {**data, **SUPPORT}).status_code == 302
    child = SupportedChild.objects.get()
    assert DisabilityRecord.objects.filter(person=rabat).exists()
    manager_client.post(_page_url(draft), {"action": "child_remove", "child": child.pk, "confirm": "1"})
    assert not SupportedChild.objects.exists()
    assert not DisabilityRecord.objects.filter(person=rabat).exists()


def test_a_record_that_existed_before_the_listing_stays(manager_client, draft, people, personas):
    casa = people["casa"]
    disability_record_save(
        actor=personas["centre"],
        person=casa,
        expected_version=None,
        data={"kind": "autism", "degree": "light", "card_number": "ORIG-1", "notes": ""},
    )
    data = {"social_id": casa.social_id, "born": casa.birth_date.isoformat(), "kind": "motor", "degree": "severe"}
    assert manager_client.post(_add_url(draft), {**data, **SUPPORT}).status_code == 302
    manager_client.post(
        _page_url(draft), {"action": "child_remove", "child": SupportedChild.objects.get().pk, "confirm": "1"}
    )
    assert DisabilityRecord.objects.get(person=casa).card_number == "ORIG-1"


def test_the_child_search_shows_no_social_id_outside_the_association(manager_client, draft, associations, people):
    """The child search was the national registry search: social IDs of every region, each a link to choose."""
    own = Person.objects.get(pk=people["settat"].pk)
    own.created_by = associations["casa_manager"]
    own.save()
    html = manager_client.get(_add_url(draft), {"q": "Alaoui"}).content.decode()
    assert people["rabat"].social_id not in html
    html = manager_client.get(_add_url(draft), {"q": "Idrissi"}).content.decode()
    assert people["casa"].social_id not in html
    html = manager_client.get(_add_url(draft), {"q": "Bennani"}).content.decode()
    assert f"?person={own.social_id}" in html
