"""Import benchmark: a file of persons in households checked then imported whole, as the worker does it (PostgreSQL).

    .venv/bin/python bench/imports.py                 # 100,000 rows into the bench registry (600,000 persons)
    .venv/bin/python bench/imports.py --rows 20000 --persons 100000

The file is a CSV of households (a head, a spouse, children; CNIE for adults, a phone for the head) drawn from the
demo's names and communes. Timed: sending it (the file checks and its digest), checking every row (the registry's
rules, the rows already imported, the duplicates against the file and the registry), then the write of every person
in one transaction. Everything runs in one transaction rolled back at the end, so the bench registry is left as it
was and the figure can be measured again. bench/api.py calls measure_import().
"""

import argparse
import csv
import datetime
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from search import DEFAULT_URL, ensure_database, prepare  # noqa: E402  (the same seeded registry)

TARGET_SECONDS = 300.0
HEADER = (
    "given_name_latin",
    "family_name_latin",
    "given_name_ar",
    "family_name_ar",
    "sex",
    "birth_date",
    "cnie",
    "phone",
    "commune",
    "household",
    "relationship",
    "consent_date",
)


def import_file(rows: int, seed: int) -> bytes:
    """A CSV of `rows` persons in households of one to six, none of them already in the registry by CNIE."""
    from guichet.demo.names import FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES
    from guichet.territory.models import Commune

    rng = random.Random(seed)
    communes = list(Commune.objects.values_list("code", flat=True))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    written, household = 0, 0
    cnie = rng.randrange(1_000_000, 2_000_000)

    def person(sex: str, family, born: datetime.date, key: str, relationship: str, adult: bool) -> list:
        nonlocal cnie
        given = rng.choice(MALE_GIVEN_NAMES if sex == "M" else FEMALE_GIVEN_NAMES)
        cnie += 1
        return [
            given[0][0],
            family[0][0],
            given[1],
            family[1],
            sex,
            born.isoformat(),
            f"ZY{cnie}" if adult else "",
            f"066{rng.randrange(1_000_000, 9_999_999)}" if relationship == "head" else "",
            commune,
            key,
            relationship,
            "2026-01-15",
        ]

    while written < rows:
        household += 1
        key, commune, family = f"H{household}", rng.choice(communes), rng.choice(FAMILY_NAMES)
        head_born = datetime.date(rng.randrange(1950, 1995), rng.randrange(1, 13), rng.randrange(1, 29))
        members = [person("M", family, head_born, key, "head", True)]
        spouse_born = head_born + datetime.timedelta(days=rng.randrange(-3000, 3000))
        members.append(person("F", rng.choice(FAMILY_NAMES), spouse_born, key, "spouse", True))
        for _ in range(rng.randrange(0, 5)):
            born = head_born + datetime.timedelta(days=rng.randrange(20 * 365, 45 * 365))
            born = min(born, datetime.date(2025, 12, 31))
            members.append(person(rng.choice("FM"), family, born, key, "child", born.year < 2008))
        for member in members[: rows - written]:
            writer.writerow(member)
            written += 1
    return out.getvalue().encode("utf-8")


def measure_import(rows: int = 100_000, seed: int = 1, *, verbose: bool = True) -> float:
    """Seconds to send, check and import a file of `rows` persons (Django set up, PostgreSQL); nothing kept."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection, transaction
    from django.test import override_settings

    from guichet.accounts.models import Role, User
    from guichet.interop.imports import runner, services
    from guichet.interop.imports.models import ImportJob

    assert connection.vendor == "postgresql", "the import benchmark measures PostgreSQL"
    content = import_file(rows, seed)
    with (
        tempfile.TemporaryDirectory() as directory,
        override_settings(DATA_DIR=Path(directory)),
        transaction.atomic(),
    ):
        steward = User.objects.create(username=f"bench_import_{seed}_{time.time_ns()}", role=Role.STEWARD)
        started = time.perf_counter()
        job = services.import_upload(actor=steward, upload=SimpleUploadedFile("bench.csv", content))
        sent = time.perf_counter()
        job = runner.check_execute(job_id=job.pk)
        checked = time.perf_counter()
        assert job.status == ImportJob.Status.READY, list(job.problems.values_list("line", "code")[:10])
        job.duplicates.update(decision="create")
        services.import_start(actor=steward, job=job)
        job = runner.run_execute(job_id=job.pk)
        done = time.perf_counter()
        assert job.status == ImportJob.Status.DONE, list(job.problems.values_list("line", "code")[:10])
        if verbose:
            print(
                f"{rows:,} rows ({len(content) / 1e6:.1f} MB): sent {sent - started:.1f} s, "
                f"checked {checked - sent:.1f} s ({job.duplicates.count():,} flagged), "
                f"imported {done - checked:.1f} s: {job.persons_created:,} persons, "
                f"{job.households_created:,} households"
            )
        transaction.set_rollback(True)
    return done - started


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the file imported")
    parser.add_argument("--persons", type=int, default=600_000, help="registry size (seeded if short)")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "guichet.settings"
    os.environ["DATABASE_URL"] = args.database_url
    sys.path.insert(0, str(ROOT))
    ensure_database(args.database_url)
    import django

    django.setup()
    prepare(args.persons, args.seed)
    from guichet.registry.models import Person

    print(f"Registry: {Person.objects.count():,} persons")
    seconds = measure_import(rows=args.rows, seed=args.seed)
    verdict = "yes" if seconds < TARGET_SECONDS else "NO"
    print(f"Import of {args.rows:,} rows: {seconds:.1f} s (target under {TARGET_SECONDS:.0f} s: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
