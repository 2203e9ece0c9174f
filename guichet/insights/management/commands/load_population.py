"""load_population PATH: population per territory and year (territory_code,year,population), all rows or none."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from guichet.insights.services import population_load
from guichet.territory.management.errors import refuse_if_any_error


class Command(BaseCommand):
    help = (
        "Load population figures from a UTF-8 CSV with the columns territory_code,year,population "
        "(MA for the nation). Nothing is written if any row is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="CSV file, e.g. guichet/insights/data/population_demo.csv")
        parser.add_argument("--source", default="", help="Where the figures come from, kept with them.")

    def handle(self, *args, path: Path, source: str, **options):
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        with path.open("rb") as handle:
            result = population_load(source=handle, origin=source or path.name)
        refuse_if_any_error(self, result, path)
        self.stdout.write(
            _("Population: %(created)d figures added, %(updated)d replaced.")
            % {"created": result.created, "updated": result.updated}
        )
