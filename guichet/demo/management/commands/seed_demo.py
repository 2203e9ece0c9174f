"""seed_demo: a synthetic Moroccan population (same seed, same persons) and, on request, the demo logins."""

import random
import time
from collections.abc import Iterator

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import F

from guichet.associations.models import Association
from guichet.cases.models import Request
from guichet.cases.references import format_reference
from guichet.demo.associations import seed_associations
from guichet.demo.duplicates import seed_duplicates
from guichet.demo.network import seed_network
from guichet.demo.population import HouseholdRecord, Population
from guichet.demo.requests import demo_tracking_example, seed_requests
from guichet.demo.staff import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    demo_staff_reset,
    demo_totp_secret,
    seed_recorder,
)
from guichet.demo.training import seed_training
from guichet.demo.writers import in_background, writer_for
from guichet.notify.models import OutboxMessage
from guichet.registry import services as registry_services
from guichet.registry.models import Person
from guichet.territory.models import Commune
from guichet.training.models import Enrollment


class Command(BaseCommand):
    help = (
        "Add N synthetic persons in households spread over every loaded commune (run load_territory and "
        "load_communes first). The same seed on an empty registry gives the same persons and social IDs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, default=1000, help="How many persons to add (default 1000).")
        parser.add_argument("--seed", type=int, default=1, help="Seed of the random generator (default 1).")
        parser.add_argument("--if-empty", action="store_true", help="Add nobody if the registry already has persons.")
        parser.add_argument(
            "--staff",
            action="store_true",
            help=f"Create or reset the demo logins (password {DEMO_PASSWORD!r}).",
        )
        parser.add_argument(
            "--batch-size", type=int, default=20_000, help="Persons written per transaction (default 20000)."
        )
        parser.add_argument(
            "--network",
            action="store_true",
            help="Load the demo network: service catalogue, centres and windows in every region, public holidays.",
        )
        parser.add_argument(
            "--requests",
            type=int,
            default=0,
            help="Add this many demo requests in every status, with their timelines (with --if-empty: only if none).",
        )
        parser.add_argument(
            "--training",
            type=int,
            default=0,
            help="Add training courses and cohorts with this many enrolled women (with --if-empty: only if none).",
        )
        parser.add_argument(
            "--duplicates",
            type=int,
            default=0,
            help="Register this many persons again at another window (one script, a year of birth only, a letter "
            "slipped) for the matching model to find (with --if-empty: only when persons were added).",
        )
        parser.add_argument(
            "--associations",
            type=int,
            default=0,
            help="Add this many associations with their schooling applications (with --if-empty: only if none).",
        )

    def handle(self, *args, persons: int, seed: int, if_empty: bool, staff: bool, batch_size: int, **options):
        added = self._persons(persons, seed, if_empty, staff, batch_size)
        if options["duplicates"] > 0 and (added or not if_empty):
            again = seed_duplicates(rng=random.Random(seed), count=options["duplicates"])
            self.stdout.write(f"{again:,} persons registered a second time, for the data stewards to review.")
        if options["network"]:
            seed_network(rng=random.Random(seed))
            self.stdout.write("Demo network ready: catalogue, centres and windows in the 12 regions, holidays.")
        if options["requests"] > 0:
            if if_empty and Request.objects.exists():
                self.stdout.write("Requests exist already: none added (--if-empty).")
            else:
                seed_requests(rng=random.Random(seed), count=options["requests"])
                # The demo's past is past: its messages count as sent then, not replayed to the gateway now.
                replayed = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).update(
                    status=OutboxMessage.Status.SENT, sent_at=F("created_at")
                )
                self.stdout.write(f"{options['requests']:,} demo requests added ({replayed:,} past messages).")
            example = demo_tracking_example()
            if example:
                reference, birth_date = example
                self.stdout.write(
                    f"Try the citizen's tracking page /track/ with reference {format_reference(reference)} "
                    f"and date of birth {birth_date:%d/%m/%Y}."
                )

        self._programmes(seed, if_empty, options["training"], options["associations"])

    def _programmes(self, seed: int, if_empty: bool, enrolments: int, associations: int) -> None:
        if enrolments > 0:
            if if_empty and Enrollment.objects.exists():
                self.stdout.write("Enrolments exist already: none added (--if-empty).")
            else:
                started = time.perf_counter()
                seed_training(rng=random.Random(seed), enrolments=enrolments)
                self.stdout.write(
                    f"{enrolments:,} enrolments in training added in {time.perf_counter() - started:.1f} s."
                )
        if associations > 0:
            if if_empty and Association.objects.exists():
                self.stdout.write("Associations exist already: none added (--if-empty).")
            else:
                started = time.perf_counter()
                seed_associations(rng=random.Random(seed), count=associations)
                self.stdout.write(f"{associations:,} associations added in {time.perf_counter() - started:.1f} s.")

    def _persons(self, persons: int, seed: int, if_empty: bool, staff: bool, batch_size: int) -> int:
        """How many persons were added."""
        recorder = None
        if staff:
            try:
                recorder = demo_staff_reset()["admin"]
            except LookupError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(f"Demo logins ready, password {DEMO_PASSWORD!r}: {', '.join(DEMO_ACCOUNTS)}.")
            self.stdout.write(f"TOTP secret: {demo_totp_secret()}")
        existing = Person.objects.count()
        if if_empty and existing:
            self.stdout.write(f"The registry already has {existing:,} persons: none added (--if-empty).")
            return 0
        if persons <= 0:
            return 0
        communes = list(Commune.objects.select_related("province__region"))
        if not communes:
            raise CommandError("No commune is loaded: run load_territory and load_communes first.")
        population = self._population(seed, existing, communes)
        writer = writer_for(connection, recorder_id=(recorder or seed_recorder()).pk)

        started = time.perf_counter()
        written = 0
        for batch in in_background(_batches(population.persons(persons), batch_size)):
            writer.write(batch)
            written += sum(len(household.members) for household in batch)
            elapsed = time.perf_counter() - started
            self.stdout.write(f"  {written:,} / {persons:,} persons ({written / max(elapsed, 1e-9):,.0f}/s)")
        writer.finish()
        registry_services.name_dictionary_refresh()  # the writers copy the keys; the search's spellings too
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{written:,} persons added in {elapsed:.1f} s ({written / max(elapsed, 1e-9):,.0f} persons/s)."
            )
        )
        return written

    def _population(self, seed: int, existing: int, communes: list[Commune]) -> Population:
        if not existing:
            return Population(rng=random.Random(seed), communes=communes)
        # Adding to a registry: a stream of its own, so that the same seed brings other people.
        self.stdout.write(f"The registry has {existing:,} persons: adding new households beside them.")
        taken = Person.objects.values_list
        return Population(
            rng=random.Random(f"{seed}+{existing}"),
            communes=communes,
            taken_social_ids=taken("social_id", flat=True).iterator(),
            taken_cnies=taken("cnie", flat=True).filter(cnie__isnull=False).iterator(),
            taken_idcs=taken("idcs", flat=True).filter(idcs__isnull=False).iterator(),
        )


def _batches(households: Iterator[HouseholdRecord], size: int) -> Iterator[list[HouseholdRecord]]:
    """Whole households, about `size` persons at a time."""
    batch: list[HouseholdRecord] = []
    count = 0
    for household in households:
        batch.append(household)
        count += len(household.members)
        if count >= size:
            yield batch
            batch, count = [], 0
    if batch:
        yield batch
