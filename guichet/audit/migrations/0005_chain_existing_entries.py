"""Chain the entries written before the hash chain existed, in the order they were written (by id)."""

from django.db import migrations

from guichet.audit.chain import GENESIS, entry_hash, values_of

BATCH = 1000


def _lift_update_guard(schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only")
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_entry_no_update")


def _restore_update_guard(schema_editor):
    # On SQLite the trigger comes back with 0006 (forwards) or 0004 (backwards).
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_append_only")


def chain_entries(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    _lift_update_guard(schema_editor)
    seq, prev_hash, last_pk = 0, GENESIS, 0
    while batch := list(AuditEntry.objects.filter(pk__gt=last_pk).order_by("pk")[:BATCH]):
        for entry in batch:
            seq += 1
            entry.changes = entry.changes or {}
            entry.seq, entry.prev_hash = seq, prev_hash
            entry.hash = prev_hash = entry_hash(prev_hash, values_of(entry))
        AuditEntry.objects.bulk_update(batch, ["seq", "prev_hash", "hash", "changes"])
        last_pk = batch[-1].pk
    _restore_update_guard(schema_editor)


def unchain_entries(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    _lift_update_guard(schema_editor)
    AuditEntry.objects.update(seq=None, prev_hash="", hash="")
    _restore_update_guard(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_entry_chain_fields")]

    operations = [migrations.RunPython(chain_entries, unchain_entries)]
