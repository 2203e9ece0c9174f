"""match_persons: score every person of the registry with the stored model and store the candidate pairs."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from guichet.common.exceptions import ValidationError
from guichet.identity import batch, runs
from guichet.identity.models import MatchRun
from guichet.matching import spark
from guichet.matching.arguments import probability


class Command(BaseCommand):
    help = (
        "Score every person not merged into another with the trained matching model, and store the pairs at or "
        "above the threshold, with their reasons and clusters, for the data stewards to review. Pairs already "
        "decided, or with a file merged away, are never proposed again. Run it nightly (cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--threshold",
            type=probability,
            default=runs.DEFAULT_THRESHOLD,
            help=f"Lowest match probability proposed, 0 to 1 ({runs.DEFAULT_THRESHOLD}).",
        )
        parser.add_argument("--model-version", type=int, help="Version of the model to use; default: the latest.")
        spark.add_engine_arguments(parser)

    def handle(
        self, *args, threshold: float, model_version: int | None, engine: str, spark_master: str | None, **options
    ):
        spark.start_for_command(engine, spark_master)
        try:
            run = runs.match_run_create(threshold=threshold, model_version=model_version)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        run = batch.run_execute(run_id=run.pk, engine=engine)
        if run.status != MatchRun.Status.DONE:
            raise CommandError(_("Run #%(run)d failed: %(error)s") % {"run": run.pk, "error": run.error})
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Run #%(run)d with model version %(version)d: %(persons)d persons scored, %(found)d pairs "
                    "found, %(proposed)d proposed for review."
                )
                % {
                    "run": run.pk,
                    "version": run.model_version,
                    "persons": run.persons_scored,
                    "found": run.pairs_found,
                    "proposed": run.pairs_proposed,
                }
            )
        )
