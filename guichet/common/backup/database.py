"""The database half of a backup: a consistent copy and its restore, PostgreSQL (pg_dump, pg_restore) or SQLite
(the online backup API), read from a Django DATABASES entry so that a restore can aim at any database."""

import glob
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from django.utils.translation import gettext as _

from .crypto import BackupError

PG_BIN_DIRS = "/usr/lib/postgresql/*/bin"


@dataclass(frozen=True)
class Database:
    """One database, as a Django DATABASES entry describes it (ENGINE, NAME, USER, PASSWORD, HOST, PORT)."""

    settings: dict[str, Any]

    @property
    def vendor(self) -> str:
        return "postgresql" if "postgresql" in self.settings["ENGINE"] else "sqlite"

    @property
    def name(self) -> str:
        return str(self.settings["NAME"])

    @contextmanager
    def connect(self) -> Iterator[Any]:
        """A DB-API connection of the driver itself (pg_dump, pg_restore and sqlite3's backup work below Django)."""
        if self.vendor == "postgresql":
            with closing(psycopg.connect(**self._libpq(), autocommit=True)) as pg:
                yield pg
        else:
            with closing(sqlite3.connect(self.name, uri=self.name.startswith("file:"))) as lite:
                yield lite

    def tables(self) -> list[str]:
        with self.connect() as connection:
            return _tables(connection, self.vendor)

    def row_counts(self) -> dict[str, int]:
        with self.connect() as connection:
            return _counts(connection, self.vendor)

    # PostgreSQL -------------------------------------------------------------------------------------------------

    def _libpq(self) -> dict[str, Any]:
        s = self.settings
        found = {"dbname": s["NAME"], "user": s.get("USER"), "password": s.get("PASSWORD")}
        found |= {"host": s.get("HOST"), "port": s.get("PORT")}
        return {key: value for key, value in found.items() if value}

    def pg_environment(self) -> dict[str, str]:
        names = {"host": "PGHOST", "port": "PGPORT", "user": "PGUSER", "password": "PGPASSWORD", "dbname": "PGDATABASE"}
        sslmode = self.settings.get("OPTIONS", {}).get("sslmode")
        return {
            **os.environ,
            **{names[key]: str(value) for key, value in self._libpq().items()},
            **({"PGSSLMODE": sslmode} if sslmode else {}),
        }

    def server_major(self) -> int:
        with self.connect() as connection:
            return int(connection.info.server_version) // 10000


def _tables(connection: Any, vendor: str) -> list[str]:
    if vendor == "postgresql":
        query = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
    else:
        query = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1"
    return [row[0] for row in connection.execute(query).fetchall()]


def _counts(connection: Any, vendor: str) -> dict[str, int]:
    return {
        table: int(connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])  # noqa: S608 - our tables
        for table in _tables(connection, vendor)
    }


def pg_tool(name: str, *, major: int) -> str:
    """pg_dump or pg_restore of the server's major version (Debian's postgresql-client-N), else of a newer one."""
    candidates = [Path(path) / name for path in glob.glob(PG_BIN_DIRS)]
    on_path = shutil.which(name)
    if on_path:
        candidates.append(Path(on_path))
    versions: dict[int, str] = {}
    for candidate in candidates:
        if candidate.is_file():
            answer = subprocess.run([str(candidate), "--version"], capture_output=True, text=True, check=False)
            found = re.search(r"(\d+)(?:\.\d+)?", answer.stdout)
            if found and int(found.group(1)) >= major:
                versions.setdefault(int(found.group(1)), str(candidate))
    if not versions:
        raise BackupError(
            _(
                "%(tool)s for PostgreSQL %(major)s was not found (looked in %(dirs)s and on the PATH): install the "
                "PostgreSQL %(major)s client tools (Debian: postgresql-client-%(major)s)."
            )
            % {"tool": name, "major": major, "dirs": PG_BIN_DIRS}
        )
    return versions[min(versions)]


def _run(command: list[str], *, database: Database, failure: str) -> None:
    finished = subprocess.run(command, env=database.pg_environment(), capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        raise BackupError(f"{failure}\n{finished.stderr.strip()}")


# Dump and restore --------------------------------------------------------------------------------------------------


def dump(database: Database, target: Path) -> dict[str, int]:
    """Write a consistent copy of the database to `target` (in a private folder); return each table's row count
    in that same copy (checked again after a restore)."""
    if database.vendor == "sqlite":
        with database.connect() as source, closing(sqlite3.connect(target)) as copy:
            source.backup(copy)  # the online backup API: a consistent copy while writers keep writing
        return Database({"ENGINE": "sqlite3", "NAME": str(target)}).row_counts()
    pg_dump = pg_tool("pg_dump", major=database.server_major())
    with database.connect() as connection, connection.transaction():
        # One snapshot for the dump and for the counts: pg_dump joins the snapshot this transaction exports.
        connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = connection.execute("SELECT pg_export_snapshot()").fetchone()[0]
        counts = _counts(connection, "postgresql")
        _run(
            [pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={target}", "--no-password"],
            database=database,
            failure=_("pg_dump failed:"),
        )
    return counts


def restore(database: Database, source: Path, *, replace: bool) -> None:
    """Load a copy into the database, whole or not at all (one transaction; SQLite's backup API writes every page
    in one step). `replace` drops what the copy holds first, in that same transaction."""
    if database.vendor == "sqlite":
        with closing(sqlite3.connect(source)) as copy, database.connect() as target:
            copy.backup(target)
        return
    pg_restore = pg_tool("pg_restore", major=database.server_major())
    # Owners and grants stay those of the database restored into: the roles of the machine backed up may not
    # exist here (README: grant guichet_app its rights again).
    command = [pg_restore, "--single-transaction", "--exit-on-error", "--no-owner", "--no-acl", "--no-password"]
    if replace:
        command += ["--clean", "--if-exists"]
    _run([*command, f"--dbname={database.name}", str(source)], database=database, failure=_("pg_restore failed:"))
