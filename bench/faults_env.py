"""The private parts bench/faults.py breaks on purpose: its own PostgreSQL cluster (port 5499), its own Redis
(port 6399), and the Guichet processes (gunicorn, `manage.py db_worker`, `manage.py notify_sweep`) it starts,
kills and restarts against them. Nothing here touches a shared server: every process is ours, stopped by its id.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
from glob import glob
from pathlib import Path

from serving import gunicorn_start

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
WORK = Path(os.environ.get("FAULTS_DIR", "/tmp/faults"))
CLUSTER = Path(os.environ.get("FAULTS_PG_DIR", "/tmp/faults-pg"))
PG_PORT = int(os.environ.get("FAULTS_PG_PORT", "5499"))
REDIS_PORT = int(os.environ.get("FAULTS_REDIS_PORT", "6399"))
DATABASE = "guichet_faults"
DATABASE_URL = f"postgres://postgres@127.0.0.1:{PG_PORT}/{DATABASE}"
PG_USER = "pgfaults"  # initdb refuses to run as root


def pg_bin(name: str) -> str:
    found = sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        sys.exit(f"PostgreSQL's {name} is not installed (apt-get install postgresql)")
    return found[-1]


def _as_pg_user(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:
        if subprocess.run(["id", PG_USER], capture_output=True).returncode:
            subprocess.run(["useradd", "-m", PG_USER], check=True)
        command = ["runuser", "-u", PG_USER, "--", *command]
    return subprocess.run(command, check=True, **kwargs)


def cluster_start() -> None:
    """Create the private cluster if missing and start it if it is not running."""
    logs = WORK / "pglog"
    logs.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(logs, PG_USER if _user_exists() else "root")
    if not (CLUSTER / "PG_VERSION").exists():
        _as_pg_user([pg_bin("initdb"), "-D", str(CLUSTER), "-U", "postgres", "--auth=trust"], capture_output=True)
        if os.geteuid() == 0:
            shutil.chown(logs, PG_USER)
    if (
        subprocess.run([pg_bin("pg_isready"), "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-q"]).returncode
        == 0
    ):
        return
    options = f"-p {PG_PORT} -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=200"
    _as_pg_user(
        [pg_bin("pg_ctl"), "-D", str(CLUSTER), "-o", options, "-l", str(logs / "pg.log"), "-w", "start"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _user_exists() -> bool:
    return subprocess.run(["id", PG_USER], capture_output=True).returncode == 0


def cluster_restart(mode: str = "immediate") -> float:
    """Restart the cluster as a crash would (`immediate`: no checkpoint, open connections cut); seconds it took."""
    started = time.perf_counter()
    # The log file again (restart forgets it): the server must not hold our pipe open, or this would never return.
    command = [pg_bin("pg_ctl"), "-D", str(CLUSTER), "-m", mode, "-l", str(WORK / "pglog" / "pg.log"), "-w", "restart"]
    _as_pg_user(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def psql(sql: str, database: str = "postgres") -> str:
    command = [pg_bin("psql"), "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-d", database]
    return subprocess.run([*command, "-At", "-c", sql], check=True, capture_output=True, text=True).stdout


def database_ready() -> None:
    """The bench database: created and seeded (territory, demo network, 300 persons, 200 requests, the demo
    logins) once, later runs reuse it; migrated each time."""
    cluster_start()
    if not psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'").strip():
        psql(f"CREATE DATABASE {DATABASE}")
    env = app_env()
    seeded = psql("SELECT count(*) FROM pg_tables WHERE tablename = 'registry_person'", DATABASE).strip() == "1"
    # Migrated every time: the code may have moved on since the last run (a few seconds when nothing is new).
    subprocess.run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    if not seeded:
        print("  seeding the private database (about a minute) …", flush=True)
        for command in (
            ["load_territory", "-v0"],
            ["load_communes", "guichet/territory/data/communes_demo.csv", "-v0"],
            ["seed_demo", "--persons", "300", "--staff", "--network", "--requests", "200", "--if-empty"],
        ):
            subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    static = WORK / "static"
    if not (static / "staticfiles.json").exists():
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)


def app_env(**extra: str) -> dict[str, str]:
    """The environment of every Guichet process of the bench: the private database, private data folders."""
    env = {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "GUICHET_DATA_DIR": str(WORK / "data"),
        "GUICHET_STATIC_ROOT": str(WORK / "static"),
        "GUICHET_SECRET_KEY": "faults-bench-" + "x" * 40,
        "GUICHET_LOG_LEVEL": "ERROR",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("GUICHET_REDIS_URL", None)
    env.update(extra)
    return env


class Processes:
    """The processes a scenario started; each is stopped by its own id."""

    def __init__(self) -> None:
        self.running: list[subprocess.Popen] = []

    def start(self, name: str, command: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = (WORK / f"{name}.log").open("ab")
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        self.running.append(process)
        return process

    def manage(self, name: str, *arguments: str, env: dict[str, str]) -> subprocess.Popen:
        return self.start(name, [PYTHON, "manage.py", *arguments], env)

    def gunicorn(self, port: int, env: dict[str, str], workers: int = 2) -> subprocess.Popen:
        env = {**env, "GUICHET_WEB_BIND": f"127.0.0.1:{port}", "GUICHET_WEB_WORKERS": str(workers)}
        log = (WORK / "gunicorn.log").open("ab")
        process = gunicorn_start(["-c", "deploy/gunicorn.conf.py", "guichet.wsgi"], port=port, env=env, log=log)
        self.running.append(process)
        return process

    def kill(self, process: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
        if process.poll() is None:
            process.send_signal(sig)
        process.wait()

    def stop_all(self) -> None:
        for process in self.running:
            if process.poll() is None:
                process.terminate()
        for process in self.running:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.running.clear()


def redis_start(processes: Processes) -> subprocess.Popen:
    process = processes.start(
        "redis",
        ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        os.environ.copy(),
    )
    for _ in range(100):
        if subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "ping"], capture_output=True).returncode == 0:
            return process
        time.sleep(0.05)
    sys.exit("redis-server did not start")
