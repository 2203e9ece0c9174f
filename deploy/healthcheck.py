"""The containers' health checks (deploy/compose.yaml); exit code 0 when healthy, 1 otherwise.

`python deploy/healthcheck.py web` asks gunicorn for /healthz as the proxy would (an allowed host name, over
HTTPS as far as Guichet knows), so that the check passes with the production settings (HTTPS redirect, allowed
hosts). `python deploy/healthcheck.py database` connects to DATABASE_URL: what the worker and the sweep need.
"""

import os
import sys
import urllib.error
import urllib.request

import psycopg


def web() -> None:
    hosts = [host.strip().lstrip(".") for host in os.environ.get("GUICHET_ALLOWED_HOSTS", "").split(",")]
    host = next((host for host in hosts if host and host != "*"), "localhost")
    port = (os.environ.get("GUICHET_WEB_BIND") or "127.0.0.1:8000").rsplit(":", 1)[1]
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz", headers={"Host": host, "X-Forwarded-Proto": "https"}
    )
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310  (a fixed http:// address)
        if response.status != 200:
            raise SystemExit(f"/healthz answered {response.status}")


def database() -> None:
    with psycopg.connect(os.environ["DATABASE_URL"], connect_timeout=5) as connection:
        connection.execute("SELECT 1")


if __name__ == "__main__":
    try:
        {"web": web, "database": database}[sys.argv[1]]()
    except (OSError, urllib.error.URLError, psycopg.Error) as error:
        raise SystemExit(f"unhealthy: {error}") from error
