"""One way for the benches to serve Guichet with gunicorn on 127.0.0.1: start it, wait until /healthz answers."""

import http.client
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
