"""match_train: train the identity-resolution model on the registry itself and store it as a new version."""

import getpass

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from guichet.matching import engine as model_engine
from guichet.matching import spark
from guichet.matching.services import model_store
from guichet.registry.match_records import registry_records

MINIMUM_PERSONS = 50


class Command(BaseCommand):
    help = (
        "Train the matching model on the registry's persons (no labels needed) and store its settings and "
        "parameters as a new version, the one match_file and the batch runs then use. The same registry and "
        "seed give the same parameters."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=model_engine.DEFAULT_SEED, help="Random seed of the sampling.")
        parser.add_argument(
            "--u-pairs", type=float, default=model_engine.DEFAULT_U_PAIRS, help="Random pairs sampled to learn u."
        )
        parser.add_argument("--by", default="", help="Who trains (kept with the model); default: the system user.")
        spark.add_engine_arguments(parser)

    def handle(self, *args, seed: int, u_pairs: float, by: str, engine: str, spark_master: str | None, **options):
        spark.start_for_command(engine, spark_master)
        records = list(registry_records())
        if len(records) < MINIMUM_PERSONS:
            raise CommandError(
                _("The registry has %(count)d persons: at least %(minimum)d are needed to train the model.")
                % {"count": len(records), "minimum": MINIMUM_PERSONS}
            )
        settings = model_engine.train(records, seed=seed, u_pairs=u_pairs, engine=engine)
        model = model_store(settings=settings, record_count=len(records), seed=seed, trained_by=by or getpass.getuser())
        self.stdout.write(
            self.style.SUCCESS(
                _("Matching model version %(version)d trained on %(count)d persons (seed %(seed)d).")
                % {"version": model.version, "count": model.record_count, "seed": seed}
            )
        )
