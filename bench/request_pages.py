"""Times the work queue, a request page and the tracking page with 600,000 persons and 1.5 million requests.

Usage: .venv/bin/python bench/request_pages.py [--requests 1500000] [--persons 600000] [--samples 200]
           [--database-url postgres://postgres@127.0.0.1:5432/guichet_bench]

The PostgreSQL database is created if missing and filled up to the sizes asked (persons with seed_demo,
the network with seed_network, requests and their timelines bulk-written with COPY); an existing one is
reused. Each page is fetched through Django's test client as its real user sees it (a centre's staff for the
queue and request pages, an anonymous citizen for tracking) and the median, 95th percentile and maximum are
printed against the 150 ms target.
"""

import argparse
import datetime
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
# How requests end up, as a share of all: most are long finished, a fifth are still open.
STATUS_SHARES = [
    ("delivered", 0.50),
    ("rejected", 0.08),
    ("withdrawn", 0.04),
    ("declined", 0.02),
    ("approved", 0.08),
    ("submitted", 0.20),
    ("info_requested", 0.06),
    ("referred", 0.02),
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=600_000)
    parser.add_argument("--requests", type=int, default=1_500_000)
    parser.add_argument("--samples", type=int, default=200, help="timed fetches per page")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args()


def fill_requests(total: int, seed: int) -> None:
    """Bulk-write requests (and a filed event, plus a status event when it moved) until there are `total`."""
    from django.db import connection, transaction
    from django.utils import timezone

    from guichet.cases.models import Request
    from guichet.cases.references import new_reference
    from guichet.network.models import Centre
    from guichet.registry.models import Person

    missing = total - Request.objects.count()
    if missing <= 0:
        return
    rng = random.Random(f"{seed}-requests-{total - missing}")
    person_ids = list(Person.objects.values_list("pk", flat=True))
    offers = [(c.pk, s.pk) for c in Centre.objects.prefetch_related("services") for s in c.services.all()]
    statuses = [status for status, _ in STATUS_SHARES]
    weights = [share for _, share in STATUS_SHARES]
    taken = set(Request.objects.values_list("reference", flat=True))
    today = timezone.localdate()
    columns = (
        "reference, person_id, service_id, centre_id, channel, status, language, filed_at, due_date, paused_since, "
        "eligible, eligibility, justification, decision_reason, decided_at, delivered_on, updated_at, version, "
        "duplicate_reason, missing_documents_reason"
    )
    started = time.perf_counter()
    batch = 100_000
    written = 0
    while written < missing:
        size = min(batch, missing - written)
        with transaction.atomic(), connection.cursor() as cursor:
            with cursor.copy(f"COPY cases_request ({columns}) FROM STDIN") as copy:
                for _ in range(size):
                    reference = new_reference(rng)
                    while reference in taken:
                        reference = new_reference(rng)
                    taken.add(reference)
                    centre_id, service_id = rng.choice(offers)
                    status = rng.choices(statuses, weights)[0]
                    filed = today - datetime.timedelta(
                        days=rng.randint(0, 730)
                        if status not in ("submitted", "info_requested", "referred", "approved")
                        else rng.randint(0, 40)
                    )
                    filed_at = datetime.datetime.combine(
                        filed, datetime.time(9 + rng.randint(0, 7), rng.randint(0, 59)), tzinfo=datetime.UTC
                    )
                    due = filed + datetime.timedelta(days=14 + rng.randint(0, 20))
                    decided = status in ("approved", "rejected", "delivered", "declined", "withdrawn")
                    decided_at = filed_at + datetime.timedelta(days=rng.randint(1, 20)) if decided else None
                    copy.write_row(
                        (
                            reference,
                            rng.choice(person_ids),
                            service_id,
                            centre_id,
                            "referral" if status in ("referred", "declined") else "window",
                            status,
                            rng.choice(("fr", "ar", "ar", "en")),
                            filed_at,
                            due,
                            filed + datetime.timedelta(days=3) if status == "info_requested" else None,
                            True,
                            "{}",
                            "",
                            "Dossier incomplet." if status == "rejected" else "",
                            decided_at,
                            (decided_at.date() if status == "delivered" else None),
                            filed_at,
                            1,
                            "",
                            "",
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
        rate = written / (time.perf_counter() - started)
        print(f"  {written:,} / {missing:,} requests ({rate:,.0f}/s)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_request")
        cursor.execute("ANALYZE cases_event")


def timed(fetch, samples: int) -> list[float]:
    timings = []
    for index in range(samples):
        started = time.perf_counter()
        fetch(index)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def measure(samples: int) -> list[tuple[str, list[float]]]:
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import override_settings

    from guichet.accounts import sessionstate
    from guichet.accounts.models import Role, User
    from guichet.cases.models import Request
    from guichet.network.models import Centre

    busiest = Centre.objects.annotate(open=Count("requests")).order_by("-open").values_list("pk", "open").first()
    centre = Centre.objects.get(pk=busiest[0])
    staff, _ = User.objects.get_or_create(
        username="bench-centre", defaults={"role": Role.CENTRE_STAFF, "centre": centre, "first_name": "Bench"}
    )
    if staff.centre_id != centre.pk:
        User.objects.filter(pk=staff.pk).update(centre=centre)
        staff.refresh_from_db()
    print(f"Busiest centre: {centre.code}, {busiest[1]:,} requests in all")
    staff_client = Client()
    staff_client.force_login(staff)
    # Signed in with the second factor a disability centre's staff must have: else every page is a redirect to it.
    session = staff_client.session
    sessionstate.start(session, now=time.time())
    session[sessionstate.HAS_SECOND_FACTOR] = True
    session.save()

    def page(path: str):
        response = staff_client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return response

    references = list(Request.objects.filter(centre=centre).order_by("?").values_list("reference", flat=True)[:samples])
    tracked = list(Request.objects.order_by("?").values_list("reference", "person__birth_date")[:samples])
    pages = [
        ("work queue, first page", lambda i: page("/requests/queue/")),
        ("work queue, overdue filter", lambda i: page("/requests/queue/?status=open&overdue=on")),
        ("work queue, page 5", lambda i: page("/requests/queue/?page=5")),
        ("request page", lambda i: page(f"/requests/{references[i % len(references)]}/")),
    ]
    citizen = Client()

    def track(i):
        reference, birth = tracked[i % len(tracked)]
        response = citizen.post(
            "/track/", {"reference": reference, "day": birth.day, "month": birth.month, "year": birth.year}
        )
        assert response.status_code == 200, response.status_code

    pages.append(("tracking page", track))
    results = []
    with override_settings(GUICHET_TRACK_ATTEMPTS=10**9):
        for name, fetch in pages:
            timed(fetch, 10)  # warm up
            results.append((name, timed(fetch, samples)))
    return results


def main() -> None:
    args = parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")
    from search import ensure_database, prepare

    ensure_database(args.database_url)
    import django

    django.setup()
    from guichet.demo.network import seed_network

    prepare(args.persons, args.seed)
    seed_network(rng=random.Random(args.seed))
    fill_requests(args.requests, args.seed)
    from guichet.cases.models import Request
    from guichet.registry.models import Person

    print(f"Registry: {Person.objects.count():,} persons, {Request.objects.count():,} requests")
    print(f"\nPages as their users see them, {args.samples} fetches each, target p95 < {TARGET_MS:.0f} ms")
    print(f"{'page':30} {'median':>9} {'p95':>9} {'max':>9}  p95 < target")
    for name, timings in measure(args.samples):
        p95 = percentile(timings, 0.95)
        print(
            f"{name:30} {percentile(timings, 0.5):8.1f}ms {p95:8.1f}ms {max(timings):8.1f}ms  "
            f"{'yes' if p95 < TARGET_MS else 'NO'}"
        )


if __name__ == "__main__":
    main()
