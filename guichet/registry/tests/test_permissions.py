"""The permission matrix: every role against persons inside and outside its territory."""

import pytest
from django.urls import reverse

# Who may open the full file of the person living in: Casablanca, Settat (same region), Rabat.
FILE_ACCESS = {
    "admin": (True, True, True),
    "steward": (True, True, True),
    "agent": (True, False, False),
    "agent_rabat": (False, False, True),
    "centre": (True, False, False),
    "incubator": (True, False, False),
    "centre_rabat": (False, False, True),
    "supervisor_region": (True, True, False),
    "supervisor_province": (False, True, False),
    "supervisor_national": (True, True, True),
    "coordinator": (True, True, False),
    "facilitator": (False, False, False),
    "programme_officer": (False, False, True),
    "association_manager": (False, False, False),
}
PLACES = ("casa", "settat", "rabat")


@pytest.mark.parametrize("role", FILE_ACCESS)
@pytest.mark.parametrize("place", range(3))
def test_opening_a_file_follows_the_territory(client, personas, people, role, place):
    client.force_login(personas[role])
    person = people[PLACES[place]]
    response = client.get(reverse("registry:detail", args=[person.social_id]))
    expected = FILE_ACCESS[role][place]
    assert response.status_code == (200 if expected else 403)
    html = response.content.decode()
    if expected:
        assert person.social_id_display in html
    else:
        assert person.given_name_latin not in html


# Who may change a file: the roles that register persons at the registry, in their territory. Supervisors read
# only; coordinators, officers, facilitators and association managers never edit a file.
EDITORS = ("admin", "steward", "agent", "agent_rabat", "centre", "incubator", "centre_rabat")


@pytest.mark.parametrize("role", FILE_ACCESS)
@pytest.mark.parametrize("place", range(3))
def test_editing_a_file_follows_the_role_and_the_territory(client, personas, people, role, place):
    client.force_login(personas[role])
    person = people[PLACES[place]]
    allowed = role in EDITORS and FILE_ACCESS[role][place]
    response = client.get(reverse("registry:edit", args=[person.social_id]))
    assert response.status_code == (200 if allowed else 403)


@pytest.mark.parametrize("role", FILE_ACCESS)
def test_search_is_national_for_every_role(client, personas, people, role):
    client.force_login(personas[role])
    html = client.get(reverse("registry:search"), {"q": "Youssef Alaoui"}).content.decode()
    assert "Youssef" in html


# Who sees disability details: disability-centre staff, stewards and administrators — in their territory.
DISABILITY_ACCESS = {
    "admin": True,
    "steward": True,
    "centre": True,
    "agent": False,
    "incubator": False,
    "supervisor_region": False,
    "supervisor_national": False,
    "coordinator": False,
}


@pytest.mark.parametrize(("role", "allowed"), DISABILITY_ACCESS.items())
def test_disability_details_only_for_roles_that_need_them(client, personas, people, role, allowed):
    from guichet.registry.services import disability_record_save

    person = people["casa"]
    disability_record_save(
        actor=personas["admin"],
        person=person,
        expected_version=None,
        data={"kind": "visual", "degree": "severe", "card_number": "HC-778899", "notes": ""},
    )
    client.force_login(personas[role])
    html = client.get(reverse("registry:detail", args=[person.social_id])).content.decode()
    assert ("HC-778899" in html) is allowed
    response = client.get(reverse("registry:disability", args=[person.social_id]))
    assert response.status_code == (200 if allowed else 403)


def test_disability_centre_staff_outside_the_territory_cannot_edit(client, personas, people):
    client.force_login(personas["centre_rabat"])
    response = client.post(
        reverse("registry:disability", args=[people["casa"].social_id]),
        {"kind": "motor", "degree": "light", "card_number": "", "notes": "", "version": 0},
    )
    assert response.status_code == 403
    from guichet.registry.models import DisabilityRecord

    assert not DisabilityRecord.objects.filter(person=people["casa"]).exists()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("agent", True),
        ("centre", True),
        ("steward", True),
        ("admin", True),
        ("supervisor_region", False),
        ("supervisor_national", False),
        ("coordinator", True),
        ("association_manager", True),
        ("facilitator", False),
        ("programme_officer", False),
    ],
)
def test_who_may_register(client, personas, role, allowed):
    client.force_login(personas[role])
    assert client.get(reverse("registry:create")).status_code == (200 if allowed else 403)
