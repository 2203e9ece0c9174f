"""The entries written before the hash chain get their positions and hashes, in the order they were written."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from guichet.audit.verify import audit_chain_check

TABLE = "audit_auditentry"
BEFORE_CHAIN = [("audit", "0003_entry_action_delete")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_existing_entries_are_chained_and_the_chain_can_be_undone():
    latest = [("audit", MigrationExecutor(connection).loader.graph.leaf_nodes("audit")[0][1])]
    _migrate(BEFORE_CHAIN)
    try:
        with connection.cursor() as cursor:
            for object_id, changes in (("1", "{}"), ("2", '{"phone": ["a", "b"]}'), ("3", "{}")):
                cursor.execute(
                    "INSERT INTO audit_auditentry (at, action, object_type, object_id, changes) "
                    "VALUES (CURRENT_TIMESTAMP, 'view', 'registry.person', %s, %s)",
                    [object_id, changes],
                )
        _migrate(latest)
        with connection.cursor() as cursor:
            cursor.execute("SELECT object_id, seq FROM audit_auditentry ORDER BY id")
            assert [(object_id, int(seq)) for object_id, seq in cursor.fetchall()] == [("1", 1), ("2", 2), ("3", 3)]
        report = audit_chain_check()
        assert report.first_break is None and report.count == 3

        _migrate(BEFORE_CHAIN)  # backwards: the entries stay, without their chain
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM audit_auditentry")
            assert cursor.fetchone()[0] == 3
            if connection.vendor == "sqlite":  # the no-update trigger of 0002 is back
                cursor.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_auditentry'"
                )
                assert [name for (name,) in cursor.fetchall()] == ["audit_entry_no_update"]
    finally:
        _migrate(latest)
