"""`manage.py backup`: the database and every private file, sealed into one archive in GUICHET_BACKUP_DIR."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from guichet.common.backup import BackupError, backup_make
from guichet.common.l10n import format_number, isolate_ltr_if_bidi
from guichet.common.signals import backup_made, system_account


class Command(BaseCommand):
    help = "Seals the database and every private file into one encrypted archive (README, “Backups”)."

    def add_arguments(self, parser):
        parser.add_argument("--directory", type=Path, help="Where to write the archive (default GUICHET_BACKUP_DIR).")

    def handle(self, *args, **options):
        try:
            made = backup_make(directory=options["directory"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        backup_made.send(sender=type(self), made=made, account=system_account())  # the audit log records it
        self.stdout.write(
            _("Backup written: %(path)s (%(size)s bytes, %(rows)s rows, %(files)s files, %(seconds)s s).")
            % {
                "path": isolate_ltr_if_bidi(made.path),
                "size": format_number(made.size),
                "rows": format_number(made.rows),
                "files": format_number(made.files),
                "seconds": format_number(round(made.seconds, 1)),
            }
        )
