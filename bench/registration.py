"""Registration benchmark: the duplicate check the registration form runs, on a large registry with a model."""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from search import DEFAULT_URL, ensure_database, percentile, prepare  # noqa: E402  (the same seeded registry)

TARGET_MS = 300.0
KINDS = ("other script", "one letter wrong", "year of birth only", "nobody")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=600_000, help="registry size to measure on (seeded if short)")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--checks", type=int, default=60, help="timed registrations (a quarter of each kind)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the population and of the sample")
    parser.add_argument("--train", action="store_true", help="train and store a new model even if one is stored")
    return parser.parse_args()


def ensure_model(train: bool) -> None:
    """The stored model the check uses: trained on the registry (manage.py match_train) when there is none."""
    from django.core.management import call_command

    from guichet.matching.services import model_current

    if model_current() is None or train:
        started = time.perf_counter()
        call_command("match_train")
        print(f"Model trained and stored in {time.perf_counter() - started:.0f} s")
    model = model_current()
    assert model is not None
    print(f"Model version {model.version}, trained on {model.record_count:,} persons")


def _slip(rng: random.Random, name: str) -> str:
    """One letter wrong, missing or extra inside the name (as bench/search.py types a slip)."""
    if len(name) < 5:
        return name + rng.choice("aeiou")
    index = rng.randrange(1, len(name) - 1)
    letter = rng.choice("bdfklmnrst")
    kind = rng.choice(("wrong", "missing", "extra"))
    if kind == "wrong":
        return name[:index] + letter + name[index + 1 :]
    if kind == "missing":
        return name[:index] + name[index + 1 :]
    return name[:index] + letter + name[index:]


def new_persons(count: int, seed: int) -> list[tuple[str, dict, int | None]]:
    """(kind, the form's person data, the pk of the existing person it is, or None), a quarter of each kind."""
    from guichet.registry.models import Person
    from guichet.territory.models import Commune

    rng = random.Random(seed)
    high = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    wanted = rng.sample(range(1, high + 1), count * 4)
    people = list(
        Person.objects.filter(pk__in=wanted, merged_into__isnull=True)
        .exclude(given_name_latin="")
        .exclude(given_name_ar="")
        .exclude(family_name_latin="")
        .exclude(family_name_ar="")
        .select_related("commune")
    )
    rng.shuffle(people)
    communes = list(Commune.objects.all())
    samples: list[tuple[str, dict, int | None]] = []
    for index in range(count):
        kind = KINDS[index % len(KINDS)]
        person = people[index]
        data = {
            "given_name_latin": person.given_name_latin,
            "family_name_latin": person.family_name_latin,
            "given_name_ar": person.given_name_ar,
            "family_name_ar": person.family_name_ar,
            "sex": person.sex,
            "birth_date": person.birth_date,
            "birth_date_approximate": person.birth_date_approximate,
            "cnie": None,
            "idcs": None,
            "phone": "",
            "commune": person.commune,
        }
        expected: int | None = person.pk
        if kind == "other script":  # typed in the other script only, half each way
            names = ("given_name_ar", "family_name_ar") if index % 2 else ("given_name_latin", "family_name_latin")
            data.update(dict.fromkeys(names, ""))
        elif kind == "one letter wrong":
            data.update(given_name_ar="", family_name_ar="", family_name_latin=_slip(rng, person.family_name_latin))
        elif kind == "year of birth only":
            data.update(
                given_name_ar="",
                family_name_ar="",
                birth_date=datetime.date(person.birth_date.year, 1, 1),
                birth_date_approximate=True,
            )
        else:  # someone who is not registered: another person's names, a birth date and commune of chance
            other = people[-1 - index]
            data.update(
                given_name_latin=other.given_name_latin,
                given_name_ar=other.given_name_ar,
                birth_date=datetime.date(rng.randrange(1950, 2020), rng.randrange(1, 13), rng.randrange(1, 29)),
                commune=rng.choice(communes),
            )
            expected = None
        samples.append((kind, data, expected))
    return samples


def run(samples: list[tuple[str, dict, int | None]]) -> None:
    from django.db import connection

    from guichet.accounts.models import User
    from guichet.registry.models import Person
    from guichet.registry.selectors import lookalikes_check

    agent = User.objects.get(username="agent")
    for _, data, _ in samples[:8]:  # warm-up: connection, the model, Splink's SQL built once and cached
        lookalikes_check(viewer=agent, data=data)

    timings: dict[str, list[float]] = {kind: [] for kind in KINDS}
    found: dict[str, int] = dict.fromkeys(KINDS, 0)
    for kind, data, expected in samples:
        started = time.perf_counter()
        check = lookalikes_check(viewer=agent, data=data)
        timings[kind].append((time.perf_counter() - started) * 1000)
        pks = [row["pk"] for row in check.known]
        found[kind] += (expected in pks[:3]) if expected else not any(row.get("probability") for row in check.known)

    social_ids = list(Person.objects.order_by("?").values_list("social_id", flat=True)[: len(samples)])
    bare = []
    with connection.cursor() as cursor:
        for social_id in social_ids:
            started = time.perf_counter()
            cursor.execute("SELECT * FROM registry_person WHERE social_id = %s", [social_id])
            cursor.fetchall()
            bare.append((time.perf_counter() - started) * 1000)

    print(f"\nDuplicate check at registration as a window agent, target p95 < {TARGET_MS:.0f} ms")
    print(f"{'kind':<20} {'count':>6} {'median':>9} {'p95':>9} {'max':>9}  {'found':>7}")
    everything: list[float] = []
    for kind in KINDS:
        values = timings[kind]
        everything += values
        print(
            f"{kind:<20} {len(values):>6} {statistics.median(values):>7.1f}ms {percentile(values, 0.95):>7.1f}ms "
            f"{max(values):>7.1f}ms  {found[kind]:>3}/{len(values):<3}"
        )
    p95 = percentile(everything, 0.95)
    print(
        f"{'overall':<20} {len(everything):>6} {statistics.median(everything):>7.1f}ms {p95:>7.1f}ms "
        f"{max(everything):>7.1f}ms  {'':>7}  {'yes' if p95 < TARGET_MS else 'NO'}"
    )
    print(
        f"{'yardstick':<20} {len(bare):>6} {statistics.median(bare):>7.1f}ms {percentile(bare, 0.95):>7.1f}ms "
        f"{max(bare):>7.1f}ms  (one person read by social ID, same table, same run)"
    )
    print("found: the existing person is among the first three shown (nobody: no likely file is shown)")


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
    ensure_model(args.train)
    run(new_persons(args.checks, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
