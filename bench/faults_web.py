"""The faults bench/faults.py provokes under real pages served by gunicorn: PostgreSQL restarted during a load of
reads and writes, and Redis stopped under the login and tracking pages. Django is set up by bench/faults.py."""

import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from http.cookiejar import Cookie, CookieJar

from faults_env import REDIS_PORT, WORK, Processes, app_env, cluster_restart, redis_start

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 after a POST is the answer we count


class Browser:
    """One visitor: its cookies (a session given by `signed_in`, a CSRF token), no redirect followed."""

    def __init__(self, base: str, session: str = "") -> None:
        self.base = base
        self.jar = CookieJar()
        self.csrf = secrets.token_hex(16)  # 32 characters: Django takes the same value from the cookie and the form
        self._cookie("csrftoken", self.csrf)
        if session:
            self._cookie("sessionid", session)
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)

    def _cookie(self, name: str, value: str) -> None:
        self.jar.set_cookie(
            Cookie(
                0, name, value, None, False, "127.0.0.1", False, False, "/", True, False, None, False, None, None, {}
            )
        )

    def fetch(self, path: str, data: bytes | None = None, content_type: str = "", language: str = "fr"):
        """(status, body); status 0 when the server could not be reached at all."""
        headers = {"Accept-Language": language}
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(self.base + path, data=data, headers=headers)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")
        except OSError:
            return 0, ""

    def post(self, path: str, fields: dict[str, str], language: str = "fr"):
        body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": self.csrf}).encode()
        return self.fetch(path, body, "application/x-www-form-urlencoded", language)

    def post_file(self, path: str, fields: dict[str, str], name: str, filename: str, content: bytes):
        boundary = uuid.uuid4().hex
        parts = []
        for key, value in {**fields, "csrfmiddlewaretoken": self.csrf}.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: application/pdf\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.fetch(path, b"".join(parts), f"multipart/form-data; boundary={boundary}")


def signed_in(username: str) -> str:
    """A session cookie value for a demo login, as the login page would give (written to the bench database)."""
    from django.test import Client

    from guichet.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client.cookies["sessionid"].value


@dataclass
class Tally:
    statuses: Counter = field(default_factory=Counter)
    failures: list[tuple[float, int]] = field(default_factory=list)  # (time, status) of every non-2xx/3xx answer
    writes_acknowledged: list[str] = field(default_factory=list)
    writes_refused: list[str] = field(default_factory=list)  # a 503 (or no answer) to a write: maybe recorded
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, status: int, body: str) -> None:
        with self.lock:
            self.statuses[status] += 1
            if not 200 <= status < 400:
                self.failures.append((time.monotonic(), status))
            if status >= 500 and status != 503:
                print(f"    unexpected {status}: {body[:200]!r}", flush=True)


