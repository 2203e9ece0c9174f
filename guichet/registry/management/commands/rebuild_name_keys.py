"""manage.py rebuild_name_keys: recompute every person's name keys and the search's spelling dictionary."""

from django.core.management.base import BaseCommand

from guichet.registry.services import name_keys_rebuild


class Command(BaseCommand):
    help = (
        "Recompute the transliteration keys of every person's names and the spelling dictionary of the search "
        "(after bulk loads that bypass the services, or when the name rules change)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, batch_size: int, verbosity: int, **options):
        def progress(done: int) -> None:
            if verbosity > 1:
                self.stdout.write(f"{done:,} persons")

        count = name_keys_rebuild(batch_size=batch_size, progress=progress)
        self.stdout.write(f"Name keys rebuilt for {count:,} persons.")
