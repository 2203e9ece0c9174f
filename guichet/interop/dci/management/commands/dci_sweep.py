"""Tell DCI subscribers of new registrations and re-enqueue lost callbacks (run it every minute, or with --every)."""

import time

from django.core.management.base import BaseCommand

from guichet.interop.dci import delivery


class Command(BaseCommand):
    help = "Queue DCI notify callbacks for new registrations and re-enqueue lost callbacks. Run it every minute."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every", type=int, default=0, metavar="SECONDS", help="keep sweeping, waiting this long between passes"
        )

    def handle(self, *args, every: int, verbosity: int, **options):
        while True:
            notified = delivery.registrations_sweep()
            requeued = delivery.callbacks_sweep()
            if verbosity:
                self.stdout.write(f"{notified} notification(s) queued, {requeued} callback(s) re-enqueued")
            if every <= 0:
                return
            time.sleep(every)
