"""`manage.py restore <archive>`: puts a backup's database and files back, into an empty database by default."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils.translation import gettext as _

from guichet.common.backup import BackupError, backup_check, backup_restore
from guichet.common.l10n import format_number, isolate_ltr_if_bidi
from guichet.common.signals import database_restored, system_account


class Command(BaseCommand):
    help = "Restores a backup into an empty database and empty file folders (README, “Backups”)."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The archive `manage.py backup` wrote.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace what the database and the file folders hold (otherwise they must be empty).",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only check that the archive is whole and that the keys configured open it; write nothing.",
        )

    def handle(self, *args, **options):
        if options["check"]:
            self._check(options["archive"])
            return
        connections.close_all()  # nothing of ours holds the database while it is replaced
        try:
            restored = backup_restore(archive=options["archive"], replace=options["replace"])
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        # Recorded in the restored log itself (its chain goes on from the backup's last entry).
        database_restored.send(
            sender=type(self), restored=restored, archive=Path(options["archive"]), account=system_account()
        )
        self.stdout.write(
            _("Restored %(rows)s rows and %(files)s files in %(seconds)s s.")
            % {
                "rows": format_number(restored.rows),
                "files": format_number(restored.files),
                "seconds": format_number(round(restored.seconds, 1)),
            }
        )
        if restored.files_without_row:
            self.stdout.write(
                _(
                    "%(count)s files have no row naming them (written while the backup was made, "
                    "or left by a failed write):"
                )
                % {"count": format_number(len(restored.files_without_row))}
            )
            self.stdout.write("\n".join(restored.files_without_row))
        if restored.rows_without_file:
            raise CommandError(
                _("%(count)s rows name a file the backup does not hold: %(names)s")
                % {
                    "count": format_number(len(restored.rows_without_file)),
                    "names": ", ".join(restored.rows_without_file),
                }
            )
        if connections["default"].vendor == "postgresql":
            self.stdout.write(
                _(
                    "Tables belong to the role that restored them: grant the application's role its rights again "
                    "(README, “Audit log on PostgreSQL”), then run manage.py audit_verify."
                )
            )

    def _check(self, archive: Path) -> None:
        try:
            checked = backup_check(archive=archive)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _(
                "The backup is whole and the key opens it: %(rows)s rows in %(tables)s tables (%(engine)s) and "
                "%(files)s files, made %(created)s. Nothing was written."
            )
            % {
                "rows": format_number(checked.rows),
                "tables": format_number(checked.tables),
                "engine": checked.engine,
                "files": format_number(checked.files),
                "created": isolate_ltr_if_bidi(checked.created),
            }
        )
