"""The audit factory appends entries the way every app does: chained, scoped by the person concerned."""

import pytest

from guichet.audit import chain
from guichet.audit.models import AuditEntry
from guichet.audit.tests.factories import AuditEntryFactory
from guichet.registry.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_entries_are_chained_one_after_the_other():
    first, second = (
        AuditEntryFactory(),
        AuditEntryFactory(action=AuditEntry.Action.UPDATE, changes={"phone": ["", "…"]}),
    )
    assert second.seq == first.seq + 1
    assert second.prev_hash == first.hash == chain.entry_hash(first.prev_hash, chain.values_of(first))
    assert AuditEntry.objects.get(pk=second.pk).changes == {"phone": ["", "…"]}


def test_an_entry_about_a_person_is_scoped_to_their_territory():
    person = PersonFactory()
    entry = AuditEntryFactory(obj=person)
    assert (entry.object_type, entry.object_id, entry.person) == ("registry.person", str(person.pk), person)
    assert (entry.scope_region_id, entry.scope_province_id) == (person.region_id, person.province_id)


def test_an_entry_about_no_one_has_no_scope():
    entry = AuditEntryFactory(actor=None, action=AuditEntry.Action.LOGIN_FAILED, obj=None, ip_address="192.0.2.7")
    assert (entry.object_type, entry.person, entry.scope_region_id) == ("", None, None)


def test_an_entry_cannot_be_built_to_be_changed_later():
    with pytest.raises(TypeError):
        AuditEntryFactory.build()
