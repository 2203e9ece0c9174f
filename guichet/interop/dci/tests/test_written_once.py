"""A DCI transaction's record written by an insert kept once (common/kept_writes.py) is the row `create()` writes:
every column read back alike (its creation time set, its JSON stored), its key given; and a model someone listens
to is saved through `save()`, the receiver told.

A synchronous search writes the audit of the record it sent and its own trace together (on PostgreSQL in one
statement, outside any transaction): both or neither, the chain intact."""

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, connection
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from guichet.audit.models import AuditEntry
from guichet.audit.services import read_entries, record_reads_with
from guichet.audit.verify import audit_chain_check
from guichet.common.kept_writes import KeptInsert
from guichet.interop.dci.models import Transaction

from .conftest import search_message

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


def _search(client, caller, social_id: str):
    body = caller.envelope("search", search_message("idtype-value", {"type": "SOCIAL_ID", "value": social_id}))
    response = client.post(reverse("dci:sync-search"), body, content_type="application/json", **caller.headers())
    assert response.status_code == 200, response.json()
    return body, response.json()["message"]


@pytest.mark.django_db(transaction=True)
def test_a_search_audits_the_record_sent_and_keeps_its_trace_in_one_write(client, make_caller, shared_people):
    caller, person = make_caller(), shared_people["casa"]
    with CaptureQueriesContext(connection) as queries:
        body, message = _search(client, caller, person.social_id)
    [record] = message["search_response"][0]["data"]["reg_records"]
    assert record["@id"] == f"urn:guichet:person:{person.social_id}"
    entry = AuditEntry.objects.filter(person=person, action=AuditEntry.Action.VIEW).get()
    assert entry.actor_id == caller.client.user_id and entry.object_id == str(person.pk)
    txn = Transaction.objects.get(correlation_id=message["correlation_id"])
    assert (txn.transaction_id, txn.status, txn.is_async) == (body["message"]["transaction_id"], "succ", False)
    assert txn.outcome == [{"reference_id": body["message"]["search_request"][0]["reference_id"], "status": "succ"}]
    report = audit_chain_check()
    assert report.first_break is None and report.head_seq == entry.seq
    if connection.vendor == "postgresql":  # the entry and the trace: one statement, no transaction opened for it
        writes = [
            q["sql"] for q in queries.captured_queries if "audit_append" in q["sql"] or "dci_transaction" in q["sql"]
        ]
        assert len(writes) == 1 and writes[0].startswith("WITH along AS (INSERT INTO")


@pytest.mark.django_db(transaction=True)
def test_a_trace_refused_writes_no_audit_entry_either(make_caller, shared_people):
    caller, person = make_caller(), shared_people["casa"]
    kept = KeptInsert(Transaction)
    values = {"client": caller.client, "kind": Transaction.Kind.SEARCH, "transaction_id": "t", "message_id": "m"}
    kept.insert(Transaction(correlation_id="corr-taken", **values))
    before = AuditEntry.objects.count()
    entries = read_entries(actor=caller.client.user, action=AuditEntry.Action.VIEW, read=[(person, person)])
    with pytest.raises(IntegrityError):  # the trace's correlation ID is taken: the whole write is refused
        record_reads_with(entries, insert=kept, row=Transaction(correlation_id="corr-taken", **values))
    assert AuditEntry.objects.count() == before
    assert Transaction.objects.filter(correlation_id="corr-taken").count() == 1
    entries = read_entries(actor=caller.client.user, action=AuditEntry.Action.VIEW, read=[(person, person)] * 2)
    record_reads_with(
        entries, insert=kept, row=Transaction(correlation_id="corr-free", **values)
    )  # two: one transaction
    assert AuditEntry.objects.count() == before + 2 and Transaction.objects.filter(correlation_id="corr-free").exists()
    assert audit_chain_check().first_break is None
