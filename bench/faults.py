"""Faults survived, nothing lost: each scenario breaks a real part on purpose and prints what it observed.

Usage: .venv/bin/python bench/faults.py [sms] [conflicts] [pg-restart] [redis]   (no argument: all four)
           [--messages 10000] [--workers 2] [--edits 1000] [--threads 8]

Everything broken is the bench's own: a PostgreSQL cluster in /tmp/faults-pg on port 5499 (created, migrated and
seeded on the first run; initdb runs as the user pgfaults when the bench runs as root), a Redis on port 6399,
and the gunicorn, `db_worker` and `notify_sweep` processes it starts; helpers: faults_env.py (the processes),
faults_gateway.py (a fake SMS gateway honouring Idempotency-Key), faults_web.py (the scenarios through pages).

- sms: N access-code messages queued; worker processes deliver them to the fake HTTP gateway; when the gateway
  holds its answer to the N/2-th message, every worker is killed with SIGKILL; new workers start; the sweep
  re-enqueues what the dead held once their lease (5 s here) runs out. The gateway's log must show each of the
  N keys delivered once, none missing; the re-sends its key absorbed are counted.
- conflicts: threads edit the same 5 persons (registry person_update) and 5 requests (cases request_assign and
  request_transition) from the version they read; successes + conflicts = attempts, and each record's final
  version is its first plus its successes, with one audit entry or timeline event per success.
- pg-restart: readers and writers (comments, attachments) on gunicorn pages; the cluster restarts as after a
  crash (`pg_ctl -m immediate restart`); 503s counted, outage measured, every acknowledged write found, every
  refused one absent; then no request without its filed event, no attachment row without its file, no file
  without its row.
- redis: login and tracking pages with the shared cache on our Redis, then with it stopped.
"""

import argparse
import json
import os
import random
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from faults_env import ROOT, WORK, Processes, app_env, database_ready
from faults_gateway import Gateway, read_log

GATEWAY_PORT = 8998
SCENARIOS = ("sms", "conflicts", "pg-restart", "redis")


def django_setup() -> None:
    """This process works on the bench's database too (queueing, edits, checks), never on a shared one."""
    sys.path.insert(0, str(ROOT))
    env = app_env()
    os.environ.pop("GUICHET_REDIS_URL", None)
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "guichet.settings"
    import django

    django.setup()


# -- a worker killed while sending --------------------------------------------------------------------------


