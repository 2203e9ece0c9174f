"""`backup_make` and `backup_restore`: the database and every private file in one sealed archive, and back.

The archive is a tar stream inside the sealed format (crypto.py): `database/…` (pg_dump's custom format, or an
SQLite file), `files/<root>/…` (file_roots()), then `manifest.json` (the format, each table's row count in the
copy, each file's size and sha256). Plain copies only ever sit in a private folder (mode 0700) removed at the end.
"""

import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

from .crypto import CHUNK_BYTES, BackupError, OpeningReader, SealingWriter, backup_key, opening_keys
from .database import Database, dump, restore
from .files import file_roots, files_under, root_target, stored_names_in

SUFFIX = ".guichet-backup"
MANIFEST = "manifest.json"
DATABASE_ENTRIES = {"database/database.pgdump": "postgresql", "database/database.sqlite3": "sqlite"}
ENGINES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


@dataclass(frozen=True)
class Made:
    path: Path
    size: int
    rows: int
    files: int
    seconds: float


@dataclass(frozen=True)
class Restored:
    rows: int
    files: int
    seconds: float
    files_without_row: list[str] = field(default_factory=list)
    rows_without_file: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Checked:
    created: str
    engine: str
    tables: int
    rows: int
    files: int


@contextmanager
def private_folder(parent: Path | None = None) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix=".guichet-backup-", dir=parent))  # mode 0700
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def backup_make(*, directory: Path | None = None, using: str = "default") -> Made:
    """Seal the database and the private files into a new archive in `directory` (GUICHET_BACKUP_DIR)."""
    started = time.monotonic()
    key = backup_key()
    directory = Path(directory or settings.GUICHET_BACKUP_DIR)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    database = Database(connections[using].settings_dict)
    stamp = timezone.now().replace(microsecond=0).isoformat().replace("+00:00", "Z").replace(":", "")
    target = directory / f"guichet-{stamp}{SUFFIX}"
    partial = target.with_name(target.name + ".part")
    manifest: dict[str, Any] = {"format": "guichet-backup", "version": 1, "created": stamp, "engine": database.vendor}
    with private_folder(directory) as private:
        copy = private / ("database.pgdump" if database.vendor == "postgresql" else "database.sqlite3")
        # The database first, then the files. A store writes a file before the row naming it commits, and never
        # changes it afterwards, so every row in this copy finds its file among those read after it. A file
        # read here with no row in the copy (written meanwhile, or by a transaction that failed) is only
        # reported by the restore.
        manifest["tables"] = dump(database, copy)
        manifest["database"] = f"database/{copy.name}"
        manifest["files"] = {}
        try:
            with open(partial, "xb") as out:
                os.chmod(partial, 0o600)
                sealed = SealingWriter(out, key)
                with tarfile.open(fileobj=sealed, mode="w|", format=tarfile.PAX_FORMAT) as tar:  # type: ignore[call-overload]
                    _add(tar, manifest["database"], copy)
                    for root, path in file_roots().items():
                        for relative, file in files_under(path):
                            member = f"files/{root}/{relative}"
                            found = _add(tar, member, file)
                            if found is not None:
                                manifest["files"][member] = found
                    data = json.dumps(manifest, indent=1, sort_keys=True).encode()
                    info = tarfile.TarInfo(MANIFEST)
                    info.size = len(data)
                    tar.addfile(info, io.BytesIO(data))
                sealed.close()
                out.flush()
                os.fsync(out.fileno())
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    _prune(directory)
    return Made(
        path=target,
        size=target.stat().st_size,
        rows=sum(manifest["tables"].values()),
        files=len(manifest["files"]),
        seconds=time.monotonic() - started,
    )


