"""Load benchmark: Guichet's staff and citizen pages under concurrent load through gunicorn, beside the yardstick.

Usage: .venv/bin/python bench/load.py [--minutes 10] [--staff 1000] [--think-seconds 20] [--concurrency 16]
           [--page-seconds 15] [--rounds 3] [--database-url postgres://postgres@127.0.0.1:5432/guichet_bench]

One gunicorn, started with the production configuration (deploy/gunicorn.conf.py) on 127.0.0.1, serves Guichet and
the yardstick (bench/api_wsgi.py: a bare Django view reading one row of the person table, no middleware). Every
staff user is logged in once with Django's session machinery (a session per virtual user, as the login page leaves
it after the password and the second factor) and keeps its cookie; citizens are anonymous.

1. Pages at saturation: each page alone, then the yardstick, `--concurrency` clients calling back to back for
   `--page-seconds`, `--rounds` times; throughput and p50/p95/p99 (medians of the rounds).
2. The mix of a national network (`--minutes`): `--staff` staff users (60 % window agents searching, opening files
   and registering; 30 % centre staff working the busiest centre's queue, opening and commenting requests; 10 %
   supervisors reading the audit log and the dashboard), each clicking once every `--think-seconds` on average,
   plus citizens tracking a request at a tenth of the staff's rate; arrivals are Poisson and scheduled ahead (a
   bounded number of requests); a latency runs from the scheduled time, so a server falling behind shows.

Prints, per page, requests, throughput, p50/p95/p99 and errors (any status other than the page's own, or no
answer), against the targets of issue 13: p95 under 150 ms per page, zero errors, queue and request page at
least 150 per second, tracking at least half the yardstick's throughput.
"""

import argparse
import datetime
import http.client
import math
import os
import random
import secrets
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from search import DEFAULT_URL, ensure_database, percentile  # noqa: E402  (the same seeded registry)
from serving import HOST, cpu_between, cpu_seconds, gunicorn_start  # noqa: E402

TARGET_P95_MS = 150.0
TARGET_RATE = 150.0
GIVE_UP_SECONDS = 30  # in the mix, a click not started this long after its time is an error and is not sent
CSRF = "loadbench" + "0" * 23  # a 32-character CSRF secret, sent as the cookie and as the form's token
ROLES = {"agent": 0.6, "centre": 0.3, "supervisor": 0.1}
# What each role clicks, by share of its clicks.
ROLE_PAGES = {
    "agent": [("search", 0.6), ("person file", 0.3), ("register", 0.1)],
    "centre": [("queue", 0.45), ("request page", 0.45), ("comment", 0.1)],
    "supervisor": [("audit list", 0.5), ("dashboard", 0.5)],
}
# Every page of the mix, each alone at saturation: the staff pages (reads and writes), tracking, the yardstick.
SATURATION_PAGES = (
    "queue",
    "request page",
    "comment",
    "search",
    "person file",
    "register",
    "tracking",
    "audit list",
    "dashboard",
    "yardstick",
)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--minutes", type=float, default=10.0, help="length of the national mix (0: skip it)")
    parser.add_argument("--staff", type=int, default=1000, help="staff users of the national network")
    parser.add_argument("--think-seconds", type=float, default=20.0, help="mean seconds between a user's clicks")
    parser.add_argument("--concurrency", type=int, default=16, help="clients at once for the pages at saturation")
    parser.add_argument("--page-seconds", type=float, default=15.0, help="seconds per page and round (0: skip)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--port", type=int, default=8741)
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args()


@dataclass
class Call:
    method: str
    path: str
    body: bytes | None = None
    cookie: str = ""
    expect: tuple[int, ...] = (200,)
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class World:
    """What the virtual users need: their cookies, and the people and requests they ask about."""

    cookies: dict[str, list[str]]
    names: list[str]
    social_ids: list[str]
    files: list[str]
    queue_references: list[str]
    tracked: list[tuple[str, datetime.date]]
    communes: list[int]


