"""One way for the benches to serve Guichet with gunicorn on 127.0.0.1: start it, wait until /healthz answers; and
the CPU the server, PostgreSQL and the load generator use meanwhile."""

import http.client
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def gunicorn_start(arguments: list[str], *, port: int, env: dict[str, str], log=None) -> subprocess.Popen:
    """`gunicorn <arguments>` run from the project's root (its output to `log` if given), once it answers
    /healthz on `port`; gunicorn is killed and the bench stops if it does not within a minute."""
    server = subprocess.Popen(
        [GUNICORN, *arguments], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT if log else None
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit(f"gunicorn did not answer on port {port} within a minute" + (f": see {log.name}" if log else ""))


CPU_GROUPS = ("web", "database", "load")


def cpu_seconds(server: subprocess.Popen) -> dict[str, float]:
    """CPU seconds used so far (user and system) by gunicorn (`server` and its workers), by PostgreSQL's processes
    on this machine, and by this process (the load generator). Read from /proc: Linux only."""
    tick = os.sysconf("SC_CLK_TCK")
    used = dict.fromkeys(CPU_GROUPS, 0.0)
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:  # ended meanwhile
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        # After the name: state, ppid, …, then utime, stime and cutime, cstime (the 12th to 15th): a parent counts
        # its ended children's CPU (a gunicorn worker replaced, a PostgreSQL connection closed), so no CPU is lost.
        fields = stat[stat.rindex(")") + 2 :].split()
        pid, parent, seconds = int(entry.name), int(fields[1]), sum(int(value) for value in fields[11:15]) / tick
        if server.pid in (pid, parent):
            used["web"] += seconds
        elif name == "postgres":
            used["database"] += seconds
    times = os.times()
    used["load"] = times.user + times.system
    return used


def cpu_between(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    return {group: after[group] - before[group] for group in CPU_GROUPS}
