"""seed_training: the training programme's demo data (courses, cohorts, enrolled women), timed."""

import random
import time

from django.core.management.base import BaseCommand

from guichet.demo.training import DEMO_LEARNER_CODE, seed_training


class Command(BaseCommand):
    help = "Add demo courses, cohorts and enrolments of the existing demo women (18+)."

    def add_arguments(self, parser):
        parser.add_argument("--enrolments", type=int, default=500)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, enrolments: int, seed: int, **options):
        started = time.perf_counter()
        seed_training(rng=random.Random(seed), enrolments=enrolments)
        elapsed = time.perf_counter() - started
        self.stdout.write(f"{enrolments} enrolments seeded in {elapsed:.1f} s; demo learner code {DEMO_LEARNER_CODE}")
