"""Backups restore: every row and every file comes back, the audit chain verifies, and a wrong key, an altered
archive or a database in use is refused with nothing written (on the database the suite runs on)."""

import base64
import hashlib
import json
import os
import secrets
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation

from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_record
from guichet.cases import services as cases
from guichet.cases.models import Attachment
from guichet.common.backup import BackupError, backup_make, backup_restore
from guichet.common.backup.database import Database, pg_tool
from guichet.common.l10n import format_number
from guichet.common.signals import system_account
from guichet.network.tests.factories import ServiceFactory

ROOT = Path(__file__).resolve().parents[3]
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n" + os.urandom(3000)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + os.urandom(5000) + b"\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(2000)

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump reads from its own connection: rows must be committed


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def new_key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def point_files_at(settings, data: Path) -> None:
    settings.DATA_DIR = data
    settings.GUICHET_ATTACHMENTS_DIR = data / "attachments"


@pytest.fixture
def places(settings, tmp_path):
    point_files_at(settings, tmp_path / "data")
    settings.GUICHET_BACKUP_DIR = tmp_path / "backups"
    settings.GUICHET_BACKUP_KEY = new_key()
    settings.GUICHET_BACKUP_KEEP = 0
    return tmp_path


@pytest.fixture
def seeded(places, personas, people):
    """A request filed for a person at a window, with three scanned documents, and the audit entries they left."""
    service = ServiceFactory(code="disability-card", name_fr="Carte handicap", due_working_days=10)
    personas["centre"].centre.services.add(service)
    request = cases.request_file(actor=personas["agent"], person=people["casa"], service=service, language="fr")
    uploads = [
        SimpleUploadedFile("certificat.pdf", PDF),
        SimpleUploadedFile("photo.jpg", JPEG),
        SimpleUploadedFile("scan.png", PNG),
    ]
    cases.request_attach(actor=personas["agent"], request=request, uploads=uploads)
    audit_record(actor=personas["supervisor_national"], action="view", obj=people["rabat"], person=people["rabat"])
    assert Attachment.objects.count() == 3 and AuditEntry.objects.count() >= 3
    return request