def backup_restore(
    *, archive: Path, replace: bool = False, using: str = "default", database: Database | None = None
) -> Restored:
    """Put an archive's database and files back: into an empty database and empty file folders, or, with
    `replace`, over what they hold. Everything is read and authenticated before anything is written, and the
    files wait beside their folders until the database is restored: a wrong key, an altered or cut archive, or a
    failed load leaves the database and the folders as they were."""
    started = time.monotonic()
    keys = opening_keys()
    database = database or Database(connections[using].settings_dict)

    def ready(engine: str) -> None:
        """Told the archive's database engine by its first entry: refuse early what cannot be restored."""
        if engine != database.vendor:
            raise BackupError(
                _(
                    "This backup holds a %(engine)s database; the database to restore into is %(vendor)s: "
                    "nothing was restored."
                )
                % {"engine": ENGINES[engine], "vendor": ENGINES[database.vendor]}
            )
        tables = database.tables()
        if tables and not replace:
            raise BackupError(
                _(
                    "The database is not empty (%(count)s tables): restore into a new, empty database, or add "
                    "--replace to replace what it holds. Nothing was restored."
                )
                % {"count": len(tables)}
            )

    staged: dict[Path, Path] = {}
    try:
        with open(archive, "rb") as source, private_folder() as private:
            reader = OpeningReader(source, keys)
            manifest, written = _unpack(reader, ready=ready, private=private, staged=staged)
            _check_manifest(manifest, written)
            _refuse_busy(staged, replace=replace)
            restore(database, private / manifest["database"], replace=replace)
        placed = _place(staged)
        staged.clear()
    finally:
        for folder in staged.values():
            shutil.rmtree(folder, ignore_errors=True)
    counts = database.row_counts()
    if any(counts.get(table) != rows for table, rows in manifest["tables"].items()):
        raise BackupError(_("The restored database does not hold the rows the backup counted."))
    named = stored_names_in(database)
    return Restored(
        rows=sum(manifest["tables"].values()),
        files=len(manifest["files"]),
        seconds=time.monotonic() - started,
        files_without_row=sorted(str(path) for path in placed if path.name not in named),
        rows_without_file=sorted(named - {path.name for path in placed}),
    )


def backup_check(*, archive: Path) -> Checked:
    """Open and authenticate a whole archive and check it against its manifest, writing nothing: that a copy
    kept elsewhere is whole and that the keys configured open it."""
    with open(archive, "rb") as source:
        reader = OpeningReader(source, opening_keys())
        manifest, read = _unpack(reader, ready=lambda engine: None, private=None, staged=None)
    _check_manifest(manifest, read)
    return Checked(
        created=manifest["created"],
        engine=ENGINES[manifest["engine"]],
        tables=len(manifest["tables"]),
        rows=sum(manifest["tables"].values()),
        files=len(manifest["files"]),
    )


# Writing ----------------------------------------------------------------------------------------------------------


class _Hashing:
    """A file being read into the archive, hashed on the way."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle, self.digest, self.size = handle, hashlib.sha256(), 0

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def _add(tar: tarfile.TarFile, member: str, path: Path) -> dict[str, Any] | None:
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        return None  # discarded since it was listed: its transaction failed, no row names it
    with handle:
        info = tarfile.TarInfo(member)
        info.size = os.fstat(handle.fileno()).st_size
        info.mtime = int(path.stat().st_mtime)
        info.mode = 0o640
        hashing = _Hashing(handle)
        tar.addfile(info, hashing)
    return {"size": hashing.size, "sha256": hashing.digest.hexdigest()}


def _prune(directory: Path) -> None:
    keep = settings.GUICHET_BACKUP_KEEP
    if keep > 0:
        for old in sorted(directory.glob(f"guichet-*{SUFFIX}"))[:-keep]:
            old.unlink(missing_ok=True)


# Reading ----------------------------------------------------------------------------------------------------------


def _unpack(
    reader: OpeningReader,
    *,
    ready: Callable[[str], None],
    private: Path | None,
    staged: dict[Path, Path] | None,
) -> tuple[dict[str, Any], dict]:
    """Read every entry, and write it where it waits: the database copy (the first entry, whose name tells its
    engine to `ready`) in the `private` folder, each root's files in a hidden folder beside the root's place on
    this machine (so that placing them is a rename; noted in `staged`). With neither, only hash them. Returns the
    manifest (the last entry) and each entry's size and hash."""
    written: dict[str, dict[str, Any]] = {}
    manifest: dict[str, Any] | None = None
    with tarfile.open(fileobj=reader, mode="r|") as tar:  # type: ignore[call-overload]
        for index, info in enumerate(tar):
            if not info.isfile() or (index == 0) != (info.name in DATABASE_ENTRIES):
                raise BackupError(_("This backup holds an unexpected entry: nothing was restored."))
            handle = tar.extractfile(info)
            assert handle is not None
            destination: Path | None = None
            if index == 0:
                ready(DATABASE_ENTRIES[info.name])
                destination = private.joinpath(*PurePosixPath(info.name).parts) if private else None
            elif info.name == MANIFEST:
                manifest = json.loads(handle.read())
                continue
            else:
                root, inside = _file_entry(info.name)
                destination = _staging(root, staged).joinpath(*inside) if staged is not None else None
            written[info.name] = _write(handle, destination)
    while reader.read(CHUNK_BYTES):  # to the sealed end: a stream cut after the tar's end is refused too
        pass
    if manifest is None:
        raise BackupError(_("This backup has no manifest: nothing was restored."))
    return manifest, written


