"""Times the dashboards' roll-up refreshes and the /insights/ page at the reference scale: 600,000 persons,
1.5 million requests, 37,000 training enrolments and 400 associations in PostgreSQL.

Usage: .venv/bin/python bench/insights.py [--persons 600000] [--requests 1500000] [--enrolments 37000]
           [--associations 400] [--events 10000] [--samples 100] [--verify]
           [--database-url postgres://postgres@127.0.0.1:5432/guichet_insights_bench]

The database is created if missing and filled up to the sizes asked, reusing the other benchmarks' loaders
(persons with seed_demo, the network with seed_network, requests and their timelines with COPY, enrolments and
associations with the demo seeders); an existing one is reused. Then it prints:
- the full refresh (manage.py insights_refresh --full), step by step;
- the incremental refresh after --events new status events (open requests decided or delivered, and persons
  merged into others, written in bulk as the services would leave them);
- with --verify, a full rebuild after that, and whether every roll-up table equals what the incremental left;
- the median, 95th percentile and maximum of the /insights/ page for the nation (a national supervisor) and
  for a region (the demo supervisor of Casablanca-Settat), fetched through Django's test client.
Targets: full refresh < 120 s, incremental < 10 s, page p95 < 300 ms.
"""

import argparse
import datetime
import logging
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from search import percentile  # noqa: E402  (one percentile for every bench)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/guichet_insights_bench"
FULL_TARGET_S = 120.0
INCREMENTAL_TARGET_S = 10.0
PAGE_TARGET_MS = 300.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=600_000)
    parser.add_argument("--requests", type=int, default=1_500_000)
    parser.add_argument("--enrolments", type=int, default=37_000)
    parser.add_argument("--associations", type=int, default=400)
    parser.add_argument("--events", type=int, default=10_000, help="new status events before the incremental")
    parser.add_argument("--samples", type=int, default=100, help="timed fetches of each page")
    parser.add_argument("--verify", action="store_true", help="check incremental == full at this scale")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args()


# How requests end up, as a share of all: most are long finished, a fifth are still open.
STATUS_SHARES = {
    "delivered": 0.50,
    "rejected": 0.08,
    "withdrawn": 0.04,
    "declined": 0.02,
    "approved": 0.08,
    "submitted": 0.20,
    "info_requested": 0.06,
    "referred": 0.02,
}
OPEN = ("submitted", "info_requested", "referred", "approved")
DECIDED = ("approved", "rejected", "delivered")
COLUMNS = (
    "reference, person_id, service_id, centre_id, window_id, channel, status, language, filed_at, due_date, "
    "paused_since, eligible, eligibility, justification, duplicate_reason, missing_documents_reason, "
    "decision_reason, decided_at, delivered_on, updated_at, version"
)