def setup(args: argparse.Namespace) -> World:
    """The busiest centre's staff account, a session per virtual user, and samples of persons and requests."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db.models import Count, Q

    from guichet.accounts import scopes, sessionstate
    from guichet.accounts.models import Role, User
    from guichet.cases.models import OPEN_STATUSES, Request
    from guichet.network.models import Centre
    from guichet.registry.models import Person
    from guichet.territory.models import Commune

    busiest = (
        Centre.objects.annotate(open=Count("requests", filter=Q(requests__status__in=OPEN_STATUSES)))
        .order_by("-open")
        .values_list("pk", "open")
        .first()
    )
    centre = Centre.objects.get(pk=busiest[0])
    staff, _ = User.objects.get_or_create(
        username="bench-centre", defaults={"role": Role.CENTRE_STAFF, "centre": centre, "first_name": "Bench"}
    )
    if staff.centre_id != centre.pk:
        User.objects.filter(pk=staff.pk).update(centre=centre)
        staff.refresh_from_db()
    # Accounts of the bench's own, like the demo's agent and supervisor: the other benches (re)create the demo
    # logins, which changes their password hash and so ends every session made here.
    accounts = {"agent": _own_copy("agent"), "centre": staff, "supervisor": _own_copy("supervisor")}
    print(f"Busiest centre: {centre.code}, {busiest[1]:,} open requests")
    now = time.time()
    cookies: dict[str, list[str]] = {}
    for role, share in ROLES.items():
        user = accounts[role]
        for _ in range(max(1, round(args.staff * share))):
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            sessionstate.start(session, now=now)
            session[sessionstate.HAS_SECOND_FACTOR] = True  # signed in with the second factor
            session.create()
            cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={CSRF}"
            cookies.setdefault(role, []).append(cookie)
    rng = random.Random(args.seed)
    low, high = Person.objects.order_by("pk").values_list("pk", flat=True).first(), Person.objects.latest("pk").pk
    wanted = rng.sample(range(low, high + 1), 3000)
    persons = list(
        Person.objects.filter(pk__in=wanted, merged_into=None)
        .exclude(family_name_latin="")
        .values_list("given_name_latin", "family_name_latin", "social_id")
    )
    reach = scopes.scope_of(accounts["agent"])  # the files the agent opens are those of their territory
    local = Person.objects.filter(pk__in=rng.sample(range(low, high + 1), 40_000), merged_into=None)
    files = [
        social_id
        for social_id, region_id, province_id in local.values_list("social_id", "region_id", "province_id")
        if reach.contains(region_id=region_id, province_id=province_id)
    ]
    queue_references = list(
        Request.objects.filter(centre=centre).order_by("?").values_list("reference", flat=True)[:2000]
    )
    tracked = list(Request.objects.order_by("?").values_list("reference", "person__birth_date")[:2000])
    communes = list(Commune.objects.values_list("pk", flat=True)[:500])
    return World(
        cookies=cookies,
        names=[f"{given} {family}" for given, family, _ in persons],
        social_ids=[social_id for _, _, social_id in persons],
        files=files,
        queue_references=queue_references,
        tracked=tracked,
        communes=communes,
    )


def _own_copy(username: str):
    """bench-<username>, with the role and scope of the demo account <username>."""
    from guichet.accounts.models import User

    copy = User.objects.filter(username=f"bench-{username}").first()
    if copy is None:
        copy = User.objects.get(username=username)
        copy.pk = None
        copy.username = f"bench-{username}"
        copy.email = ""
        copy.save()
    return copy


def form(data: dict) -> bytes:
    return urllib.parse.urlencode({**data, "csrfmiddlewaretoken": CSRF}, doseq=True).encode()


FORM = {"Content-Type": "application/x-www-form-urlencoded"}
FIRST_NAMES = ("Fatima", "Khadija", "Aicha", "Meryem", "Salma", "Mohamed", "Youssef", "Omar", "Hamza", "Imane")
FAMILY_NAMES = ("Alaoui", "Bennani", "Tazi", "El Idrissi", "Chraibi", "Berrada", "Ouazzani", "Amrani", "Fassi")


def make_call(page: str, world: World, rng: random.Random) -> Call:
    """One click of the page, by a virtual user of the role that uses it."""
    if page == "yardstick":
        return Call("GET", f"/yardstick/{rng.choice(world.social_ids)}")
    if page == "tracking":
        reference, birth = rng.choice(world.tracked)
        body = form({"reference": reference, "day": birth.day, "month": birth.month, "year": birth.year})
        return Call("POST", "/track/", body, cookie=f"csrftoken={CSRF}", headers=FORM)
    role = next(role for role, pages in ROLE_PAGES.items() if page in dict(pages))
    cookie = rng.choice(world.cookies[role])
    if page == "search":
        return Call("GET", "/persons/?" + urllib.parse.urlencode({"q": rng.choice(world.names)}), cookie=cookie)
    if page == "person file":
        return Call("GET", f"/persons/{rng.choice(world.files)}/", cookie=cookie)
    if page == "register":
        birth = datetime.date(rng.randrange(1950, 2010), rng.randrange(1, 13), rng.randrange(1, 29))
        data = {
            "given_name_latin": rng.choice(FIRST_NAMES),
            "family_name_latin": f"{rng.choice(FAMILY_NAMES)}-{secrets.token_hex(3)}",
            "sex": rng.choice("FM"),
            "birth_date": birth.isoformat(),
            "commune": rng.choice(world.communes),
            "relationship": "head",
            "consent_given_on": datetime.date.today().isoformat(),
            "consent_purposes": ["registration"],
            "confirm_distinct": "on",
        }
        # Registered (a redirect to the file), or the form again with the persons it may be (200).
        return Call("POST", "/persons/new/", form(data), cookie=cookie, expect=(302, 200), headers=FORM)
    if page == "queue":
        choice = rng.random()
        query = "" if choice < 0.6 else "?status=open&overdue=on" if choice < 0.8 else f"?page={rng.randint(2, 5)}"
        return Call("GET", f"/requests/queue/{query}", cookie=cookie)
    if page == "request page":
        return Call("GET", f"/requests/{rng.choice(world.queue_references)}/", cookie=cookie)
    if page == "comment":
        body = form({"action": "comment", "comment-text": "Appel au demandeur : pièces à compléter."})
        path = f"/requests/{rng.choice(world.queue_references)}/"
        return Call("POST", path, body, cookie=cookie, expect=(302,), headers=FORM)
    if page == "audit list":
        return Call("GET", "/audit/" if rng.random() < 0.8 else "/audit/?page=2", cookie=cookie)
    if page == "dashboard":
        return Call("GET", "/insights/", cookie=cookie)
    raise ValueError(page)


class Client:
    """One keep-alive connection; a closed one is opened again."""

    def __init__(self, port: int):
        self.port = port
        self.connection: http.client.HTTPConnection | None = None

    def send(self, call: Call) -> bool:
        headers = {"Accept-Language": "fr", **call.headers}
        if call.cookie:
            headers["Cookie"] = call.cookie
        for attempt in (1, 2):  # a connection the server closed since the last call is opened again, once
            if self.connection is None:
                self.connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
            try:
                self.connection.request(call.method, call.path, body=call.body, headers=headers)
                response = self.connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    return False
                continue
            if response.getheader("connection", "").lower() == "close":
                self.connection.close()
                self.connection = None
            return response.status in call.expect
        return False


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[str, int] = field(default_factory=dict)


def saturate(page: str, world: World, args: argparse.Namespace, seconds: float) -> tuple[list[float], int]:
    """`--concurrency` clients click the page back to back for `seconds`; latencies in ms and the errors."""
    tallies = [Tally() for _ in range(args.concurrency)]
    stop = time.monotonic() + seconds

    def worker(slot: int) -> None:
        rng = random.Random(f"{args.seed}-{page}-{slot}-{time.monotonic()}")
        client = Client(args.port)
        while time.monotonic() < stop:
            call = make_call(page, world, rng)
            started = time.perf_counter()
            ok = client.send(call)
            tallies[slot].latencies.append((time.perf_counter() - started) * 1000)
            tallies[slot].errors += not ok

    threads = [threading.Thread(target=worker, args=(slot,)) for slot in range(args.concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [value for tally in tallies for value in tally.latencies], sum(tally.errors for tally in tallies)


def pages_at_saturation(
    world: World, args: argparse.Namespace, server: subprocess.Popen
) -> tuple[dict[str, float], dict[str, float]]:
    """Each page's rate and p95 (medians of the rounds)."""
    print(
        f"\n1. Each page alone, {args.concurrency} clients back to back, {args.page_seconds:.0f} s x {args.rounds} "
        "rounds (medians of the rounds)"
    )
    for page in SATURATION_PAGES:  # warm every worker up: imports, connections, caches
        values, errors = saturate(page, world, args, 2.0)
        if errors:
            raise SystemExit(f"{page}: {errors} of {len(values)} calls failed while warming up: see the server's log")
    rounds: dict[str, list[tuple[float, ...]]] = {}
    for _ in range(args.rounds):
        for page in SATURATION_PAGES:
            before = cpu_seconds(server)
            values, errors = saturate(page, world, args, args.page_seconds)
            cpu = cpu_between(before, cpu_seconds(server))
            rounds.setdefault(page, []).append(
                (
                    len(values) / args.page_seconds,
                    percentile(values, 0.5),
                    percentile(values, 0.95),
                    percentile(values, 0.99),
                    errors,
                    cpu["web"] * 1000 / max(1, len(values)),
                    cpu["database"] * 1000 / max(1, len(values)),
                )
            )
    # The CPU a request costs (gunicorn's and PostgreSQL's, in ms) is steadier than the rate on a shared machine:
    # another tenant's load slows the rate, not the work a request needs.
    print(f"{'page':16} {'per second':>11} {'p50':>9} {'p95':>9} {'p99':>9} {'errors':>7}  x yardstick  CPU web+db")
    rates = {page: statistics.median(r[0] for r in values) for page, values in rounds.items()}
    p95s = {page: statistics.median(r[2] for r in values) for page, values in rounds.items()}
    for page, values in rounds.items():
        p50, p95, p99, web, database = (statistics.median(r[i] for r in values) for i in (1, 2, 3, 5, 6))
        errors = sum(r[4] for r in values)
        print(
            f"{page:16} {rates[page]:11.1f} {p50:8.1f}ms {p95:8.1f}ms {p99:8.1f}ms {errors:7d}  "
            f"{rates[page] / rates['yardstick']:11.2f}  {web:.1f}+{database:.1f} ms"
        )
    return rates, p95s


