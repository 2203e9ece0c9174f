"""The production web server: deploy/gunicorn.conf.py sizes itself on the cores, and gunicorn started with it serves
Guichet with GUICHET_DEBUG off, its static files collected, compressed and cached for a year under hashed names."""

import gzip
import http.client
import json
import os
import re
import runpy
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]
CONFIG = ROOT / "deploy" / "gunicorn.conf.py"
GUNICORN = Path(sys.executable).parent / "gunicorn"
# The API documentation's files are big and slow to compress: the test leaves them out.
IGNORED = ["--ignore", "drf_spectacular_sidecar", "--ignore", "rest_framework"]
YEAR = 315360000  # WhiteNoise's "forever" for a name that changes with the content


def _config(monkeypatch, **env: str) -> dict:
    for name in ("GUICHET_WEB_WORKERS", "GUICHET_WEB_THREADS", "GUICHET_WEB_TIMEOUT", "GUICHET_WEB_BIND"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG))


def test_workers_follow_the_cores(monkeypatch):
    config = _config(monkeypatch)
    cores = len(os.sched_getaffinity(0))
    assert config["workers"] == cores + 1
    assert [config["worker_count"](cores, None) for cores in (1, 2, 8)] == [2, 3, 9]
    assert (config["bind"], config["threads"], config["timeout"]) == ("127.0.0.1:8000", 2, 60)
    # One queue for all the workers: a worker holds no more connections than it has threads, none kept alive.
    assert (config["worker_connections"], config["keepalive"]) == (2, 0)
    # Logs go where systemd and docker read them; the query string (names, CNIE of a search) stays out of them.
    assert (config["accesslog"], config["errorlog"]) == ("-", "-")
    assert "%(U)s" in config["access_log_format"] and "%(r)s" not in config["access_log_format"]


def test_the_environment_overrides_the_worker_count_and_the_rest(monkeypatch):
    config = _config(
        monkeypatch,
        GUICHET_WEB_WORKERS="3",
        GUICHET_WEB_THREADS="4",
        GUICHET_WEB_TIMEOUT="120",
        GUICHET_WEB_BIND="0.0.0.0:9000",
    )
    assert (config["workers"], config["threads"], config["timeout"], config["bind"]) == (3, 4, 120, "0.0.0.0:9000")
    assert config["worker_connections"] == 4


@pytest.mark.parametrize("value", ["0", "-2", "four", "2.5"])
def test_a_wrong_worker_count_stops_gunicorn_with_the_variables_name(monkeypatch, value):
    with pytest.raises(SystemExit) as stopped:
        _config(monkeypatch, GUICHET_WEB_WORKERS=value)
    assert str(stopped.value) == f"GUICHET_WEB_WORKERS must be a whole number of at least 1, not {value!r}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url(tmp_path: Path) -> str:
    """The test's PostgreSQL database, or on SQLite a database file of the test's own (/healthz asks SELECT 1)."""
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    return f"sqlite:///{tmp_path / 'gunicorn.sqlite3'}"


def _get(url: str, **headers: str):
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


