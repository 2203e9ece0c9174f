"""Add demo associations with managers, applications, decisions and term reports (after seed_demo)."""

import random
import time

from django.core.management.base import BaseCommand

from guichet.demo.associations import seed_associations


class Command(BaseCommand):
    help = "Add demo associations (400 at the reference scale) with their children, decisions and reports."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=40, help="How many associations (default 40).")
        parser.add_argument("--seed", type=int, default=1, help="Seed of the random generator (default 1).")

    def handle(self, *args, count: int, seed: int, **options):
        started = time.monotonic()
        seed_associations(rng=random.Random(seed), count=count)
        self.stdout.write(f"{count} associations added in {time.monotonic() - started:.1f} s")