def national_mix(world: World, args: argparse.Namespace, server: subprocess.Popen) -> None:
    """Poisson arrivals at the network's rate, scheduled ahead; each latency counts from its scheduled time."""
    staff_rate = args.staff / args.think_seconds
    rate = staff_rate * 1.1  # citizens tracking: a tenth of the staff's clicks
    seconds = args.minutes * 60
    rng = random.Random(args.seed)
    plan: list[tuple[float, str]] = []
    moment = 0.0
    roles, role_weights = list(ROLES), list(ROLES.values())
    while True:
        moment += rng.expovariate(rate)
        if moment >= seconds:
            break
        if rng.random() < 0.1 / 1.1:
            page = "tracking"
        else:
            role = rng.choices(roles, role_weights)[0]
            names, weights = zip(*ROLE_PAGES[role], strict=True)
            page = rng.choices(names, weights)[0]
        plan.append((moment, page))
    plan += [(moment, "yardstick") for moment in _every(seconds, 1.0)]  # the yardstick beside, once a second
    plan.sort()
    print(
        f"\n2. The national mix: {args.staff:,} staff users clicking every {args.think_seconds:.0f} s on average "
        f"({staff_rate:.0f}/s) and citizens tracking ({staff_rate * 0.1:.0f}/s), {args.minutes:g} minutes, "
        f"{len(plan):,} requests"
    )
    tallies: dict[str, Tally] = {}
    lock = threading.Lock()
    cursor = iter(enumerate(plan))
    start = time.monotonic() + 1.0
    late = [0.0]
    dropped = [0]

    def worker(slot: int) -> None:
        client = Client(args.port)
        local = random.Random(f"{args.seed}-mix-{slot}")
        while True:
            with lock:
                item = next(cursor, None)
            if item is None:
                return
            _, (moment, page) = item
            call = make_call(page, world, local)
            wait = start + moment - time.monotonic()
            if wait < -GIVE_UP_SECONDS:  # the server is this far behind: the click is counted as failed, not sent
                with lock:
                    tally = tallies.setdefault(page, Tally())
                    tally.latencies.append(-wait * 1000)
                    tally.errors += 1
                    dropped[0] += 1
                continue
            if wait > 0:
                time.sleep(wait)
            ok = client.send(call)
            elapsed = (time.monotonic() - (start + moment)) * 1000
            with lock:
                tally = tallies.setdefault(page, Tally())
                tally.latencies.append(elapsed)
                tally.errors += not ok
                late[0] = max(late[0], -wait if wait < 0 else 0.0)

    threads = [threading.Thread(target=worker, args=(slot,), daemon=True) for slot in range(64)]
    before = cpu_seconds(server)
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cores = {group: used / seconds for group, used in cpu_between(before, cpu_seconds(server)).items()}
    print(f"{'page':16} {'requests':>9} {'per second':>11} {'p50':>9} {'p95':>9} {'p99':>9} {'errors':>7}  p95 < 150")
    total = errors = 0
    for page in sorted(tallies, key=lambda name: -len(tallies[name].latencies)):
        values = tallies[page].latencies
        p95 = percentile(values, 0.95)
        total += len(values)
        errors += tallies[page].errors
        print(
            f"{page:16} {len(values):9,} {len(values) / seconds:11.1f} {percentile(values, 0.5):8.1f}ms "
            f"{p95:8.1f}ms {percentile(values, 0.99):8.1f}ms {tallies[page].errors:7d}  "
            f"{'yes' if p95 < TARGET_P95_MS else 'NO'}"
        )
    print(
        f"{'all':16} {total:9,} {total / seconds:11.1f}   errors: {errors} (of which {dropped[0]:,} not sent, "
        f"over {GIVE_UP_SECONDS} s behind), latest start {late[0]:.2f} s late"
    )
    busy = cores["web"] + cores["database"]
    print(
        f"CPU at this rate: gunicorn {cores['web']:.2f} cores, PostgreSQL {cores['database']:.2f}, the load "
        f"generator {cores['load']:.2f} (this machine: {os.cpu_count()}). For a p95 near the yardstick's, the "
        f"server's cores at most half busy: {math.ceil(2 * busy)} cores of this speed for gunicorn and PostgreSQL."
    )


