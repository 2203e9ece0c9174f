"""The audit log: every opening and write recorded, read by supervisors and administrators, never edited."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from guichet.audit.models import AppendOnlyError, AuditEntry


def test_opening_a_file_is_recorded(client, personas, people):
    client.force_login(personas["agent"])
    client.get(reverse("registry:detail", args=[people["casa"].social_id]), REMOTE_ADDR="10.1.2.3")
    entry = AuditEntry.objects.get(action="view")
    assert entry.actor == personas["agent"] and entry.person == people["casa"]
    assert entry.ip_address == "10.1.2.3" and entry.at is not None


def test_a_refused_opening_reads_nothing_and_records_nothing(client, personas, people):
    client.force_login(personas["agent"])
    client.get(reverse("registry:detail", args=[people["rabat"].social_id]))
    assert not AuditEntry.objects.filter(action="view").exists()


def test_reading_disability_details_is_recorded_separately(client, personas, people):
    from guichet.registry.services import disability_record_save

    disability_record_save(
        actor=personas["centre"],
        person=people["casa"],
        expected_version=None,
        data={"kind": "motor", "degree": "light", "card_number": "", "notes": ""},
    )
    client.force_login(personas["centre"])
    client.get(reverse("registry:detail", args=[people["casa"].social_id]))
    assert AuditEntry.objects.filter(action="view_sensitive", actor=personas["centre"]).count() == 1


def test_logins_are_recorded(client, personas):
    client.post(reverse("accounts:login"), {"username": "t_agent", "password": "secret-password"})
    client.logout()
    client.post(reverse("accounts:login"), {"username": "t_agent", "password": "wrong"})
    assert AuditEntry.objects.filter(action="login", actor=personas["agent"]).exists()
    assert AuditEntry.objects.filter(action="login_failed", object_id="t_agent").exists()


def test_entries_cannot_be_changed_or_deleted_by_the_application(personas, people):
    entry = AuditEntry.objects.create(actor=personas["admin"], action="view", object_type="x", object_id="1")
    entry.action = "update"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="update")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "view"


def test_the_database_refuses_to_change_an_entry(personas):
    entry = AuditEntry.objects.create(actor=personas["admin"], action="view", object_type="x", object_id="1")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET action = 'update' WHERE id = %s", [entry.pk])
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "view"


@pytest.mark.parametrize(
    ("role", "sees_casa", "sees_rabat", "status"),
    [
        ("admin", True, True, 200),
        ("supervisor_national", True, True, 200),
        ("supervisor_region", True, False, 200),
        ("supervisor_province", False, False, 200),
        ("agent", False, False, 403),
        ("centre", False, False, 403),
        ("steward", False, False, 403),
    ],
)
def test_who_browses_which_entries(client, personas, people, role, sees_casa, sees_rabat, status):
    for key in ("casa", "rabat"):
        client.force_login(personas["admin"])
        client.get(reverse("registry:detail", args=[people[key].social_id]))
    client.force_login(personas[role])
    response = client.get(reverse("audit:list"))
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert (people["casa"].social_id_display in html) is sees_casa
        assert (people["rabat"].social_id_display in html) is sees_rabat


def test_audit_list_filters_by_person(client, personas, people):
    client.force_login(personas["admin"])
    for key in ("casa", "rabat"):
        client.get(reverse("registry:detail", args=[people[key].social_id]))
    html = client.get(reverse("audit:list"), {"person": people["casa"].social_id_display}).content.decode()
    assert people["casa"].social_id_display in html and people["rabat"].social_id_display not in html