def sms(*, messages: int, workers: int) -> dict:
    from django.db import transaction
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from guichet.notify import tasks
    from guichet.notify.models import OutboxMessage

    Kind, Status = OutboxMessage.Kind, OutboxMessage.Status
    run = uuid.uuid4().hex[:8]
    # The bench's own queue starts empty: tasks left by an earlier, interrupted run would only slow this one.
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).delete()
    gateway = Gateway(WORK / "gateway.jsonl", stall_at=messages // 2, stall_seconds=3).start(GATEWAY_PORT)
    started = time.perf_counter()
    rows = OutboxMessage.objects.bulk_create(
        OutboxMessage(
            kind=Kind.ACCESS_CODE,
            about=f"faults:{run}:{i}",
            channel="sms",
            recipient=f"+2126{i:08d}",
            language="fr",
            body=f"Guichet: message {i} of the faults bench",
        )
        for i in range(messages)
    )
    with transaction.atomic():
        for row in rows:
            tasks.deliver_message.enqueue(row.pk)
    print(f"  {messages:,} messages queued in {time.perf_counter() - started:.1f} s", flush=True)
    env = app_env(
        GUICHET_SMS_BACKEND="http",
        GUICHET_SMS_HTTP_URL=f"http://127.0.0.1:{GATEWAY_PORT}/send",
        GUICHET_NOTIFY_LEASE_SECONDS="5",
    )
    processes = Processes()
    ours = OutboxMessage.objects.filter(about__startswith=f"faults:{run}:")

    def start_workers(generation: int) -> list:
        return [
            processes.manage(
                f"worker-sms-{generation}-{n}", "db_worker", "--no-startup-delay", "--interval", "0.2", env=env
            )
            for n in range(workers)
        ]

    processes.manage("sweep", "notify_sweep", "--every", "2", "-v", "0", env=env)
    first = start_workers(1)
    if not gateway.stalled.wait(timeout=1800):
        processes.stop_all()
        sys.exit("the gateway never reached the middle of the run")
    for process in first:
        processes.kill(process)  # SIGKILL: no clean-up, no goodbye
    killed_at = time.perf_counter()
    at_kill = dict(Counter(ours.values_list("status", flat=True)))
    print(f"  workers killed with SIGKILL; messages by status then: {at_kill}", flush=True)
    time.sleep(1)
    start_workers(2)
    deadline = time.monotonic() + 1800
    while ours.exclude(status__in=[Status.SENT, Status.DEAD]).exists() and time.monotonic() < deadline:
        time.sleep(1)
    drained = time.perf_counter()
    processes.stop_all()
    gateway.stop()

    deliveries, received = read_log(WORK / "gateway.jsonl")
    keys = {row.idempotency_key for row in rows}
    delivered = {key: count for key, count in deliveries.items() if key in keys}
    posts = sum(count for key, count in received.items() if key in keys)
    return {
        "messages": messages,
        "statuses_at_the_end": dict(Counter(ours.values_list("status", flat=True))),
        "delivered_once": sum(1 for count in delivered.values() if count == 1),
        "delivered_twice_or_more": sum(1 for count in delivered.values() if count > 1),
        "missing": len(keys - set(delivered)),
        "posts_received": posts,
        "re_sent_and_absorbed_by_the_key": posts - len(delivered),
        "posts_for_other_messages": sum(count for key, count in received.items() if key not in keys),
        "seconds_total": round(drained - started, 1),
        "seconds_from_kill_to_all_sent": round(drained - killed_at, 1),
        "attempts_over_one": sum(1 for n in ours.values_list("attempts", flat=True) if n > 1),
    }


# -- conflicting edits --------------------------------------------------------------------------------------


def conflicts(*, edits: int, threads: int) -> dict:
    from django.db import connection

    from guichet.accounts.models import User
    from guichet.audit.models import AuditEntry
    from guichet.cases import services as cases
    from guichet.cases.models import Event, Request
    from guichet.common.exceptions import StaleEdit
    from guichet.registry import services as registry
    from guichet.registry.models import Person

    agent, centre = User.objects.get(username="agent"), User.objects.get(username="centre")
    persons = list(
        Person.objects.filter(merged_into=None, province=agent.window.province)
        .order_by("pk")
        .values_list("pk", flat=True)[:5]
    )
    requests = list(
        Request.objects.filter(centre=centre.centre, status__in=["submitted", "info_requested"])
        .order_by("pk")
        .values_list("pk", flat=True)[:5]
    )
    first = {("person", pk): Person.objects.get(pk=pk).version for pk in persons}
    first |= {("request", pk): Request.objects.get(pk=pk).version for pk in requests}
    events_before = {pk: Event.objects.filter(request_id=pk).count() for pk in requests}
    audits_before = {
        pk: AuditEntry.objects.filter(object_type="registry.person", object_id=str(pk)).count() for pk in persons
    }
    outcome: Counter = Counter()
    wins: Counter = Counter()
    messages: set[str] = set()
    others: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(threads)
    plan = [random.Random(n).choice(list(first)) for n in range(edits)]

    def edit(n: int, target: tuple[str, int]) -> None:
        kind, pk = target
        if kind == "person":
            person = Person.objects.get(pk=pk)
            time.sleep(random.random() / 200)
            registry.person_update(
                actor=agent, person=person, expected_version=person.version, data={"address": f"{n} rue des Essais"}
            )
        else:
            request = Request.objects.select_related("service", "centre").get(pk=pk)
            time.sleep(random.random() / 200)
            if n % 2:
                cases.request_assign(actor=centre, request=request, assignee=centre, expected_version=request.version)
            else:
                action = "resume" if request.status == "info_requested" else "request_info"
                cases.request_transition(
                    actor=centre, request=request, action=action, expected_version=request.version, note=f"faults {n}"
                )

    def work(offset: int) -> None:
        barrier.wait()
        for n in range(offset, edits, threads):
            try:
                edit(n, plan[n])
            except StaleEdit as error:
                with lock:
                    outcome["conflict"] += 1
                    messages.add(str(error))
            except Exception as error:  # anything else is a finding, printed
                with lock:
                    outcome["other error"] += 1
                    others.append(f"{type(error).__name__}: {error}")
            else:
                with lock:
                    outcome["saved"] += 1
                    wins[plan[n]] += 1
        connection.close()

    started = time.perf_counter()
    workers = [threading.Thread(target=work, args=(offset,)) for offset in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    seconds = time.perf_counter() - started
    lost = []
    for target, version in first.items():
        kind, pk = target
        now = (Person if kind == "person" else Request).objects.get(pk=pk).version
        written = (
            AuditEntry.objects.filter(object_type="registry.person", object_id=str(pk)).count() - audits_before[pk]
            if kind == "person"
            else Event.objects.filter(request_id=pk).count() - events_before[pk]
        )
        if now != version + wins[target] or written != wins[target]:
            lost.append(f"{kind} {pk}: version {version}->{now}, {wins[target]} saved, {written} recorded")
    return {
        "attempts": edits,
        "saved": outcome["saved"],
        "refused_as_conflicts": outcome["conflict"],
        "other_errors": outcome["other error"],
        "other_error_samples": others[:3],
        "saved_plus_refused_equals_attempts": outcome["saved"] + outcome["conflict"] == edits,
        "records_with_a_lost_or_unrecorded_update": lost,
        "conflict_messages": sorted(messages),
        "seconds": round(seconds, 1),
    }


# -- what a restart must not leave behind -------------------------------------------------------------------


def nothing_half_written() -> dict:
    from django.conf import settings
    from django.db.models import Exists, OuterRef

    from guichet.cases.attachments import path_of
    from guichet.cases.models import Attachment, Event, Request

    filed = Event.objects.filter(request=OuterRef("pk"), kind=Event.Kind.FILED)
    rows = set(Attachment.objects.values_list("stored_name", flat=True))
    directory = Path(settings.GUICHET_ATTACHMENTS_DIR)
    files = {path.name for path in directory.rglob("*") if path.is_file()} if directory.exists() else set()
    return {
        "requests_without_their_filed_event": Request.objects.exclude(Exists(filed)).count(),
        "attachment_rows_without_their_file": sum(1 for name in rows if not path_of(name).is_file()),
        "files_without_their_row": len(files - rows),
        "partial_files": sum(1 for name in files if name.endswith(".part")),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenarios", nargs="*", help=f"any of {', '.join(SCENARIOS)} (default: all)")
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--edits", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=8)
    arguments = parser.parse_args()
    unknown = set(arguments.scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenario: {', '.join(sorted(unknown))}")
    WORK.mkdir(parents=True, exist_ok=True)
    database_ready()
    django_setup()
    import faults_web

    results = {}
    for scenario in arguments.scenarios or SCENARIOS:
        print(f"== {scenario}", flush=True)
        if scenario == "sms":
            result = sms(messages=arguments.messages, workers=arguments.workers)
        elif scenario == "conflicts":
            result = conflicts(edits=arguments.edits, threads=arguments.threads)
        elif scenario == "pg-restart":
            result = faults_web.pg_restart()
            result["after_the_restart"] = nothing_half_written()
        else:
            result = faults_web.redis_down()
        results[scenario] = result
        print(json.dumps(result, indent=2, ensure_ascii=False), flush=True)
    (WORK / "faults.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
