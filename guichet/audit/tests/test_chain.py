"""The audit log is tamper-evident: chained entries, audit_verify naming the first broken one, no deletion."""

import itertools
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.db.utils import load_backend
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from guichet.audit.chain import GENESIS, entry_hash, values_of
from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_record
from guichet.audit.verify import audit_chain_check

SQLITE_NO_UPDATE = (
    "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;"
)
SQLITE_NO_DELETE = (
    "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;"
)


def _tamper(sql: str, params: list) -> None:
    """What an intruder with the database's owner rights does: lift the guard, change the table, put it back."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks pending before ALTER TABLE
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only")
            cursor.execute(sql, params)
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_append_only")
        else:
            cursor.execute("DROP TRIGGER audit_entry_no_update")
            cursor.execute("DROP TRIGGER audit_entry_no_delete")
            cursor.execute(sql, params)
            cursor.execute(SQLITE_NO_UPDATE)
            cursor.execute(SQLITE_NO_DELETE)


def _verify_output() -> str:
    from io import StringIO

    out = StringIO()
    with translation.override("en"):
        call_command("audit_verify", stdout=out)
    return out.getvalue()


@pytest.fixture
def entries(personas, people):
    return [
        audit_record(actor=personas["agent"], action="view", obj=people["casa"], person=people["casa"]),
        audit_record(
            actor=personas["agent"],
            action="update",
            obj=people["casa"],
            person=people["casa"],
            changes={"phone": ["+212600000000", "+212612345678"]},
            ip_address="10.1.2.3",
        ),
        audit_record(actor=personas["admin"], action="view", obj=people["rabat"], person=people["rabat"]),
        audit_record(actor=None, action="login_failed", obj=None, ip_address="2001:db8::1"),
    ]


def test_each_entry_is_chained_to_the_one_before(entries):
    saved = list(AuditEntry.objects.order_by("seq"))
    assert [entry.seq for entry in saved] == [1, 2, 3, 4]
    assert saved[0].prev_hash == GENESIS
    for before, entry in itertools.pairwise(saved):
        assert entry.prev_hash == before.hash
    # The hash read back from the database is the hash of what was read back.
    for entry in saved:
        assert entry.hash == entry_hash(entry.prev_hash, values_of(entry)) and len(entry.hash) == 64


def test_audit_verify_passes_on_a_clean_log(entries):
    output = _verify_output()
    assert "4 entries" in output and entries[-1].hash in output


def test_audit_verify_passes_on_an_empty_log(db):
    assert "0 entries" in _verify_output()


def test_audit_verify_names_an_altered_entry(entries):
    _tamper("UPDATE audit_auditentry SET object_id = %s WHERE id = %s", ["999", entries[1].pk])
    with pytest.raises(CommandError) as caught, translation.override("en"):
        call_command("audit_verify")
    assert f"Entry {entries[1].pk} (position 2) was altered" in str(caught.value)
    with pytest.raises(CommandError) as caught, translation.override("fr"):
        call_command("audit_verify")
    assert f"L’entrée {entries[1].pk} (position 2) a été modifiée" in str(caught.value)


def test_audit_verify_catches_changed_changes(entries):
    # The phone number put back as it was before the change: the entry lies about what changed.
    with connection.cursor() as cursor:
        cursor.execute("SELECT changes FROM audit_auditentry WHERE id = %s", [entries[1].pk])
        stored = cursor.fetchone()[0]
    forged = stored.replace("+212600000000", "+212611111111") if isinstance(stored, str) else None
    if forged is None:  # PostgreSQL's driver gives the JSON decoded
        import json

        forged = json.dumps({"phone": ["+212611111111", "+212612345678"]})
    _tamper("UPDATE audit_auditentry SET changes = %s WHERE id = %s", [forged, entries[1].pk])
    assert audit_chain_check().first_break.entry_id == entries[1].pk


def test_audit_verify_names_the_entry_after_a_deleted_one(entries):
    _tamper("DELETE FROM audit_auditentry WHERE id = %s", [entries[1].pk])
    with pytest.raises(CommandError) as caught, translation.override("en"):
        call_command("audit_verify")
    message = str(caught.value)
    assert f"missing before entry {entries[2].pk}" in message and "position 2 expected, 3 found" in message


def test_audit_verify_sees_a_first_entry_removed(entries):
    _tamper("DELETE FROM audit_auditentry WHERE id = %s", [entries[0].pk])
    found = audit_chain_check().first_break
    assert found.problem == "missing" and found.entry_id == entries[1].pk


def test_audit_verify_sees_an_entry_replaced_by_a_forged_one(entries, personas):
    # Removed, then forged with the same position and a valid hash of its own: the next entry's link breaks.
    victim = entries[1]
    _tamper("DELETE FROM audit_auditentry WHERE id = %s", [victim.pk])
    forged = AuditEntry(
        at=victim.at,
        actor=personas["admin"],
        action="view",
        object_type="x",
        object_id="1",
        changes={},
        seq=victim.seq,
        prev_hash=victim.prev_hash,
    )
    forged.hash = entry_hash(forged.prev_hash, values_of(forged))
    columns = "at, actor_id, action, object_type, object_id, changes, seq, prev_hash, hash"
    _tamper(
        f"INSERT INTO audit_auditentry ({columns}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
        [forged.at, forged.actor_id, "view", "x", "1", "{}", forged.seq, forged.prev_hash, forged.hash],
    )
    found = audit_chain_check().first_break
    assert found.problem == "missing" and found.entry_id == entries[2].pk


def test_audit_verify_exits_with_an_error_code(entries):
    from django.core.management import ManagementUtility

    _tamper("UPDATE audit_auditentry SET action = %s WHERE id = %s", ["view", entries[1].pk])
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", "audit_verify"]).execute()
    assert exited.value.code == 1


def test_the_database_refuses_to_delete_an_entry(entries):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entries[0].pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry")
    assert AuditEntry.objects.count() == 4
    assert audit_chain_check().first_break is None


def test_bulk_writes_are_chained_too(personas, entries):
    new = [AuditEntry(actor=personas["admin"], action="view", object_type="x", object_id=str(n)) for n in range(3)]
    AuditEntry.objects.bulk_create(new)
    # One entry alone (a record another system read): on PostgreSQL one statement chains and inserts it.
    alone = AuditEntry(actor=personas["admin"], action="view", object_type="x", object_id="alone")
    expected = 1 if connection.vendor == "postgresql" else 2
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        [saved] = AuditEntry.objects.bulk_create([alone])
    assert len(queries.captured_queries) == expected and saved.pk is not None and saved.seq == 8
    assert list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True)) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert audit_chain_check().first_break is None


def test_recording_costs_one_statement_on_postgresql_and_one_query_beside_the_insert_on_sqlite(
    personas, people, django_assert_num_queries
):
    audit_record(actor=personas["agent"], action="view", obj=people["casa"], person=people["casa"])
    # PostgreSQL: audit_append locks, links and inserts in one statement; SQLite: the head, then the insert.
    expected = 1 if connection.vendor == "postgresql" else 2
    with transaction.atomic(), django_assert_num_queries(expected):
        audit_record(actor=personas["agent"], action="view", obj=people["casa"], person=people["casa"])
    assert audit_chain_check().first_break is None


@pytest.fixture
def writers_database(tmp_path):
    """Where the concurrent writers write, and how each thread opens its own connection to it.

    PostgreSQL: the test database. SQLite: a database file with the audit table as the migrations leave
    it, because the in-memory test database shares one cache between connections, where SQLite answers
    "locked" at once instead of waiting its turn as it does with a file.
    """
    if connection.vendor != "sqlite":
        yield DEFAULT_DB_ALIAS, lambda: connections[DEFAULT_DB_ALIAS]
        return
    alias = "audit_writers"
    base = connections.settings[DEFAULT_DB_ALIAS]
    # The users and persons the entries could point at are not in that file: no foreign keys to check.
    options = {**base["OPTIONS"], "init_command": base["OPTIONS"]["init_command"] + " PRAGMA foreign_keys=OFF;"}
    settings_dict = {**base, "NAME": str(tmp_path / "audit.sqlite3"), "OPTIONS": options}

    def open_connection():
        wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)
        connections[alias] = wrapper  # this thread's own connection under that name
        return wrapper

    wrapper = open_connection()
    with wrapper.schema_editor() as editor:
        editor.create_model(AuditEntry)
        editor.execute(SQLITE_NO_UPDATE)
        editor.execute(SQLITE_NO_DELETE)
    yield alias, open_connection
    wrapper.close()


@pytest.mark.django_db(transaction=True)
def test_the_chain_holds_under_concurrent_writers(personas, people, writers_database):
    """Writers in threads, each with its own connection: positions without gaps, every link right."""
    (using, open_connection), writers, per_writer = writers_database, 4, 8
    # On PostgreSQL through audit_record itself; the SQLite file has no persons or users to point at.
    actor, person = (personas["agent"], people["casa"]) if using == DEFAULT_DB_ALIAS else (None, None)
    errors = []
    start = threading.Barrier(writers)

    def write():
        own = open_connection()
        try:
            start.wait()
            for number in range(per_writer):
                with transaction.atomic(using=using):
                    if using == DEFAULT_DB_ALIAS:
                        audit_record(actor=actor, action="view", obj=person, person=person)
                    else:
                        AuditEntry(action="view", object_type="x", object_id=str(number)).save(using=using)
        except Exception as error:  # reported to the test below
            errors.append(error)
        finally:
            own.close()

    threads = [threading.Thread(target=write) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    report = audit_chain_check(using=using)
    assert report.first_break is None and report.count == writers * per_writer
    seqs = AuditEntry.objects.using(using).order_by("seq").values_list("seq", flat=True)
    assert list(seqs) == list(range(1, writers * per_writer + 1))


@pytest.mark.django_db(transaction=True)
def test_a_flush_empties_the_log_and_leaves_it_guarded(personas):
    """`manage.py flush` (and the tests' clean-up) empties every table, the log too, as TRUNCATE does on
    PostgreSQL; afterwards the database still refuses to change or delete an entry."""
    audit_record(actor=personas["admin"], action="view", obj=personas["agent"])
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEntry.objects.exists()
    entry = audit_record(actor=None, action="login_failed", obj=None)
    assert entry.seq == 1 and entry.prev_hash == GENESIS
    for sql in ("UPDATE audit_auditentry SET action = 'view'", "DELETE FROM audit_auditentry"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEntry.objects.count() == 1
