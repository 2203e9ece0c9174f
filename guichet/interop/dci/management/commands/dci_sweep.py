"""Tell DCI subscribers of new registrations and re-enqueue lost callbacks. Run it every minute (cron, systemd)."""

from django.core.management.base import BaseCommand

from guichet.interop.dci import delivery


class Command(BaseCommand):
    help = "Queue DCI notify callbacks for new registrations and re-enqueue lost callbacks. Run it every minute."

    def handle(self, *args, **options) -> None:
        notified = delivery.registrations_sweep()
        requeued = delivery.callbacks_sweep()
        self.stdout.write(f"{notified} notification(s) queued, {requeued} callback(s) re-enqueued")