@pytest.fixture(scope="module")
def production_server(django_db_setup, django_db_blocker, tmp_path_factory):
    """gunicorn -c deploy/gunicorn.conf.py guichet.wsgi on a free port, as production runs it: debug off, a secret
    key of its own, static files collected first (the API's documentation files left out, for time)."""
    tmp_path = tmp_path_factory.mktemp("production")
    with django_db_blocker.unblock():
        database_url = _database_url(tmp_path)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GUICHET_", "DATABASE_URL", "DJANGO_"))}
    env.update(
        GUICHET_DEBUG="0",
        GUICHET_SECRET_KEY=secrets.token_urlsafe(64),
        DATABASE_URL=database_url,
        GUICHET_DATA_DIR=str(tmp_path / "data"),
        GUICHET_STATIC_ROOT=str(tmp_path / "static"),
        GUICHET_WEB_BIND=f"127.0.0.1:{port}",
        GUICHET_WEB_WORKERS="1",
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0", *IGNORED],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [str(GUNICORN), "--config", str(CONFIG), "guichet.wsgi"], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    address = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                _get(f"{address}/healthz")
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()
                time.sleep(0.1)
        yield {"address": address, "env": env, "static": tmp_path / "static", "log": tmp_path / "gunicorn.log"}
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()


def _hashed(static: Path, name: str) -> str:
    return json.loads((static / "staticfiles.json").read_text())["paths"][name]


def test_gunicorn_serves_guichet_with_debug_off(production_server):
    address = production_server["address"]
    status, headers, body = _get(f"{address}/healthz")
    assert (status, json.loads(body)) == (200, {"status": "ok", "database": "ok"})
    assert "no-store" in headers["Cache-Control"]  # a health answer is never kept by a cache
    status, _, body = _get(f"{address}/accounts/login/", **{"Accept-Language": "ar"})
    assert status == 200 and 'dir="rtl"' in body.decode()
    # Pages name the collected copies, whose names change with their content.
    stylesheet = _hashed(production_server["static"], "css/guichet.css")
    assert stylesheet != "css/guichet.css" and f"/static/{stylesheet}" in body.decode()
    log = production_server["log"].read_text()
    assert "Booting worker" in log and "Using worker: gthread" in log


def test_each_answer_closes_its_connection_for_the_workers_one_queue(production_server):
    """A client asking to keep its connection (HTTP/1.1) gets the answer and "Connection: close": its next request
    waits in the listen queue every worker takes from, not behind the requests of the worker that served it."""
    port = int(production_server["address"].rsplit(":", 1)[1])
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        client.request("GET", "/healthz")
        response = client.getresponse()
        response.read()
    finally:
        client.close()
    assert response.status == 200 and response.getheader("Connection") == "close"


def test_static_files_are_served_compressed_and_cached_for_a_year(production_server):
    address, static = production_server["address"], production_server["static"]
    stylesheet = _hashed(static, "css/guichet.css")
    original = (ROOT / "guichet" / "static" / "css" / "guichet.css").read_bytes()

    status, headers, body = _get(f"{address}/static/{stylesheet}", **{"Accept-Encoding": "gzip"})
    assert (status, headers["Content-Encoding"]) == (200, "gzip")
    assert len(body) < len(original) / 2
    assert gzip.decompress(body).startswith(original[:200])
    assert headers["Cache-Control"] == f"max-age={YEAR}, public, immutable"
    assert "Accept-Encoding" in headers["Vary"]

    status, headers, body = _get(f"{address}/static/{stylesheet}", **{"Accept-Encoding": "br, gzip"})
    assert headers["Content-Encoding"] == "br"  # brotli comes with WeasyPrint's fonttools

    status, headers, body = _get(f"{address}/static/{stylesheet}")
    assert "Content-Encoding" not in headers and body.startswith(original[:200])

    # A name without its hash may change tomorrow: browsers keep it a minute only.
    status, headers, body = _get(f"{address}/static/css/guichet.css", **{"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip" and headers["Cache-Control"] == "max-age=60, public"


def test_the_containers_health_check_passes_only_while_the_server_answers(production_server):
    check = [sys.executable, str(ROOT / "deploy" / "healthcheck.py"), "web"]
    env = production_server["env"]
    assert subprocess.run(check, env=env, capture_output=True, timeout=30).returncode == 0
    closed = {**env, "GUICHET_WEB_BIND": f"127.0.0.1:{_free_port()}"}
    result = subprocess.run(check, env=closed, capture_output=True, text=True, timeout=30)
    assert result.returncode == 1 and "unhealthy" in result.stderr


def test_the_workers_health_check_asks_the_database(db, tmp_path):
    check = [sys.executable, str(ROOT / "deploy" / "healthcheck.py"), "database"]
    if connection.vendor == "postgresql":
        reachable = {**os.environ, "DATABASE_URL": _database_url(tmp_path)}
        assert subprocess.run(check, env=reachable, capture_output=True, timeout=30).returncode == 0
    unreachable = {**os.environ, "DATABASE_URL": f"postgres://guichet@127.0.0.1:{_free_port()}/guichet"}
    result = subprocess.run(check, env=unreachable, capture_output=True, text=True, timeout=30)
    assert result.returncode == 1 and "unhealthy" in result.stderr


def test_gunicorn_refuses_to_start_on_the_demo_key_with_debug_off(tmp_path):
    """The application is loaded before the workers fork: the refusal stops gunicorn itself, with its reason."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GUICHET_", "DATABASE_URL", "DJANGO_"))}
    env.update(GUICHET_DEBUG="0", GUICHET_WEB_BIND=f"127.0.0.1:{_free_port()}", GUICHET_WEB_WORKERS="1")
    result = subprocess.run(
        [str(GUNICORN), "--config", str(CONFIG), "guichet.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "GUICHET_SECRET_KEY is not set" in result.stderr and "Booting worker" not in result.stderr


def _serve_prepare() -> dict:
    return runpy.run_path(str(ROOT / "deploy" / "serve_prepare.py"))


def test_make_serve_names_what_does_not_answer(db):
    prepare = _serve_prepare()
    port = _free_port()
    with pytest.raises(SystemExit, match=re.escape(f"PostgreSQL does not answer at 127.0.0.1:{port}: ")):
        prepare["database_ensure"](f"postgres://postgres@127.0.0.1:{port}/guichet_serve")
    with pytest.raises(SystemExit, match=re.escape("make serve runs on PostgreSQL: 'sqlite:///var/x.sqlite3' is not")):
        prepare["database_ensure"]("sqlite:///var/x.sqlite3")
    with pytest.raises(SystemExit, match=re.escape(f"Redis does not answer at redis://127.0.0.1:{port}/0: ")):
        prepare["redis_check"](f"redis://127.0.0.1:{port}/0")
    if connection.vendor == "postgresql":
        name = connection.settings_dict["NAME"]
        assert prepare["database_ensure"](_database_url(Path("."))) == f"database {name} is there"
