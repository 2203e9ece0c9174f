"""Leaks found in review, each reproduced: the attack must fail now."""

import pytest
from django.urls import reverse
from django.utils import timezone

from guichet.audit.models import AuditEntry
from guichet.registry.models import Person


def _edit_data(person, **changes):
    return {
        "given_name_latin": person.given_name_latin,
        "family_name_latin": person.family_name_latin,
        "given_name_ar": person.given_name_ar,
        "family_name_ar": person.family_name_ar,
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat(),
        "birth_year": "",
        "cnie": person.cnie or "",
        "idcs": person.idcs or "",
        "phone": "",
        "commune": person.commune_id,
        "address": person.address,
        "version": person.version,
        **changes,
    }


@pytest.mark.parametrize("role", ["supervisor_region", "supervisor_national", "coordinator"])
def test_readers_cannot_change_a_file_they_may_open(client, personas, people, role):
    """Supervisors and coordinators (officers: see the matrix) changed CNIE, phone, address through the edit form."""
    person = people["casa"]
    client.force_login(personas[role])
    assert client.get(reverse("registry:detail", args=[person.social_id])).status_code == 200
    response = client.post(
        reverse("registry:edit", args=[person.social_id]),
        _edit_data(person, cnie="ZZ999999", address="Pirate street"),
    )
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.cnie == "BE123456" and person.address != "Pirate street"
    assert not AuditEntry.objects.filter(action="update", object_type="registry.person").exists()


def test_the_edit_link_is_shown_only_to_those_who_may_edit(client, personas, people):
    person = people["casa"]
    edit_url = reverse("registry:edit", args=[person.social_id])
    client.force_login(personas["supervisor_region"])
    assert edit_url not in client.get(reverse("registry:detail", args=[person.social_id])).content.decode()
    client.force_login(personas["agent"])
    assert edit_url in client.get(reverse("registry:detail", args=[person.social_id])).content.decode()


def test_the_duplicate_check_shows_no_social_id_outside_the_territory(client, personas, people):
    """Registering a namesake of a person of Rabat linked to her file and showed her social ID to a Casablanca agent."""
    rabat = people["rabat"]
    client.force_login(personas["agent"])
    data = {
        "given_name_latin": "Youssef",
        "family_name_latin": "Alaoui",
        "given_name_ar": "",
        "family_name_ar": "",
        "sex": "M",
        "birth_date": rabat.birth_date.isoformat(),
        "birth_year": "",
        "cnie": "",
        "idcs": "",
        "phone": "",
        "commune": people["casa"].commune_id,
        "address": "",
        "head_social_id": "",
        "relationship": "head",
        "consent_given_on": timezone.localdate().isoformat(),
        "consent_purposes": ["registration"],
    }
    response = client.post(reverse("registry:create"), data)
    html = response.content.decode()
    assert response.status_code == 200 and Person.objects.count() == 3
    section = html[html.index('class="lookalikes"') : html.index("</section>")]
    assert "Youssef Alaoui" in section and "hors de votre territoire" in section  # the minimal identity of the search
    assert rabat.social_id not in html.replace(" ", "")
    assert reverse("registry:detail", args=[rabat.social_id]) not in html
    assert [row["in_scope"] for row in response.context["lookalikes"]] == [False]
