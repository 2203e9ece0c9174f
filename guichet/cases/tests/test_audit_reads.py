"""Printing a receipt shows the person's request: it is recorded in the audit log."""

from django.urls import reverse

from guichet.audit.models import AuditEntry


def test_printing_the_receipt_is_recorded(client, personas, people, filed):
    client.force_login(personas["agent"])
    response = client.get(reverse("cases:receipt", args=[filed.reference]), REMOTE_ADDR="10.4.4.4")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    [entry] = AuditEntry.objects.filter(action="view", changes__has_key="receipt")
    assert entry.actor == personas["agent"] and entry.person == people["casa"]
    assert (entry.object_type, entry.object_id, entry.ip_address) == ("cases.request", str(filed.pk), "10.4.4.4")


def test_a_refused_receipt_records_nothing(client, personas, filed):
    client.force_login(personas["agent_rabat"])
    assert client.get(reverse("cases:receipt", args=[filed.reference])).status_code in (403, 404)
    assert not AuditEntry.objects.filter(action="view", changes__has_key="receipt").exists()
