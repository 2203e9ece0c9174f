"""Audit factories: an entry is appended through `audit_record`, the one way in, so that it is chained like any other.

The log is append-only: an entry cannot be built unsaved and changed later, and it is dated when it is chained.
"""

import factory

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import UserFactory
from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_record
from guichet.registry.models import Person
from guichet.registry.tests.factories import PersonFactory


class AuditEntryFactory(factory.django.DjangoModelFactory[AuditEntry]):
    """An administrator opening a person's file by default; `obj` is what the entry is about (None for a failed
    login), `person` the person concerned (the object itself when it is a person), which scopes the entry."""

    class Meta:
        model = AuditEntry

    actor = factory.SubFactory(UserFactory, role=Role.ADMIN)
    action = AuditEntry.Action.VIEW
    obj = factory.SubFactory(PersonFactory)
    person = factory.LazyAttribute(lambda o: o.obj if isinstance(o.obj, Person) else None)
    changes = factory.LazyFunction(dict)
    ip_address = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return audit_record(**kwargs)

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        raise TypeError("audit entries are append-only: create them, never build one to change it")