def _file_entry(name: str) -> tuple[str, tuple[str, ...]]:
    """files/<root>/<path>, where <root> is a setting's name or data/<folder> (files.file_roots)."""
    parts = PurePosixPath(name).parts
    width = 2 if parts[1:2] == ("data",) else 1
    root, inside = parts[1 : 1 + width], parts[1 + width :]
    if parts[:1] != ("files",) or len(root) != width or not inside or {"..", "/"} & set(parts):
        raise BackupError(_("This backup holds an unexpected entry: nothing was restored."))
    return "/".join(root), inside


def _staging(root: str, staged: dict[Path, Path]) -> Path:
    target = root_target(root)
    if target not in staged:
        target.parent.mkdir(parents=True, exist_ok=True)
        staged[target] = Path(tempfile.mkdtemp(prefix=f".{target.name}.restoring-", dir=target.parent))
    return staged[target]


def _write(handle: IO[bytes], destination: Path | None) -> dict[str, Any]:
    digest, size = hashlib.sha256(), 0
    out = None
    if destination is not None:
        destination.parent.mkdir(mode=0o750, parents=True, exist_ok=True)
        out = open(destination, "xb")  # noqa: SIM115 - closed below
    try:
        while chunk := handle.read(CHUNK_BYTES):
            digest.update(chunk)
            size += len(chunk)
            if out is not None:
                out.write(chunk)
    finally:
        if out is not None:
            out.close()
    if destination is not None:
        os.chmod(destination, 0o640)
    return {"size": size, "sha256": digest.hexdigest()}


def _check_manifest(manifest: dict[str, Any], written: dict[str, dict[str, Any]]) -> None:
    expected = {manifest["database"], *manifest["files"]}
    if set(written) != expected or any(written[name] != found for name, found in manifest["files"].items()):
        raise BackupError(_("This backup does not match its manifest: nothing was restored."))


def _refuse_busy(staged: dict[Path, Path], *, replace: bool) -> None:
    """Without `replace`, every file folder (the archive's, and those the settings here name) must be empty."""
    if replace:
        return
    folders = dict.fromkeys([*staged, *file_roots().values()])
    busy = [str(folder) for folder in folders if any(path for _relative, path in files_under(folder))]
    if busy:
        raise BackupError(
            _("These file folders are not empty: %(folders)s. Empty them, or add --replace. Nothing was restored.")
            % {"folders": ", ".join(busy)}
        )


def _place(staged: dict[Path, Path]) -> list[Path]:
    """Move each staged folder into place (the folder it replaces, if any, is removed)."""
    placed: list[Path] = []
    for target, folder in staged.items():
        if target.exists():
            aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.replaced-", dir=target.parent))
            os.replace(target, aside / target.name)
            os.replace(folder, target)
            shutil.rmtree(aside, ignore_errors=True)
        else:
            os.replace(folder, target)
        placed += [path for _relative, path in files_under(target)]
    return placed
