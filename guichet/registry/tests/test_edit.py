"""Editing a file: changes are audited, and a stale edit never overwrites someone else's."""

import pytest
from django.urls import reverse

from guichet.audit.models import AuditEntry
from guichet.common.exceptions import StaleEdit
from guichet.registry import services
from guichet.registry.models import Person, PersonNameKey


def edit_data(person, **changes):
    data = {
        "given_name_latin": person.given_name_latin,
        "family_name_latin": person.family_name_latin,
        "given_name_ar": person.given_name_ar,
        "family_name_ar": person.family_name_ar,
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat(),
        "birth_year": "",
        "cnie": person.cnie or "",
        "idcs": person.idcs or "",
        "phone": person.phone,
        "commune": person.commune_id,
        "address": person.address,
        "version": person.version,
    }
    return {**data, **changes}


def test_agent_edits_a_file(client, personas, people):
    person = people["casa"]
    client.force_login(personas["agent"])
    response = client.post(
        reverse("registry:edit", args=[person.social_id]),
        edit_data(person, address="5 avenue Hassan II", phone="0700112233"),
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.address == "5 avenue Hassan II" and person.phone == "+212700112233"
    assert person.version == 2
    entry = AuditEntry.objects.get(action="update", person=person)
    assert entry.changes["address"] == ["", "5 avenue Hassan II"]
    assert set(entry.changes) == {"address", "phone"}


def test_changing_a_name_updates_the_search_keys(client, personas, people):
    person = people["casa"]
    client.force_login(personas["agent"])
    client.post(
        reverse("registry:edit", args=[person.social_id]),
        edit_data(person, given_name_latin="Rachid", given_name_ar="رشيد"),
    )
    keys = set(PersonNameKey.objects.filter(person=person).values_list("key", flat=True))
    from guichet.matching.normalize import name_keys

    assert set(name_keys("Rachid")) <= keys and not set(name_keys("Mohamed")) & keys


def test_stale_edit_is_refused_and_nothing_is_overwritten(client, personas, people):
    person = people["casa"]
    client.force_login(personas["agent"])
    opened = edit_data(person)  # the form as the agent opened it, at version 1
    services.person_update(
        actor=personas["admin"],
        person=Person.objects.get(pk=person.pk),
        expected_version=1,
        data={"address": "Set by a colleague"},
    )
    response = client.post(reverse("registry:edit", args=[person.social_id]), {**opened, "address": "Mine"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    person.refresh_from_db()
    assert person.address == "Set by a colleague" and person.version == 2
    assert AuditEntry.objects.filter(action="update", person=person).count() == 1


def test_stale_edit_at_service_level(personas, people):
    person = people["casa"]
    services.person_update(actor=personas["admin"], person=person, expected_version=1, data={"address": "A"})
    with pytest.raises(StaleEdit):
        services.person_update(
            actor=personas["admin"],
            person=Person.objects.get(pk=person.pk),
            expected_version=1,
            data={"address": "B"},
        )


def test_moving_to_another_province_moves_the_scope(client, personas, people, territory):
    person = people["casa"]
    services.person_update(
        actor=personas["admin"], person=person, expected_version=1, data={"commune": territory["agdal"]}
    )
    person.refresh_from_db()
    assert person.province == territory["rabat"] and person.region == territory["rabat_region"]
    client.force_login(personas["agent"])
    assert client.get(reverse("registry:detail", args=[person.social_id])).status_code == 403


def test_edit_form_shows_year_only_births_as_a_year(client, personas, people):
    person = people["casa"]
    Person.objects.filter(pk=person.pk).update(birth_date_approximate=True)
    client.force_login(personas["agent"])
    html = client.get(reverse("registry:edit", args=[person.social_id])).content.decode()
    assert 'name="birth_year" value="1985"' in html


def test_disability_record_stale_edit(personas, people):
    record = services.disability_record_save(
        actor=personas["centre"],
        person=people["casa"],
        expected_version=None,
        data={"kind": "motor", "degree": "light", "card_number": "", "notes": ""},
    )
    services.disability_record_save(
        actor=personas["centre"],
        person=people["casa"],
        expected_version=1,
        data={"kind": "motor", "degree": "severe", "card_number": "", "notes": ""},
    )
    with pytest.raises(StaleEdit):
        services.disability_record_save(
            actor=personas["centre"],
            person=people["casa"],
            expected_version=1,
            data={"kind": "visual", "degree": "light", "card_number": "", "notes": ""},
        )
    record.refresh_from_db()
    assert record.degree == "severe"


def test_disability_values_never_enter_the_audit_log(personas, people):
    services.disability_record_save(
        actor=personas["centre"],
        person=people["casa"],
        expected_version=None,
        data={"kind": "psychic", "degree": "light", "card_number": "SECRET-1", "notes": "private"},
    )
    for entry in AuditEntry.objects.all():
        assert "psychic" not in str(entry.changes) and "SECRET-1" not in str(entry.changes)
