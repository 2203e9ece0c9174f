"""API benchmark: a person read by social ID through the REST API and the DCI synchronous search by ID, under
concurrent load through gunicorn, beside a bare-Django view reading one row of the same table (the yardstick);
then the time of a 100,000-row import of persons.

Target (issue 12): the API at least half the yardstick's throughput; the import under 5 minutes.
"""

import argparse
import http.client
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from search import DEFAULT_URL, ensure_database, percentile, prepare  # noqa: E402  (the same seeded registry)
from serving import HOST, cpu_between, cpu_seconds, gunicorn_start  # noqa: E402

CLIENT_NAME = "Bench API"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=600_000, help="registry size to measure on (seeded if short)")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds per target, per round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds over the three targets (medians are quoted)")
    parser.add_argument("--concurrency", type=int, default=8, help="clients calling at once")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8731)
    parser.add_argument("--import-rows", type=int, default=100_000, help="rows of the timed import (0: skip)")
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args()


def bench_client() -> tuple[str, object]:
    """A national client with every permission and no practical rate limit; a fresh token each run."""
    import datetime

    from django.utils import timezone

    from guichet.accounts.api_clients import api_client_create, api_client_token_renew
    from guichet.accounts.models import ApiClient, ApiPermission, Role, User

    admin = User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk").first()
    expires = timezone.now() + datetime.timedelta(days=1)
    client = ApiClient.objects.filter(name=CLIENT_NAME).first()
    if client is None:
        client, token = api_client_create(
            actor=admin,
            name=CLIENT_NAME,
            contact="bench",
            permissions=list(ApiPermission.values),
            national=True,
            expires_at=expires,
            public_key=dci_public_key(),
        )
    else:
        token = api_client_token_renew(actor=admin, client=client, expires_at=expires)
    # The rate limit is still checked on every call (its cost is measured), but never reached: a page's limit is
    # not what this bench measures. Set on the row, past what the registration form allows a real client.
    ApiClient.objects.filter(pk=client.pk).update(rate_per_minute=10**9)
    return token, client


def sample_ids(count: int, seed: int) -> list[str]:
    """Persons who consent to their file being shared (70 % of the demo's): both APIs return their record."""
    from guichet.registry.models import Consent, Person

    rng = random.Random(seed)
    bounds = Person.objects.order_by("pk").values_list("pk", flat=True)
    low, high = bounds.first(), bounds.last()
    wanted = rng.sample(range(low, high + 1), min(count * 2, high - low + 1))
    sharing = Consent.objects.filter(purpose=Consent.Purpose.SHARING, withdrawn_on=None).values("person_id")
    ids = list(
        Person.objects.filter(pk__in=wanted, merged_into=None)
        .filter(pk__in=sharing)
        .values_list("social_id", flat=True)[:count]
    )
    rng.shuffle(ids)
    return ids


def dci_public_key() -> str:
    from dci_bench import public_key

    return public_key()


def start_server(args: argparse.Namespace) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": args.database_url, "DJANGO_SETTINGS_MODULE": "guichet.settings"}
    arguments = ["--pythonpath", str(ROOT), "--workers", str(args.workers), "--bind", f"{HOST}:{args.port}"]
    return gunicorn_start([*arguments, "--log-level", "warning", "bench.api_wsgi:application"], port=args.port, env=env)


class Target:
    def __init__(self, name: str, method: str, make, headers: dict[str, str]):
        self.name, self.method, self.make, self.headers = name, method, make, headers


def load(target: Target, ids: list[str], port: int, seconds: float, concurrency: int) -> tuple[list[float], int]:
    """`concurrency` threads call the target for `seconds`, each with its own connection; latencies in ms."""
    latencies: list[list[float]] = [[] for _ in range(concurrency)]
    errors = [0] * concurrency
    stop = time.monotonic() + seconds

    def worker(slot: int) -> None:
        rng = random.Random(slot)
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        while time.monotonic() < stop:
            path, body = target.make(rng.choice(ids))
            started = time.perf_counter()
            try:
                connection.request(target.method, path, body=body, headers=target.headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
                if response.getheader("connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
            latencies[slot].append((time.perf_counter() - started) * 1000)
            errors[slot] += not ok

    threads = [threading.Thread(target=worker, args=(slot,)) for slot in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [value for values in latencies for value in values], sum(errors)


def targets(token: str) -> list[Target]:
    from dci_bench import search_by_id

    auth = {"Authorization": f"Bearer {token}", "Accept-Language": "fr"}
    return [
        Target("yardstick (bare Django)", "GET", lambda sid: (f"/yardstick/{sid}", None), {}),
        Target("REST: person by ID", "GET", lambda sid: (f"/api/v1/persons/{sid}/", None), auth),
        Target(
            "DCI: sync search by ID",
            "POST",
            lambda sid: ("/dci/registry/sync/search", search_by_id(sid)),
            {**auth, "Content-Type": "application/json"},
        ),
    ]


def measure(args: argparse.Namespace, token: str, ids: list[str], server: subprocess.Popen) -> None:
    rounds: dict[str, list[tuple[float, float, float, int, int, float, float]]] = {}
    plan = targets(token)
    for target in plan:  # warm every worker up: imports, connections, caches
        load(target, ids, args.port, 2.0, args.concurrency)
    for _ in range(args.rounds):
        for target in plan:
            before = cpu_seconds(server)
            values, errors = load(target, ids, args.port, args.seconds, args.concurrency)
            cpu = cpu_between(before, cpu_seconds(server))
            calls = max(len(values), 1)
            rounds.setdefault(target.name, []).append(
                (
                    len(values) / args.seconds,
                    statistics.median(values),
                    percentile(values, 0.95),
                    len(values),
                    errors,
                    cpu["web"] * 1000 / calls,
                    cpu["database"] * 1000 / calls,
                )
            )
    print(
        f"\n{args.workers} gunicorn workers, {args.concurrency} concurrent clients, "
        f"{args.rounds} rounds of {args.seconds:.0f} s per target (medians of the rounds)"
    )
    columns = f"{'calls':>8} {'per s':>8} {'p50':>8} {'p95':>8} {'errors':>7} {'vs yardstick':>13}"
    print(f"{'target':<26} {columns}  CPU web+db")
    yardstick = statistics.median(r[0] for r in rounds[plan[0].name])
    for target in plan:
        figures = rounds[target.name]
        rate = statistics.median(f[0] for f in figures)
        print(
            f"{target.name:<26} {sum(f[3] for f in figures):>8} {rate:>8.0f} "
            f"{statistics.median(f[1] for f in figures):>6.1f}ms {statistics.median(f[2] for f in figures):>6.1f}ms "
            f"{sum(f[4] for f in figures):>7} {rate / yardstick:>12.2f}x  "
            f"{statistics.median(f[5] for f in figures):.1f}+{statistics.median(f[6] for f in figures):.1f} ms"
        )
    print("target: the API at least 0.5x the yardstick's throughput")
    print("CPU web+db: CPU ms gunicorn and PostgreSQL spent per call (steadier than the rate on a shared machine)")


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
    token, _client = bench_client()
    ids = sample_ids(2000, args.seed)
    server = start_server(args)
    try:
        measure(args, token, ids, server)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    if args.import_rows:
        from imports import measure_import

        seconds = measure_import(rows=args.import_rows)
        verdict = "yes" if seconds < 300 else "NO"
        print(f"\nImport of {args.import_rows:,} rows: {seconds:.1f} s (target under 300 s: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