@pytest.fixture
def target(tmp_path):
    """An empty database to restore into, of the kind the suite runs on; dropped afterwards."""
    source = connection.settings_dict
    if connection.vendor == "sqlite":
        yield Database({**source, "NAME": str(tmp_path / "restored.sqlite3")})
        return
    name = f"{source['NAME']}_restore"
    database = Database({**source, "NAME": name})
    with Database({**source, "NAME": "postgres"}).connect() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield database
    with Database({**source, "NAME": "postgres"}).connect() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def checksums(database: Database) -> dict[str, tuple[int, str]]:
    """Every table's row count and a hash over every column of every row, in primary-key order."""
    found = {}
    with database.connect() as raw:
        for table in database.tables():
            rows = raw.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()
            found[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return found


def files(data: Path) -> dict[str, bytes]:
    return {
        path.relative_to(data).as_posix(): path.read_bytes()
        for path in sorted(data.rglob("*"))
        if path.is_file() and "backups" not in path.parts and not path.name.startswith("guichet.sqlite3")
    }


def database_url(database: Database) -> str:
    s = database.settings
    if database.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def audit_verify(database: Database) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DATABASE_URL": database_url(database)}
    return subprocess.run(
        [sys.executable, "manage.py", "audit_verify"], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def restore_into(settings, target: Database, archive: Path, data: Path, **options):
    point_files_at(settings, data)
    return backup_restore(archive=archive, database=target, **options)


def nothing_written(target: Database, data: Path) -> bool:
    return target.tables() == [] and not (data.exists() and any(data.rglob("*")))


def test_a_restored_backup_holds_every_row_and_every_file_and_its_audit_chain_verifies(
    seeded, places, target, settings
):
    source_rows = checksums(Database(connection.settings_dict))
    source_files = files(places / "data")
    assert len(source_files) == 3

    made = backup_make()
    restored = restore_into(settings, target, made.path, places / "restored")

    assert checksums(target) == source_rows
    assert files(places / "restored") == source_files
    assert (restored.files, restored.files_without_row, restored.rows_without_file) == (3, [], [])
    verified = audit_verify(target)
    assert verified.returncode == 0, verified.stderr
    assert f"intact : {AuditEntry.objects.count()} entrées" in verified.stdout  # commands speak French by default


def test_the_archive_is_sealed_and_no_plain_copy_is_left_behind(seeded, places, people):
    made = backup_make()
    sealed = made.path.read_bytes()
    assert sealed.startswith(b"GUICHET-BACKUP\n")
    assert PDF[:200] not in sealed and people["casa"].cnie.encode() not in sealed
    assert [path.name for path in (places / "backups").iterdir()] == [made.path.name]
    assert made.path.stat().st_mode & 0o077 == 0


def test_the_wrong_key_is_refused_and_nothing_is_restored_until_the_key_is_given_back(seeded, places, target, settings):
    made = backup_make()
    sealing_key = settings.GUICHET_BACKUP_KEY
    settings.GUICHET_BACKUP_KEY = new_key()
    with pytest.raises(BackupError, match="Wrong key"):
        restore_into(settings, target, made.path, places / "restored")
    assert nothing_written(target, places / "restored")

    settings.GUICHET_BACKUP_PREVIOUS_KEYS = [sealing_key]  # after a key change, the old one opens old archives
    assert restore_into(settings, target, made.path, places / "restored").files == 3


@pytest.mark.parametrize(
    ("alteration", "message"),
    [
        (lambda sealed: sealed[:5000] + bytes([sealed[5000] ^ 1]) + sealed[5001:], "altered or damaged"),
        (lambda sealed: sealed[: len(sealed) - 40], "cut short"),
    ],
    ids=["a-byte-changed", "cut-short"],  # every other change: test_backup_crypto.py
)
def test_an_altered_archive_is_refused_and_nothing_is_restored(seeded, places, target, settings, alteration, message):
    made = backup_make()
    made.path.write_bytes(alteration(made.path.read_bytes()))
    with pytest.raises(BackupError, match=message):
        restore_into(settings, target, made.path, places / "restored")
    assert nothing_written(target, places / "restored")


def test_a_database_in_use_is_refused_unless_replacing(seeded, places, target, settings):
    made = backup_make()
    restore_into(settings, target, made.path, places / "restored")
    before = checksums(target)
    with pytest.raises(BackupError, match="not empty"):
        restore_into(settings, target, made.path, places / "restored")
    assert checksums(target) == before

    restored = restore_into(settings, target, made.path, places / "restored", replace=True)
    assert checksums(target) == before and restored.files == 3
    assert audit_verify(target).returncode == 0


def test_a_backup_of_the_other_engine_is_refused_before_the_database_is_touched(seeded, places, settings, tmp_path):
    made = backup_make()
    if connection.vendor == "sqlite":  # never reached: refused on the archive's first entry
        other = Database({"ENGINE": "django.db.backends.postgresql", "NAME": "x", "HOST": "127.0.0.1", "PORT": 1})
        message = "holds a SQLite database; the database to restore into is PostgreSQL"
    else:
        other = Database({"ENGINE": "guichet.audit.sqlite3", "NAME": str(tmp_path / "other.sqlite3")})
        message = "holds a PostgreSQL database; the database to restore into is SQLite"
    with pytest.raises(BackupError, match=message):
        restore_into(settings, other, made.path, places / "restored")
    assert not (places / "restored").exists()
    assert other.vendor == "postgresql" or other.tables() == []


@pytest.mark.parametrize("folder", ["attachments", "association-files"], ids=["in-the-backup", "not-in-the-backup"])
def test_file_folders_that_hold_files_are_refused_before_the_database_is_touched(
    seeded, places, target, settings, folder
):
    made = backup_make()
    kept = places / "restored" / folder / "ab" / "kept.pdf"
    kept.parent.mkdir(parents=True)
    kept.write_bytes(PDF)
    with pytest.raises(BackupError, match="not empty"):
        restore_into(settings, target, made.path, places / "restored")
    assert target.tables() == []
    assert kept.read_bytes() == PDF


def test_a_file_no_row_names_is_restored_and_reported(seeded, places, target, settings):
    stray = places / "data" / "media-training" / "ab" / f"ab{'0' * 30}.mp3"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"ID3" + os.urandom(100))
    made = backup_make()
    restored = restore_into(settings, target, made.path, places / "restored")
    moved = places / "restored" / "media-training" / "ab" / stray.name
    assert moved.read_bytes() == stray.read_bytes()
    assert restored.files_without_row == [str(moved)]


def test_the_commands_back_up_and_refuse_to_restore_over_the_database_in_use(seeded, places, settings, capsys):
    call_command("backup")
    (archive,) = (places / "backups").iterdir()
    assert f"{archive} (" in capsys.readouterr().out
    with translation.override("fr"), pytest.raises(CommandError, match="La base de données n’est pas vide"):
        call_command("restore", str(archive))


def test_a_check_opens_the_whole_archive_and_writes_nothing(seeded, places, settings, capsys):
    made = backup_make()
    point_files_at(settings, places / "restored")
    call_command("restore", str(made.path), "--check")
    rows = sum(Database(connection.settings_dict).row_counts().values())
    said = capsys.readouterr().out
    assert f"{format_number(rows)} rows" in said and "and 3 files" in said and "Nothing was written" in said
    assert not (places / "restored").exists()

    made.path.write_bytes(made.path.read_bytes()[:-100])
    with pytest.raises(CommandError, match="cut short"):
        call_command("restore", str(made.path), "--check")


def test_without_a_key_nothing_is_written_and_the_message_names_the_setting(places, settings):
    settings.GUICHET_BACKUP_KEY = ""
    with translation.override("ar"), pytest.raises(CommandError, match="GUICHET_BACKUP_KEY"):
        call_command("backup")
    assert not (places / "backups").exists()
    settings.GUICHET_BACKUP_KEY = base64.b64encode(b"short").decode()
    with pytest.raises(CommandError, match="32"):
        call_command("backup")


def test_missing_postgresql_tools_are_named_with_their_package():
    with pytest.raises(BackupError, match="postgresql-client-99"):
        pg_tool("pg_dump", major=99)
    if django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        assert "pg_dump" in pg_tool("pg_dump", major=Database(connection.settings_dict).server_major())


def test_the_restored_audit_log_is_still_append_only(seeded, places, target, settings):
    """Its trigger comes back with the table: the database itself still refuses to change an entry."""
    made = backup_make()
    restore_into(settings, target, made.path, places / "restored")
    with target.connect() as raw, pytest.raises((psycopg.Error, sqlite3.Error), match="append-only"):
        raw.execute("UPDATE audit_auditentry SET action = 'x'")


def test_a_backup_is_recorded_in_the_audit_log_for_those_who_read_all_of_it(seeded, places, client, personas):
    call_command("backup")
    (archive,) = (places / "backups").iterdir()
    entry = AuditEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.object_type, entry.actor, entry.person) == ("export", "backup", None, None)
    assert entry.changes["archive"] == [None, archive.name]
    rows = sum(Database(connection.settings_dict).row_counts().values()) - 1  # the entry itself came after
    client.force_login(personas["admin"])
    html = client.get("/audit/", headers={"Accept-Language": "fr"}).content.decode()
    assert "<li>Sauvegarde <bdi>guichet-<bdi" in html and ".guichet-backup</bdi> de tout le registre" in html
    assert f'(lignes : <bdi><bdi dir="ltr">{rows}</bdi></bdi>, fichiers : <bdi><bdi dir="ltr">3</bdi></bdi>)' in html
    assert f"par le compte système <bdi>{system_account()}</bdi>" in html
    html = client.get("/audit/", headers={"Accept-Language": "ar"}).content.decode()
    assert "<li>نسخة احتياطية <bdi>guichet-<bdi" in html and ".guichet-backup</bdi> للسجل كله" in html
    client.force_login(personas["supervisor_region"])  # an entry about no one's file: not in a territory's log
    assert ".guichet-backup" not in client.get("/audit/").content.decode()


def test_a_restore_is_recorded_in_the_restored_log_and_its_chain_verifies(seeded, places, target, settings):
    made = backup_make()
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(target),
        "GUICHET_BACKUP_KEY": settings.GUICHET_BACKUP_KEY,
        "GUICHET_DATA_DIR": str(places / "restored"),
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "restore", str(made.path)], cwd=ROOT, env=environment, capture_output=True
    )
    assert done.returncode == 0, done.stderr
    with target.connect() as raw:
        action, object_type, changes = raw.execute(
            "SELECT action, object_type, changes FROM audit_auditentry ORDER BY seq DESC LIMIT 1"
        ).fetchone()
    changes = changes if isinstance(changes, dict) else json.loads(changes)
    assert (action, object_type, changes["archive"]) == ("restore", "backup", [None, made.path.name])
    assert changes["files"] == [None, "3"] and changes["rows"] == [None, str(made.rows)]
    verified = audit_verify(target)
    assert verified.returncode == 0, verified.stderr
    assert f"intact : {AuditEntry.objects.count() + 1} entrées" in verified.stdout
