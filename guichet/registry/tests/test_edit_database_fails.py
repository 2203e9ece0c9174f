"""The database fails in the middle of saving a file's change (after the change, at its audit entry): neither
the change nor its search keys are kept without their audit entry, whoever calls the service (page or API)."""

import pytest
from django.db import OperationalError, connection

from guichet.audit.models import AuditEntry
from guichet.registry import services
from guichet.registry.models import Person, PersonNameKey


class AuditWriteFails:
    """Once the person's row is updated, the connection drops at the next audit write, as when PostgreSQL
    restarts at that moment."""

    def __init__(self) -> None:
        self.updated = False

    def __call__(self, execute, sql, params, many, context):
        if sql.startswith('UPDATE "registry_person"'):
            self.updated = True
        elif self.updated and "audit" in sql and ("INSERT" in sql.upper() or "audit_append" in sql):
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)


def test_a_change_whose_audit_entry_fails_is_not_kept(personas, people):
    person = people["casa"]
    keys = sorted(PersonNameKey.objects.filter(person=person).values_list("key", flat=True))
    updates = AuditEntry.objects.filter(action="update", person=person).count()
    fails = AuditWriteFails()

    with connection.execute_wrapper(fails), pytest.raises(OperationalError):
        services.person_update(
            actor=personas["agent"],
            person=Person.objects.get(pk=person.pk),
            expected_version=1,
            data={"given_name_latin": "Rachid", "address": "12 rue Neuve"},
        )

    assert fails.updated  # the change was written, then its audit entry failed
    person = Person.objects.get(pk=person.pk)
    assert person.version == 1 and person.address != "12 rue Neuve" and person.given_name_latin != "Rachid"
    assert sorted(PersonNameKey.objects.filter(person=person).values_list("key", flat=True)) == keys
    assert AuditEntry.objects.filter(action="update", person=person).count() == updates
