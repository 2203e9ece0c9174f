"""Every entry is chained from now on; SQLite refuses deletion like update; PostgreSQL locks the chain's head.

SQLite: the triggers are (re)created here because rebuilding the table (0004, and the change below) drops
them. Django's own flush (tests, `manage.py flush`), which empties every table, lifts them for its own
transaction (guichet/audit/sqlite3), as PostgreSQL's TRUNCATE is not seen by row triggers.

PostgreSQL: `audit_chain_head()` takes the chain's transaction-level advisory lock and then reads the last
entry. Being VOLATILE, its query sees what the writer it waited for has just committed (READ COMMITTED),
and it costs one round trip.
"""

from django.db import migrations, models

SQLITE_FORWARD = [
    "DROP TRIGGER IF EXISTS audit_entry_no_update;",
    "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;",
    "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;",
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS audit_entry_no_delete;"]
POSTGRES_FORWARD = [
    "CREATE FUNCTION audit_chain_head(OUT seq bigint, OUT hash varchar) LANGUAGE plpgsql VOLATILE AS $$ "
    "BEGIN "
    "PERFORM pg_advisory_xact_lock(4242000001); "
    "SELECT e.seq, e.hash INTO seq, hash FROM audit_auditentry e ORDER BY e.seq DESC LIMIT 1; "
    "END; $$;",
]
POSTGRES_REVERSE = ["DROP FUNCTION IF EXISTS audit_chain_head();"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_chain_existing_entries")]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="seq",
            field=models.PositiveBigIntegerField(editable=False, unique=True, verbose_name="position"),
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        ),
    ]
