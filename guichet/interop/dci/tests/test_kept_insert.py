"""A DCI transaction's record written by an insert kept once (common/kept_writes.py) is the row `create()` writes:
every column read back alike (its creation time set, its JSON stored), its key given; and a model someone listens
to is saved through `save()`, the receiver told."""

import pytest
from django.contrib.auth.models import Group
from django.db.models.signals import post_save
from django.utils import timezone

from guichet.common.kept_writes import KeptInsert
from guichet.interop.dci.models import Transaction

pytestmark = pytest.mark.django_db


def test_a_kept_insert_writes_the_row_create_writes(make_caller):
    client = make_caller().client
    values = {
        "client": client,
        "kind": Transaction.Kind.SEARCH,
        "transaction_id": "t-1",
        "message_id": "m-1",
        "status": Transaction.Status.SUCCEEDED,
        "outcome": [{"reference_id": "r-1", "status": "succ"}],
        "completed_at": timezone.now(),
    }
    before = timezone.now()
    kept = KeptInsert(Transaction).insert(Transaction(correlation_id="corr-kept", **values))
    orm = Transaction.objects.create(correlation_id="corr-orm", **values)
    assert kept.pk and kept.pk != orm.pk and not kept._state.adding and kept._state.db == "default"
    kept_row, orm_row = Transaction.objects.get(pk=kept.pk), Transaction.objects.get(pk=orm.pk)
    for field in Transaction._meta.concrete_fields:
        if field.name not in ("id", "correlation_id", "created_at"):
            assert getattr(kept_row, field.attname) == getattr(orm_row, field.attname), field.name
    assert kept_row.created_at >= before and kept_row.created_at == kept.created_at  # auto_now_add, as save() does
    assert kept_row.outcome == [{"reference_id": "r-1", "status": "succ"}] and kept_row.request == {}


def test_a_model_with_a_receiver_is_saved_through_save():
    heard = []

    def receiver(sender, instance, created, **kwargs):
        heard.append((instance.name, created))

    post_save.connect(receiver, sender=Group)
    try:
        group = KeptInsert(Group).insert(Group(name="kept"))
    finally:
        post_save.disconnect(receiver, sender=Group)
    assert heard == [("kept", True)] and Group.objects.get(pk=group.pk).name == "kept"
