"""load_communes PATH: validate every row of a communes CSV, then upsert them all, or write nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from guichet.territory.management.errors import refuse_if_any_error
from guichet.territory.services import communes_import


class Command(BaseCommand):
    help = (
        "Load communes from a UTF-8 CSV (comma or semicolon) with the columns "
        "code,province_code,kind,name_fr,name_ar. Nothing is written if any row is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="CSV file, e.g. guichet/territory/data/communes_demo.csv")
        parser.add_argument("--dry-run", action="store_true", help="Check the file without writing.")

    def handle(self, *args, path: Path, dry_run: bool, **options):
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        with path.open("rb") as handle:
            result = communes_import(rows_or_file=handle, write=not dry_run)
        refuse_if_any_error(self, result, path)
        if dry_run:
            message = ngettext(
                "%(rows)d commune checked, no error; nothing written (dry run).",
                "%(rows)d communes checked, no error; nothing written (dry run).",
                result.rows,
            ) % {"rows": result.rows}
        else:
            message = _("Communes: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.") % {
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            }
        self.stdout.write(self.style.SUCCESS(message))