def _every(seconds: float, step: float) -> list[float]:
    return [index * step for index in range(int(seconds / step))]


def start_server(args: argparse.Namespace, env: dict[str, str]) -> subprocess.Popen:
    log = open(f"/tmp/guichet-load-{args.port}.log", "w")  # noqa: SIM115  (the access log, kept for a look)
    arguments = ["--config", str(ROOT / "deploy" / "gunicorn.conf.py"), "--pythonpath", str(ROOT)]
    return gunicorn_start(
        [*arguments, "bench.api_wsgi:application"],
        port=args.port,
        env={**env, "GUICHET_WEB_BIND": f"{HOST}:{args.port}"},
        log=log,
    )


def main() -> int:
    args = parse_args()
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DJANGO_SETTINGS_MODULE": "guichet.settings",
        # A key of the run's own (the demo's is refused in production); the sessions made here are signed with it.
        "GUICHET_SECRET_KEY": os.environ.get("GUICHET_SECRET_KEY") or secrets.token_urlsafe(48),
    }
    os.environ.update(env)
    ensure_database(args.database_url)  # and the collected static files, in GUICHET_STATIC_ROOT
    env["GUICHET_STATIC_ROOT"] = os.environ["GUICHET_STATIC_ROOT"]
    import django

    django.setup()
    from guichet.cases.models import Request
    from guichet.registry.models import Person

    print(f"Registry: {Person.objects.count():,} persons, {Request.objects.count():,} requests; {os.cpu_count()} cores")
    from django.db import connection

    # The requests were bulk-written: vacuumed, as autovacuum leaves a table some time after its inserts, the
    # queue's counts read the index alone (an index-only scan) instead of visiting a table page per row.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) cases_request")
        cursor.execute("ANALYZE audit_auditentry")  # grown by every earlier run: its statistics, as autovacuum's
    world = setup(args)
    server = start_server(args, env)
    try:
        rates, p95s = pages_at_saturation(world, args, server) if args.page_seconds > 0 else ({}, {})
        if args.minutes > 0:
            national_mix(world, args, server)
    finally:
        server.terminate()
        server.wait(timeout=30)
    if rates:
        print(
            f"\nTargets: queue {rates['queue']:.0f}/s and request page {rates['request page']:.0f}/s "
            f"(>= {TARGET_RATE:.0f}); tracking {rates['tracking'] / rates['yardstick']:.2f} x yardstick (>= 0.5)"
        )
        staff = {page: p95 for page, p95 in p95s.items() if page not in ("tracking", "yardstick")}
        slowest = max(staff, key=staff.__getitem__)
        verdict = "yes" if staff[slowest] < TARGET_P95_MS else "NO"
        print(
            f"Every staff page's p95 under {TARGET_P95_MS:.0f} ms with {args.concurrency} clients: {verdict} "
            f"(the highest: {slowest}, {staff[slowest]:.0f} ms)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