def pg_restart(*, seconds_before: float = 5, seconds_after: float = 15, readers: int = 3, writers: int = 2) -> dict:
    """Pages read and written through gunicorn while the private PostgreSQL restarts as after a crash."""
    from guichet.cases.models import Attachment, Event, Request

    processes = Processes()
    port = 8497
    processes.gunicorn(port, app_env(GUICHET_ATTACHMENT_MAX_BYTES=str(1024 * 1024)))
    worker = processes.manage("worker-pg", "db_worker", "--no-startup-delay", env=app_env())
    base = f"http://127.0.0.1:{port}"
    agent, centre = signed_in("agent"), signed_in("centre")
    open_requests = list(
        Request.objects.filter(centre__code="CAPH-CAS-001", status__in=["submitted", "info_requested"]).values_list(
            "reference", flat=True
        )[:20]
    ) or list(Request.objects.values_list("reference", flat=True)[:20])
    attachments_before = Attachment.objects.count()
    run = uuid.uuid4().hex[:8]
    tally = Tally()
    stop = threading.Event()

    def read(n: int) -> None:
        by_agent = bool(n % 2)
        browser = Browser(base, agent if by_agent else centre)
        # The centre's requests are opened by its staff: a window agent may open only those filed at their window
        # (a 403, rightly, counted as a failure until 2026-12-07); the agent searches again instead.
        own = "/persons/?q=Mohamed" if by_agent else f"/requests/{open_requests[n]}/"
        pages = ["/persons/?q=Fatima", "/open-data/", "/requests/queue/", own]
        i = 0
        while not stop.is_set():
            tally.count(*browser.fetch(pages[i % len(pages)]))
            i += 1

    def write(n: int) -> None:
        browser = Browser(base, centre)
        i = 0
        while not stop.is_set():
            reference = open_requests[(n * 7 + i) % len(open_requests)]
            name = f"faults-{run}-{n}-{i}"
            if i % 2:
                status, body = browser.post(f"/requests/{reference}/", {"action": "comment", "comment-text": name})
            else:
                status, body = browser.post_file(
                    f"/requests/{reference}/",
                    {"action": "attach", "attach-document": ""},
                    "attach-files",
                    f"{name}.pdf",
                    PDF,
                )
            tally.count(status, body)
            with tally.lock:
                (tally.writes_acknowledged if status == 302 else tally.writes_refused).append(name)
            i += 1

    threads = [threading.Thread(target=read, args=(n,)) for n in range(readers)]
    threads += [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    time.sleep(seconds_before)
    restart_at = time.monotonic()
    restart_took = cluster_restart("immediate")
    time.sleep(seconds_after)
    stop.set()
    for thread in threads:
        thread.join()
    worker_alive = worker.poll() is None
    processes.stop_all()
    from django.db import connection

    connection.close()  # this process's own connection died with the restart too

    failures = [t for t, _ in tally.failures]
    kept = set(Event.objects.filter(note__startswith=f"faults-{run}-").values_list("note", flat=True))
    for note in Attachment.objects.filter(original_name__startswith=f"faults-{run}-").values_list(
        "original_name", flat=True
    ):
        kept.add(note.removesuffix(".pdf"))
    attached_events = Event.objects.filter(kind=Event.Kind.ATTACHMENT, note__startswith=f"faults-{run}-").count()
    attached_rows = Attachment.objects.filter(original_name__startswith=f"faults-{run}-").count()
    return {
        "statuses": dict(sorted(tally.statuses.items())),
        "restart_seconds": restart_took,
        "first_failure_after_restart": (min(failures) - restart_at) if failures else None,
        "last_failure_after_restart": (max(failures) - restart_at) if failures else None,
        "writes_acknowledged": len(tally.writes_acknowledged),
        "acknowledged_but_missing": len(set(tally.writes_acknowledged) - kept),
        "refused_writes": len(tally.writes_refused),
        "refused_but_recorded": len(set(tally.writes_refused) & kept),
        "attachments_added": Attachment.objects.count() - attachments_before,
        "attachment_events_without_their_row_or_rows_without_event": abs(attached_events - attached_rows),
        "worker_alive_after_restart": worker_alive,
    }


def redis_down(*, attempts: int = 30) -> dict:
    """Login and tracking through gunicorn with the shared cache on our Redis, then with that Redis stopped."""
    processes = Processes()
    redis = redis_start(processes)
    port = 8496
    processes.gunicorn(port, app_env(GUICHET_REDIS_URL=f"redis://127.0.0.1:{REDIS_PORT}/0"), workers=2)
    base = f"http://127.0.0.1:{port}"
    from guichet.demo.staff import DEMO_PASSWORD

    def login(password: str) -> tuple[int, str]:
        return Browser(base).post("/accounts/login/", {"username": "agent", "password": password}, language="en")

    up = login(DEMO_PASSWORD)[0]
    processes.kill(redis)  # our own Redis, by its process id
    answers: Counter = Counter()
    login_refused_with_message = 0
    for _ in range(attempts):
        status, body = login("wrong password")
        answers[f"login {status}"] += 1
        login_refused_with_message += "Too many failed attempts" in body
    right_status, right_body = login(DEMO_PASSWORD)
    answers[f"login with the right password {right_status}"] += 1
    from guichet.cases.models import Request

    visitor = Browser(base)
    reference = Request.objects.values_list("reference", flat=True).first()
    track = {"reference": reference, "day": "31", "month": "12", "year": "1991"}  # not its date of birth
    for _ in range(attempts):
        status, _body = visitor.post("/track/", track, language="en")
        answers[f"track {status}"] += 1
    redis = redis_start(processes)
    after = login(DEMO_PASSWORD)[0]
    processes.stop_all()
    errors = sum(count for key, count in answers.items() if key.split()[-1].startswith("5"))
    return {
        "login_with_redis_up": up,
        "answers_with_redis_down": dict(answers),
        "login_refused_with_the_limit_message": login_refused_with_message,
        "right_password_refused_while_down": right_status != 302 and "Too many failed attempts" in right_body,
        "login_after_redis_is_back": after,
        "server_errors": errors,
        "gunicorn_log": str(WORK / "gunicorn.log"),
    }
