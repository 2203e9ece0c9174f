"""Times a backup and a restore of the 600,000-person benchmark database, and prints the archive's size.

Usage: .venv/bin/python bench/backup.py [--database-url postgres://postgres@127.0.0.1:5432/guichet_bench]
           [--restore-into guichet_backup_restore] [--files 0] [--file-kib 300] [--keep]

The source is only read (pg_dump, in one snapshot). The archive is written to a temporary folder; the restore
goes into --restore-into, dropped and created again first (never the source), with the files into another
temporary folder. With --files N, N attachment-like files of --file-kib KiB (random bytes: they do not compress,
like scanned documents) are laid in the source's attachments folder first, to see what files add. Prints: the
rows, the database's size, the time and size of the backup, the time of the restore (authenticated, loaded in one
transaction, every table's row count checked against the snapshot backed up).
"""

import argparse
import base64
import os
import secrets
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/guichet_bench"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument(
        "--restore-into", default="guichet_backup_restore", help="database restored into (dropped first)"
    )
    parser.add_argument("--files", type=int, default=0, help="attachment-like files to back up along")
    parser.add_argument("--file-kib", type=int, default=300, help="size of each of those files")
    parser.add_argument("--keep", action="store_true", help="keep the restored database afterwards")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    work = Path(tempfile.mkdtemp(prefix="guichet-bench-backup-"))
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["GUICHET_DATA_DIR"] = str(work / "data")
    os.environ["GUICHET_BACKUP_KEY"] = base64.b64encode(secrets.token_bytes(32)).decode()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from guichet.common.backup import backup_make, backup_restore
    from guichet.common.backup.database import Database

    source = Database(connection.settings_dict)
    if source.name == args.restore_into:
        raise SystemExit("--restore-into must not be the source database")
    target = Database({**connection.settings_dict, "NAME": args.restore_into})
    admin = Database({**connection.settings_dict, "NAME": "postgres"})
    with source.connect() as raw:
        size = raw.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        persons = raw.execute("SELECT count(*) FROM registry_person").fetchone()[0]
    for index in range(args.files):
        stored = f"{secrets.token_hex(16)}.pdf"
        path = Path(settings.GUICHET_ATTACHMENTS_DIR) / stored[:2] / stored
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-" + os.urandom(args.file_kib * 1024 - 5 + index % 7))
    print(f"source: {source.name}, {persons:,} persons, database {size / 2**20:,.0f} MiB, {args.files} files")

    try:
        made = backup_make(directory=work / "backups")
        print(
            f"backup: {made.seconds:.1f} s, archive {made.size / 2**20:,.0f} MiB "
            f"({made.rows:,} rows, {made.files} files)"
        )
        with admin.connect() as raw:
            raw.execute(f'DROP DATABASE IF EXISTS "{args.restore_into}" WITH (FORCE)')
            raw.execute(f'CREATE DATABASE "{args.restore_into}"')
        settings.DATA_DIR = work / "restored"
        settings.GUICHET_ATTACHMENTS_DIR = work / "restored" / "attachments"
        restored = backup_restore(archive=made.path, database=target)
        print(f"restore: {restored.seconds:.1f} s ({restored.rows:,} rows, {restored.files} files)")
        # The restore itself checked every table's count against the snapshot backed up (others may write to the
        # source meanwhile, so the live source is no yardstick).
        print(f"row counts of the {len(target.tables())} tables checked against the snapshot backed up: yes")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if not args.keep:
            with admin.connect() as raw:
                raw.execute(f'DROP DATABASE IF EXISTS "{args.restore_into}" WITH (FORCE)')


if __name__ == "__main__":
    main()
