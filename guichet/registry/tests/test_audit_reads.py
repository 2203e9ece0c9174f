"""Reads of the registry that the audit log records: the edit form, and searches by a personal identifier."""

from django.urls import reverse

from guichet.audit.models import AuditEntry


def test_opening_the_edit_form_is_recorded_as_an_opening(client, personas, people):
    client.force_login(personas["agent"])
    response = client.get(reverse("registry:edit", args=[people["casa"].social_id]), REMOTE_ADDR="10.9.8.7")
    assert response.status_code == 200
    [entry] = AuditEntry.objects.filter(action="view")
    assert entry.actor == personas["agent"] and entry.person == people["casa"] and entry.ip_address == "10.9.8.7"


def test_a_refused_edit_form_records_nothing(client, personas, people):
    client.force_login(personas["agent"])
    assert client.get(reverse("registry:edit", args=[people["rabat"].social_id])).status_code in (403, 404)
    assert not AuditEntry.objects.filter(action="view").exists()


def test_a_search_by_cnie_records_the_kind_and_the_person_found_never_the_number(client, personas, people):
    client.force_login(personas["agent_rabat"])
    response = client.get(reverse("registry:search"), {"q": "be 123456"})
    assert people["casa"].family_name_latin in response.content.decode()
    [entry] = AuditEntry.objects.filter(action="search")
    assert entry.actor == personas["agent_rabat"] and entry.person == people["casa"]
    assert entry.scope_region_id == people["casa"].region_id  # her region's supervisors see it
    assert list(entry.changes) == ["cnie"]
    assert "123456" not in str(entry.changes) and "123456" not in entry.object_id


def test_a_search_by_phone_is_an_access_to_the_person_it_finds(client, personas, people):
    client.force_login(personas["agent"])
    client.get(reverse("registry:search"), {"q": "0612345678"})
    [entry] = AuditEntry.objects.filter(action="search")
    assert entry.person == people["casa"] and "phone" in entry.changes
    assert "612345678" not in str(entry.changes)


def test_a_search_by_cnie_that_finds_nobody_is_recorded_once(client, personas, people):
    client.force_login(personas["agent"])
    client.get(reverse("registry:search"), {"q": "ZZ999999"})
    [entry] = AuditEntry.objects.filter(action="search")
    assert entry.person is None and list(entry.changes) == ["cnie"] and "999999" not in str(entry.changes)


def test_a_search_by_name_is_not_recorded(client, personas, people):
    client.force_login(personas["agent"])
    client.get(reverse("registry:search"), {"q": "Mohamed El Idrissi"})
    assert not AuditEntry.objects.filter(action="search").exists()
