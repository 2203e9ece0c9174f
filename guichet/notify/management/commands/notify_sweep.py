"""Re-enqueue the outbox messages a worker should have delivered by now (lost task, dead worker)."""

import time

from django.core.management.base import BaseCommand

from guichet.notify.services import outbox_sweep


class Command(BaseCommand):
    help = "Re-enqueue overdue outbox messages (their worker died or their task was lost). Run it every minute."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every", type=int, default=0, metavar="SECONDS", help="keep sweeping, waiting this long between passes"
        )

    def handle(self, *args, every: int, verbosity: int, **options):
        while True:
            count = outbox_sweep()
            if verbosity:
                self.stdout.write(f"{count} message(s) re-enqueued")
            if every <= 0:
                return
            time.sleep(every)
