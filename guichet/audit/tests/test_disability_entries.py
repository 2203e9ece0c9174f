"""Entries that tell a disability are listed only to roles that may see disability details (issue 7)."""

import pytest
from django.urls import reverse

from guichet.audit.models import AuditEntry
from guichet.audit.selectors import audit_entries
from guichet.audit.services import audit_record
from guichet.registry.services import disability_record_save


@pytest.fixture
def recorded(personas, people):
    """A disability centre records, then corrects, the Casablanca person's disability; an agent opens the file."""
    record = disability_record_save(
        actor=personas["centre"],
        person=people["casa"],
        expected_version=None,
        data={"kind": "visual", "degree": "severe", "card_number": "HC-1", "notes": ""},
    )
    disability_record_save(
        actor=personas["centre"],
        person=people["casa"],
        expected_version=record.version,
        data={"kind": "visual", "degree": "moderate", "card_number": "HC-1", "notes": ""},
    )
    audit_record(actor=personas["agent"], action=AuditEntry.Action.VIEW, obj=people["casa"], person=people["casa"])
    return people["casa"]


@pytest.mark.parametrize("role", ["supervisor_region", "supervisor_national"])
def test_supervisors_do_not_learn_that_a_disability_record_exists(client, personas, recorded, role):
    """The log showed supervisors the record's creation and the fields changed (type, degree, card number)."""
    client.force_login(personas[role])
    html = client.get(reverse("audit:list"), {"person": recorded.social_id_display}).content.decode()
    assert "card_number" not in html and "degree" not in html and "disabilityrecord" not in html
    assert "Numéro de la carte de handicap" not in html and "Degré" not in html and "handicap" not in html
    assert recorded.social_id_display in html  # the opening of the file is still listed
    entries = audit_entries(viewer=personas[role], person_social_id=recorded.social_id)
    assert [entry.object_type for entry in entries] == ["registry.person"]


def test_administrators_read_every_entry(client, personas, recorded):
    client.force_login(personas["admin"])
    html = client.get(reverse("audit:list"), {"person": recorded.social_id_display}).content.decode()
    # The fields changed, by their names in the reader's language (never the raw keys).
    assert "Numéro de la carte de handicap" in html and "Degré" in html
    assert "card_number" not in html
    entries = audit_entries(viewer=personas["admin"], person_social_id=recorded.social_id)
    assert sorted(entry.object_type for entry in entries) == [
        "registry.disabilityrecord",
        "registry.disabilityrecord",
        "registry.person",
    ]