def fill_requests(total: int, seed: int) -> None:
    """COPY requests (and their filed and status events) until there are `total`, filed over the last three
    years at the centres' services, through a window of the centre's province (or online)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from guichet.cases.models import Request
    from guichet.cases.references import new_reference
    from guichet.network.models import Centre, Window

    missing = total - Request.objects.count()
    if missing <= 0:
        return
    rng = random.Random(f"{seed}-insights-requests-{total - missing}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM registry_person")
        person_ids = [row[0] for row in cursor.fetchall()]
    windows: dict[int, list[int]] = {}
    for pk, province in Window.objects.filter(status="open").values_list("pk", "province_id"):
        windows.setdefault(province, []).append(pk)
    offers = [
        (c.pk, s.pk, windows.get(c.province_id, []))
        for c in Centre.objects.prefetch_related("services")
        for s in c.services.all()
    ]
    statuses, weights = list(STATUS_SHARES), list(STATUS_SHARES.values())
    taken = set(Request.objects.values_list("reference", flat=True))
    today = timezone.localdate()
    started, written, batch = time.perf_counter(), 0, 100_000
    while written < missing:
        size = min(batch, missing - written)
        with transaction.atomic(), connection.cursor() as cursor:
            with cursor.copy(f"COPY cases_request ({COLUMNS}) FROM STDIN") as copy:
                for _ in range(size):
                    reference = new_reference(rng)
                    while reference in taken:
                        reference = new_reference(rng)
                    taken.add(reference)
                    centre_id, service_id, near = rng.choice(offers)
                    window_id = rng.choice(near) if near and rng.random() < 0.85 else None
                    status = rng.choices(statuses, weights)[0]
                    filed = today - datetime.timedelta(days=rng.randint(0, 60 if status in OPEN else 1060))
                    filed_at = datetime.datetime.combine(
                        filed, datetime.time(8 + rng.randint(0, 8), rng.randint(0, 59)), tzinfo=datetime.UTC
                    )
                    due = filed + datetime.timedelta(days=14 + rng.randint(0, 20))
                    decided_at = filed_at + datetime.timedelta(days=rng.randint(1, 30)) if status in DECIDED else None
                    copy.write_row(
                        (
                            reference,
                            rng.choice(person_ids),
                            service_id,
                            centre_id,
                            window_id,
                            "window" if window_id else "online",
                            status,
                            rng.choice(("fr", "ar", "ar", "en")),
                            filed_at,
                            due,
                            filed + datetime.timedelta(days=3) if status == "info_requested" else None,
                            True,
                            "{}",
                            "",
                            "",
                            "",
                            "Dossier incomplet." if status == "rejected" else "",
                            decided_at,
                            (decided_at + datetime.timedelta(days=rng.randint(0, 10))).date()
                            if status == "delivered" and decided_at
                            else None,
                            filed_at,
                            1,
                        )
                    )
            cursor.execute(
                "SELECT id, filed_at, status, decided_at FROM cases_request ORDER BY id DESC LIMIT %s", [size]
            )
            rows = cursor.fetchall()
            with cursor.copy(
                "COPY cases_event (request_id, at, kind, from_status, to_status, note) FROM STDIN"
            ) as copy:
                for request_id, filed_at, status, decided_at in rows:
                    copy.write_row((request_id, filed_at, "filed", "", "submitted", ""))
                    if status != "submitted":
                        copy.write_row((request_id, decided_at or filed_at, "status", "submitted", status, ""))
        written += size
        print(f"  {written:,} / {missing:,} requests ({written / (time.perf_counter() - started):,.0f}/s)", flush=True)


def run_refresh(kind: str):
    from guichet.insights.models import RollupRefresh
    from guichet.insights.refresh import refresh_execute

    RollupRefresh.objects.filter(status__in=["queued", "running"]).update(status="failed")
    started = time.perf_counter()
    refresh = refresh_execute(refresh_id=RollupRefresh.objects.create(kind=kind).pk)
    took = time.perf_counter() - started
    if refresh.status != RollupRefresh.Status.DONE:
        raise SystemExit(f"refresh failed: {refresh.error}")
    return refresh, took


def new_events(count: int, seed: int) -> None:
    """`count` status events: open requests decided (most delivered), each request's row moved as request_transition
    leaves it (status, decided_at, delivered_on, updated_at, version) and its event appended; plus a merge of
    one person in a hundred events, as identity's merge leaves the absorbed file."""
    from django.db import connection, transaction
    from django.utils import timezone

    rng = random.Random(f"{seed}-events")
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM cases_request WHERE status IN ('submitted', 'approved') ORDER BY random() LIMIT %s",
            [count],
        )
        ids = [row[0] for row in cursor.fetchall()]
        delivered = [pk for pk in ids if rng.random() < 0.8]
        rejected = sorted(set(ids) - set(delivered))
        cursor.execute(
            "UPDATE cases_request SET status = 'delivered', decided_at = COALESCE(decided_at, %s), "
            "delivered_on = %s, updated_at = %s, version = version + 1 WHERE id = ANY(%s)",
            [now, timezone.localdate(), now, delivered],
        )
        cursor.execute(
            "UPDATE cases_request SET status = 'rejected', decided_at = %s, decision_reason = 'Dossier incomplet.', "
            "updated_at = %s, version = version + 1 WHERE id = ANY(%s)",
            [now, now, rejected],
        )
        with cursor.copy("COPY cases_event (request_id, at, kind, from_status, to_status, note) FROM STDIN") as copy:
            for pk in delivered:
                copy.write_row((pk, now, "status", "approved", "delivered", ""))
            for pk in rejected:
                copy.write_row((pk, now, "status", "submitted", "rejected", ""))
        cursor.execute(
            "SELECT id FROM registry_person WHERE merged_into_id IS NULL ORDER BY random() LIMIT %s", [count // 50]
        )
        persons = [row[0] for row in cursor.fetchall()]
        for absorbed, survivor in zip(persons[::2], persons[1::2], strict=False):
            cursor.execute(
                "UPDATE registry_person SET merged_into_id = %s, updated_at = %s, version = version + 1 WHERE id = %s",
                [survivor, now, absorbed],
            )
    print(f"  {len(delivered):,} requests delivered, {len(rejected):,} rejected, {len(persons) // 2} files merged")


def snapshot() -> dict[str, int]:
    """A digest of every roll-up table (row count and a hash of its sorted rows), computed by PostgreSQL."""
    from django.db import connection

    from guichet.insights import models

    digests = {}
    with connection.cursor() as cursor:
        for model in (
            models.Activity,
            models.Beneficiary,
            models.Cell,
            models.RequestStat,
            models.OverdueStat,
            models.TrainingStat,
            models.SchoolingStat,
            models.WindowStat,
            models.ReferralStat,
        ):
            table = model._meta.db_table
            columns = ", ".join(f.column for f in model._meta.concrete_fields if f.column != "id")
            rows = f"SELECT {columns} FROM {table}"
            cursor.execute(f"SELECT count(*), md5(string_agg(t::text, '|' ORDER BY t::text)) FROM ({rows}) t")
            digests[model.__name__] = cursor.fetchone()
    return digests


def pages(samples: int) -> list[tuple[str, list[float]]]:
    from django.test import Client

    from guichet.accounts.models import Role, User
    from guichet.demo.staff import demo_second_factor_enrol
    from guichet.insights.selectors import years_available

    national, _ = User.objects.update_or_create(
        username="bench-national", defaults={"role": Role.SUPERVISOR, "national": True, "first_name": "Bench"}
    )
    demo_second_factor_enrol([national])  # supervisors sign in with a second factor, as the demo's do
    regional = User.objects.get(username="supervisor")
    year = years_available()[0]
    results = []
    for name, user, query in (
        ("nation, national supervisor", national, {"year": year}),
        (f"region {regional.region.code}, its supervisor", regional, {"year": year}),
        ("nation, the year before", national, {"year": year - 1}),
    ):
        client = Client()
        client.force_login(user)
        for _ in range(5):  # warm up
            assert client.get("/insights/", query).status_code == 200
        timings = []
        for _ in range(samples):
            started = time.perf_counter()
            response = client.get("/insights/", query)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        results.append((name, timings))
    return results


def main() -> None:
    args = parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")
    from search import ensure_database, prepare

    ensure_database(args.database_url)
    import django

    django.setup()
    logging.basicConfig(level=logging.INFO, format="    %(message)s")
    from django.conf import settings

    # No write runs beside the benchmark: the look-back before the last refresh (10 minutes in service, for the
    # transactions still open when it began) would otherwise take in the whole load, done minutes before.
    settings.GUICHET_INSIGHTS_MARGIN_SECONDS = 1
    logging.getLogger("guichet.insights.refresh").setLevel(logging.INFO)
    from programmes import load

    from guichet.demo.network import seed_network
    from guichet.insights.models import Beneficiary, Cell, RequestStat
    from guichet.registry.models import Person

    loading = time.perf_counter()
    prepare(args.persons, args.seed)
    seed_network(rng=random.Random(args.seed))
    fill_requests(args.requests, args.seed)
    load(args.enrolments, args.associations, args.seed)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    from guichet.associations.models import Association
    from guichet.cases.models import Request
    from guichet.training.models import Enrollment

    print(
        f"Data: {Person.objects.count():,} persons, {Request.objects.count():,} requests, "
        f"{Enrollment.objects.count():,} enrolments, {Association.objects.count():,} associations "
        f"(ready in {time.perf_counter() - loading:.0f} s)"
    )

    print("\nFull refresh:")
    _refresh, full = run_refresh("full")
    print(
        f"  {full:.1f} s for {Beneficiary.objects.count():,} beneficiary-years, {Cell.objects.count():,} cells, "
        f"{RequestStat.objects.count():,} request groups: {'under' if full < FULL_TARGET_S else 'OVER'} "
        f"the {FULL_TARGET_S:.0f} s target"
    )
    print(f"\n{args.events:,} new events:")
    new_events(args.events, args.seed)
    print("Incremental refresh:")
    refresh, incremental = run_refresh("incremental")
    print(
        f"  {incremental:.1f} s ({refresh.persons_refreshed:,} persons, years {refresh.years}): "
        f"{'under' if incremental < INCREMENTAL_TARGET_S else 'OVER'} the {INCREMENTAL_TARGET_S:.0f} s target"
    )
    if args.verify:
        after_incremental = snapshot()
        print("Full rebuild to compare:")
        _refresh, again = run_refresh("full")
        same = snapshot() == after_incremental
        print(f"  {again:.1f} s; every roll-up table equal to the incremental's: {'yes' if same else 'NO'}")

    print(f"\n/insights/ page, {args.samples} fetches each, target p95 < {PAGE_TARGET_MS:.0f} ms")
    print(f"{'page':40} {'median':>9} {'p95':>9} {'max':>9}  p95 < target")
    for name, timings in pages(args.samples):
        p95 = percentile(timings, 0.95)
        print(
            f"{name:40} {percentile(timings, 0.5):8.1f}ms {p95:8.1f}ms {max(timings):8.1f}ms  "
            f"{'yes' if p95 < PAGE_TARGET_MS else 'NO'}"
        )
    # A yardstick: the same machine's time for a trivial page, to read the figures against.
    from django.test import Client

    client = Client()
    timings = []
    for _ in range(args.samples):
        started = time.perf_counter()
        client.get("/healthz")
        timings.append((time.perf_counter() - started) * 1000)
    print(f"{'yardstick: /healthz':40} {percentile(timings, 0.5):8.1f}ms {percentile(timings, 0.95):8.1f}ms")


if __name__ == "__main__":
    main()
