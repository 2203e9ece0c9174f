"""The production files agree with each other: the systemd units parse and are hardened, the compose file names every
service with a health check, and the units, the containers and `make serve` run the same three commands."""

import configparser
import re
import shutil
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"
UNITS = {
    "guichet-web.service": "gunicorn --config deploy/gunicorn.conf.py guichet.wsgi",
    "guichet-worker.service": "python manage.py db_worker",
    "guichet-notify-sweep.service": "python manage.py notify_sweep --every 60",
}
HARDENING = {
    "User": "guichet",
    "Group": "guichet",
    "EnvironmentFile": "/etc/guichet/guichet.env",
    "NoNewPrivileges": "yes",
    "ProtectSystem": "strict",
    "ProtectHome": "yes",
    "PrivateTmp": "yes",
    "CapabilityBoundingSet": "",
}


class _UnitParser(configparser.ConfigParser):
    def optionxform(self, optionstr: str) -> str:
        return optionstr  # systemd's keys are case-sensitive


def _unit(name: str) -> configparser.ConfigParser:
    parser = _UnitParser(interpolation=None, strict=True, delimiters=("=",))
    parser.read_string((DEPLOY / "systemd" / name).read_text())
    return parser


def test_the_units_run_the_three_commands_hardened_and_restarted():
    for name, command in UNITS.items():
        unit = _unit(name)
        service = unit["Service"]
        assert service["ExecStart"] == f"/srv/guichet/.venv/bin/{command}", name
        assert {key: service.get(key) for key in HARDENING} == HARDENING, name
        assert service["Restart"] in {"always", "on-failure"} and service["WorkingDirectory"] == "/srv/guichet", name
        assert unit["Unit"]["Description"].startswith("Guichet: ") and "network-online.target" in unit["Unit"]["After"]
        assert unit["Install"]["WantedBy"] == "multi-user.target", name
    # Only the web server and the worker write files, into the one state directory (GUICHET_DATA_DIR).
    assert _unit("guichet-web.service")["Service"]["StateDirectory"] == "guichet"
    assert _unit("guichet-web.service")["Service"]["Type"] == "notify"  # gunicorn says when it is ready


def test_systemd_finds_nothing_wrong_in_the_units_but_the_absent_install():
    """systemd-analyze verify (Debian's systemd) reports unknown keys and bad values; the only complaint allowed
    here is that /srv/guichet is not installed on this machine."""
    assert shutil.which("systemd-analyze"), "systemd-analyze is part of systemd, on every Debian machine"
    units = [str(DEPLOY / "systemd" / name) for name in UNITS]
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *units], capture_output=True, text=True, timeout=60
    )
    absent = re.compile(r"^guichet-[\w-]+\.service: Command /srv/guichet/\.venv/bin/\w+ is not executable")
    complaints = [line for line in (result.stdout + result.stderr).splitlines() if line and not absent.match(line)]
    assert complaints == []


def _compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def test_the_compose_file_names_every_service_with_a_health_check():
    services = _compose()["services"]
    assert {"postgres", "redis", "web", "worker", "sweep", "proxy"} <= set(services)
    for name in ("postgres", "redis", "web", "worker", "sweep", "proxy"):
        assert services[name]["healthcheck"]["test"][0] == "CMD", name
        assert services[name]["restart"] == "unless-stopped", name
    # The web server, the worker and the sweep start once the database is migrated; the proxy once the web is up.
    for name in ("web", "worker", "sweep"):
        assert services[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
        assert services[name]["depends_on"]["postgres"] == {"condition": "service_healthy"}
    assert services["proxy"]["depends_on"]["web"] == {"condition": "service_healthy"}


def test_the_containers_run_what_the_units_run():
    services = _compose()["services"]
    commands = {name: " ".join(services[name]["command"]) for name in ("web", "worker", "sweep")}
    assert commands == {
        "web": UNITS["guichet-web.service"],
        "worker": UNITS["guichet-worker.service"],
        "sweep": UNITS["guichet-notify-sweep.service"],
    }
    # make serve starts the same three.
    makefile = (ROOT / "Makefile").read_text()
    serve = makefile.split("\nserve: install", 1)[1].split("\n\n", 1)[0]
    assert "$(BIN)/gunicorn --config deploy/gunicorn.conf.py guichet.wsgi &" in serve
    assert "$(MANAGE) db_worker &" in serve and "$(MANAGE) notify_sweep --every 60 &" in serve


def test_the_database_and_the_private_files_live_in_volumes():
    compose = _compose()
    services = compose["services"]
    assert {"database", "private-files"} <= set(compose["volumes"])
    assert "database:/var/lib/postgresql/data" in services["postgres"]["volumes"]
    for name in ("web", "worker", "sweep"):
        assert "private-files:/data" in services[name]["volumes"]
        assert services[name]["environment"]["GUICHET_DATA_DIR"] == "/data"
    # The env file's gunicorn address is the loopback of a server; in a container nginx must reach it.
    assert services["web"]["environment"]["GUICHET_WEB_BIND"] == "0.0.0.0:8000"


def test_the_proxy_sets_the_headers_guichet_trusts():
    """One proxy (GUICHET_PROXY_HOPS=1) that always sets X-Forwarded-Proto itself (GUICHET_PROXY_SSL_HEADER), and
    appends the address it saw to X-Forwarded-For, where Guichet reads it (the right-most entry)."""
    services = _compose()["services"]
    for name in ("web", "worker", "sweep"):
        environment = services[name]["environment"]
        assert environment["GUICHET_PROXY_HOPS"] == "1"
        assert environment["GUICHET_PROXY_SSL_HEADER"] == "HTTP_X_FORWARDED_PROTO"
    assert "./nginx.conf:/etc/nginx/templates/default.conf.template:ro" in services["proxy"]["volumes"]
    assert services["proxy"]["environment"]["NGINX_UPSTREAM"] == "web:8000"
    nginx = (DEPLOY / "nginx.conf").read_text()
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in nginx
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in nginx
    assert "return 301 https://$host$request_uri;" in nginx


def test_the_image_runs_as_its_own_user_with_arabic_fonts_and_collected_static_files():
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert dockerfile.splitlines()[3] == "FROM python:3.11-slim-bookworm"
    assert "libpango-1.0-0" in dockerfile and "fonts-noto-core" in dockerfile
    assert "pybabel compile" in dockerfile and "manage.py collectstatic --no-input" in dockerfile
    assert re.search(r"^USER guichet$", dockerfile, re.MULTILINE)
    assert dockerfile.index("collectstatic") < dockerfile.index("USER guichet")
    ignored = (DEPLOY / "Dockerfile.dockerignore").read_text().splitlines()
    assert {".venv", "var", ".git", "deploy/guichet.env"} <= set(ignored)
