"""Gunicorn's settings for Guichet in production: `gunicorn -c deploy/gunicorn.conf.py guichet.wsgi`.

The worker count follows the machine's cores; every value a site may want to change is an environment variable
(README, "Settings that matter in production"), so that the systemd unit, the container and `make serve` share
this one file.
"""

import os
from pathlib import Path


def usable_cores() -> int:
    """The cores this process may run on (a CPU affinity set by systemd or a container), else the machine's."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def worker_count(cores: int | None, override: str | None) -> int:
    """GUICHET_WEB_WORKERS when given, else one per core, plus one.

    Guichet's pages spend their time in Python (rendering, the ORM), not waiting: more processes than cores only
    take turns on them. Measured with bench/load.py's pages on 2 cores (2026-12-07), 5 workers (gunicorn's rule of
    thumb for servers that mostly wait, two per core plus one) cost 15 to 20 % more CPU per request than 3 or 2
    (each process warms its own caches, and they evict each other's); the two threads of each worker still let it
    serve while one request waits on the database or a PDF."""
    if override:
        return _positive("GUICHET_WEB_WORKERS", override)
    return (cores or 1) + 1


def _positive(name: str, value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise SystemExit(f"{name} must be a whole number of at least 1, not {value!r}")
    return number


def _setting(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return _positive(name, value) if value else default


bind = os.environ.get("GUICHET_WEB_BIND") or "127.0.0.1:8000"
workers = worker_count(usable_cores(), os.environ.get("GUICHET_WEB_WORKERS"))
# Threads let a worker go on serving while one of its requests waits on the database or renders a PDF. Each thread
# may hold a database connection: PostgreSQL must allow workers × threads per machine, plus the worker and sweep.
worker_class = "gthread"
threads = _setting("GUICHET_WEB_THREADS", 2)
# A request still running after this many seconds is cut and its worker replaced (long work goes to the worker).
timeout = _setting("GUICHET_WEB_TIMEOUT", 60)
graceful_timeout = 30
# One queue for all the workers: a worker takes a connection only when one of its threads is free, and answers it
# with "Connection: close"; the others wait in the kernel's listen queue, whichever worker frees first takes the
# next. (With connections kept alive, each stays with the worker that took it: its requests wait behind that
# worker's while another worker may be idle.) Measured with bench/load.py, 16 clients on each page alone on 2 cores
# (2026-12-07): the p95 of the queue 275 to 175 ms, of the search 527 to 316 ms, the yardstick's 33 to 27 ms, at
# the same rates; a connection a request costs little beside a page. A client that sends nothing for 5 s after
# connecting is let go (gthread's wait for a first request).
worker_connections = threads
keepalive = 0
# Each worker is replaced after about twenty thousand requests, so that no slow leak grows for weeks: at the
# national rate, every half hour or so. (A thousand had each worker of a busy server replaced every few seconds.)
max_requests = 20000
max_requests_jitter = 2000
# The application is loaded once, before the workers fork: less memory, and a configuration error (the demo secret
# key with GUICHET_DEBUG off) stops gunicorn at once with its message instead of failing in every worker.
preload_app = True
# Workers' heartbeat files on a memory file system (a container's disk may stall them), when there is one.
worker_tmp_dir = "/dev/shm" if Path("/dev/shm").is_dir() else None  # noqa: S108  (the heartbeat file only)
# No control socket: nothing uses it, and it would be written to the service user's home.
control_socket_disable = True
# Logs go to standard output and error, where systemd's journal and `docker compose logs` read them.
accesslog = "-"
errorlog = "-"
loglevel = "info"
# The path without its query string (a search's query holds names and identity numbers: they stay out of the logs),
# the status, the size, the seconds taken. The client's address is the proxy's: the audit log has the real one.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s'
proc_name = "guichet-web"


def when_ready(server) -> None:
    """Before the workers fork, import every view and compile every template (Django does both at their first use
    otherwise), so that no worker's first visitors wait for it."""
    from guichet.common.warmup import warm_up

    warm_up()
