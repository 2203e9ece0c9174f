"""Times the two programmes at the reference scale: 37,000 training enrolments and 400 associations loaded
(target: under 2 minutes together), then the cohort page of a 300-woman cohort as its facilitator sees it
(target: p95 under 150 ms).

Usage: .venv/bin/python bench/programmes.py [--enrolments 37000] [--associations 400] [--samples 100]
           [--persons 600000] [--database-url postgres://postgres@127.0.0.1:5432/guichet_bench]

It reuses the benchmark database of bench/search.py (persons seeded if short). Enrolments and associations
are added only when the database has fewer than asked; their loading time is printed when they are loaded.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from search import percentile  # noqa: E402  (one percentile for every bench)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/guichet_bench"
TARGET_MS = 150.0
LOAD_TARGET_S = 120.0
BIG_COHORT = 300


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=600_000)
    parser.add_argument("--enrolments", type=int, default=37_000)
    parser.add_argument("--associations", type=int, default=400)
    parser.add_argument("--samples", type=int, default=100)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args()


def load(enrolments: int, associations: int, seed: int) -> None:
    from django.db import connection

    from guichet.associations.models import Association
    from guichet.demo.associations import seed_associations
    from guichet.demo.training import seed_training
    from guichet.training.models import Enrollment

    spent = 0.0
    if Enrollment.objects.count() < enrolments:
        started = time.perf_counter()
        seed_training(rng=random.Random(seed), enrolments=enrolments)
        took = time.perf_counter() - started
        spent += took
        print(f"  {Enrollment.objects.count():,} enrolments loaded in {took:.1f} s")
    if Association.objects.count() < associations:
        started = time.perf_counter()
        seed_associations(rng=random.Random(seed), count=associations)
        took = time.perf_counter() - started
        spent += took
        print(f"  {Association.objects.count():,} associations loaded in {took:.1f} s")
    if spent:
        print(f"Programmes loaded in {spent:.1f} s: {'under' if spent < LOAD_TARGET_S else 'OVER'} the 2-minute target")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def big_cohort():
    """A cohort of 300 enrolled women with their progress: the largest one, filled up if it is short."""
    from django.db.models import Count
    from django.utils import timezone

    from guichet.registry.models import Person
    from guichet.training.models import Cohort, Enrollment, Progress

    cohort = Cohort.objects.annotate(size=Count("enrollments")).order_by("-size").first()
    missing = BIG_COHORT - cohort.enrollments.count()
    if missing > 0:
        taken = cohort.enrollments.values("person_id")
        women = list(
            Person.objects.filter(sex="F", region_id=cohort.region_id)
            .exclude(pk__in=taken)
            .values_list("pk", flat=True)[:missing]
        )
        added = Enrollment.objects.bulk_create(
            [
                Enrollment(
                    cohort=cohort,
                    person_id=pk,
                    language="ar",
                    enrolled_by=cohort.created_by,
                    last_activity_at=timezone.now(),
                )
                for pk in women
            ]
        )
        modules = list(cohort.course.modules.order_by("position", "pk"))
        rng = random.Random(cohort.pk)
        Progress.objects.bulk_create(
            [
                Progress(enrollment=enrollment, module=module, done_at=timezone.now() if rng.random() < 0.7 else None)
                for enrollment in added
                for module in modules[: rng.randrange(0, len(modules) + 1)]
            ]
        )
    return cohort


def main() -> None:
    args = parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")
    from search import ensure_database, prepare

    ensure_database(args.database_url)
    import django

    django.setup()
    from django.test import Client

    from guichet.demo.network import seed_network

    prepare(args.persons, args.seed)
    seed_network(rng=random.Random(args.seed))
    load(args.enrolments, args.associations, args.seed)
    cohort = big_cohort()
    client = Client()
    client.force_login(cohort.facilitator)
    path = f"/training/cohorts/{cohort.pk}/"
    for _ in range(5):
        assert client.get(path).status_code == 200
    timings = []
    for _ in range(args.samples):
        started = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
    p95 = percentile(timings, 0.95)
    print(f"\nCohort page, {cohort.enrollments.count()} women, as the facilitator, {args.samples} fetches:")
    print(
        f"  median {percentile(timings, 0.5):.1f} ms, p95 {p95:.1f} ms, max {max(timings):.1f} ms — "
        f"{'under' if p95 < TARGET_MS else 'OVER'} the {TARGET_MS:.0f} ms target"
    )


if __name__ == "__main__":
    main()
