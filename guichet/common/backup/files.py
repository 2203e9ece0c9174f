"""The files half of a backup: every directory of private files, found from the settings in this one place, and
the stored names the database's rows point to (to report files that no row names)."""

import re
from collections.abc import Iterator
from pathlib import Path

from django import conf
from django.apps import apps
from django.db import models
from django.utils.translation import gettext as _

from .crypto import BackupError
from .database import Database

DATA = "data/"
# A private store names its files 32 hex digits and an extension (guichet/common/private_files.py), and keeps
# the name in a column of its own that no form edits.
STORED_NAME = re.compile(r"^[0-9a-f]{32}\.[a-z0-9]{1,8}$")


def file_roots() -> dict[str, Path]:
    """Each directory of private files, by a name that holds from one machine to another.

    Every setting GUICHET_…_DIR but the backups' own (GUICHET_ATTACHMENTS_DIR, and any added later), and every
    folder of the data directory (GUICHET_DATA_DIR), where the other private stores keep their files
    (media-training, association-files, imports, and any store added later): "data/<folder>". The data
    directory's own files are the SQLite database and logs, not private files. A folder that is already a root
    of its own, the backups' folder and hidden folders (a restore's staging) are left out."""
    backups = Path(conf.settings.GUICHET_BACKUP_DIR).resolve()
    roots = {
        # Read by name, with no default: each is declared in settings.py (test_settings_declared).
        name: Path(getattr(conf.settings, name))
        for name in dir(conf.settings)
        if name.startswith("GUICHET_") and name.endswith("_DIR") and name != "GUICHET_BACKUP_DIR"
    }
    taken = {path.resolve() for path in roots.values()} | {backups}
    data = Path(conf.settings.DATA_DIR)
    if data.is_dir():
        for folder in sorted(data.iterdir()):
            if folder.is_dir() and not folder.name.startswith(".") and folder.resolve() not in taken:
                roots[DATA + folder.name] = folder
    return roots


def root_target(name: str) -> Path:
    """Where the files of the root `name` go on this machine, as its settings say."""
    if name.startswith(DATA):
        folder = name.removeprefix(DATA)
        if folder and "/" not in folder and not folder.startswith("."):
            return Path(conf.settings.DATA_DIR) / folder
    elif name in file_roots():
        return file_roots()[name]
    raise BackupError(
        _("This backup holds files for %(name)s, which the settings here do not declare: nothing was restored.")
        % {"name": name}
    )


def files_under(root: Path) -> Iterator[tuple[str, Path]]:
    """The files of a root with their path inside it, in a stable order; a write in progress (.part), whose row
    cannot have committed yet, is left out."""
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink() and not path.name.endswith(".part"):
            yield path.relative_to(root).as_posix(), path


def stored_names_in(database: Database) -> set[str]:
    """Every stored file name the rows of `database` hold."""
    columns = [
        (model._meta.db_table, field.column)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField) and not field.editable and 36 <= (field.max_length or 0) <= 100
    ]
    found: set[str] = set()
    tables = set(database.tables())
    with database.connect() as connection:
        for table, column in columns:
            if table in tables:
                query = f'SELECT "{column}" FROM "{table}" WHERE "{column}" LIKE %s'  # noqa: S608 - model names
                if database.vendor == "sqlite":
                    query = query.replace("%s", "?")
                rows = connection.execute(query, ["%.%"]).fetchall()
                found.update(value for (value,) in rows if value and STORED_NAME.match(value))
    return found
