"""insights_refresh [--full]: refresh the dashboards' roll-up tables now (cron: --full nightly, plain every few
minutes), recorded as a refresh like one asked for on the page."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from guichet.common.exceptions import ValidationError
from guichet.insights.models import RollupRefresh
from guichet.insights.refresh import refresh_execute
from guichet.insights.services import refresh_create


class Command(BaseCommand):
    help = "Refresh the dashboards' figures: what changed since the last refresh, or everything with --full."

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="Rebuild every roll-up table from scratch.")

    def handle(self, *args, full: bool, **options):
        kind = RollupRefresh.Kind.FULL if full else RollupRefresh.Kind.INCREMENTAL
        try:
            with transaction.atomic():
                queued = refresh_create(kind=kind)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        refresh = refresh_execute(refresh_id=queued.pk)
        if refresh.status != RollupRefresh.Status.DONE:
            raise CommandError(_("The refresh failed: %(error)s") % {"error": refresh.error})
        self.stdout.write(
            _("Dashboards refreshed (%(kind)s) in %(seconds).1f s.")
            % {"kind": refresh.get_kind_display(), "seconds": refresh.duration.total_seconds()}
        )
