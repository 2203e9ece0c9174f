"""match_file INPUT.csv --out PAIRS.csv: the likely duplicates of a list of persons, before it is imported."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from guichet.matching import engine as model_engine
from guichet.matching import spark
from guichet.matching.arguments import probability
from guichet.matching.csvfile import FileProblems, read_persons_file, write_result
from guichet.matching.records import prepare_record
from guichet.matching.services import model_current


class Command(BaseCommand):
    help = (
        "Score the records of a UTF-8 CSV (record_id, given_name_latin, family_name_latin, given_name_arabic, "
        "family_name_arabic, sex, birth_date, birth_date_approx, cnie, phone, commune) with the registry's "
        "trained model, or one trained on the file (--train); write the pairs at or above the threshold and "
        "the clusters they form. Nothing is written if any row is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument("input", type=Path, help="CSV file of persons.")
        parser.add_argument("--out", type=Path, required=True, help="Where to write the pairs (CSV).")
        parser.add_argument(
            "--clusters", type=Path, help="Where to write the clusters (CSV); default: next to --out, *_clusters.csv."
        )
        parser.add_argument(
            "--threshold", type=probability, default=0.5, help="Lowest match probability written, 0 to 1 (0.5)."
        )
        parser.add_argument("--train", action="store_true", help="Train the model on the file itself.")
        parser.add_argument("--seed", type=int, default=model_engine.DEFAULT_SEED, help="Random seed of --train.")
        spark.add_engine_arguments(parser)

    def handle(
        self,
        *args,
        input: Path,
        out: Path,
        clusters: Path | None,
        threshold: float,
        train: bool,
        seed: int,
        engine: str,
        spark_master: str | None,
        **options,
    ):
        if not input.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": input})
        spark.start_for_command(engine, spark_master)
        try:
            persons = read_persons_file(input)
        except FileProblems as error:
            for problem in error.problems:
                self.stderr.write(problem)
            raise CommandError(
                ngettext(
                    "%(count)d error in %(path)s: nothing was written.",
                    "%(count)d errors in %(path)s: nothing was written.",
                    len(error.problems),
                )
                % {"count": len(error.problems), "path": input}
            ) from None
        records = [prepare_record(person) for person in persons]
        if train:
            settings = model_engine.train(records, seed=seed, engine=engine)
        else:
            model = model_current()
            if model is None:
                raise CommandError(_("No trained model yet: run match_train first, or use --train."))
            settings = model.settings
        result = model_engine.score(records, settings, threshold=threshold, prior_from_records=not train, engine=engine)
        clusters_path = clusters or out.with_name(f"{out.stem}_clusters{out.suffix or '.csv'}")
        write_result(result, out, clusters_path)
        self.stdout.write(
            self.style.SUCCESS(
                _("%(pairs)d pairs and %(clusters)d clusters written to %(out)s and %(clusters_path)s.")
                % {
                    "pairs": len(result.pairs),
                    "clusters": len(set(result.clusters.values())),
                    "out": out,
                    "clusters_path": clusters_path,
                }
            )
        )
