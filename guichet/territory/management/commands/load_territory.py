"""load_territory: create or update the 12 regions and 75 provinces/prefectures from subdivisions.csv."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from guichet.territory.management.errors import refuse_if_any_error
from guichet.territory.services import SUBDIVISIONS_CSV, subdivisions_load


class Command(BaseCommand):
    help = "Load or update the regions and provinces of Morocco (ISO 3166-2:MA), checked against pycountry."

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", type=Path, default=SUBDIVISIONS_CSV, help="CSV to load (default: the bundled one)."
        )

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": file})
        result = subdivisions_load(source=file)
        refuse_if_any_error(self, result, file)
        self.stdout.write(
            self.style.SUCCESS(
                _("Regions and provinces: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
                % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
            )
        )
