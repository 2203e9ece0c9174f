"""Production settings: `check --deploy` is clean with deploy/production.env.example, the server refuses the demo
secret key when debug is off, and cookies are Secure and __Host- prefixed behind HTTPS."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "deploy" / "production.env.example"


def _example_env() -> dict[str, str]:
    values = {}
    for line in EXAMPLE.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def _clean_env(**values: str) -> dict[str, str]:
    """This machine's environment without any GUICHET_ or DATABASE_URL variable, plus the given ones."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GUICHET_", "DATABASE_URL", "DJANGO_"))}
    env.update(values)
    return env


def _run(code_or_args, env) -> subprocess.CompletedProcess:
    args = [sys.executable, *code_or_args] if isinstance(code_or_args, list) else [sys.executable, "-c", code_or_args]
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_reports_nothing_with_the_example_environment():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], _clean_env(**_example_env()))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_complains_without_it():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], _clean_env())
    assert result.returncode != 0 and "security.W004" in result.stderr


def test_the_server_refuses_the_demo_key_with_debug_off():
    result = _run("import guichet.wsgi", _clean_env(DJANGO_SETTINGS_MODULE="guichet.settings"))
    assert result.returncode != 0
    assert "GUICHET_SECRET_KEY is not set" in result.stderr


def test_the_demo_runs_with_debug_on_and_production_with_its_own_key():
    assert _run("import guichet.wsgi", _clean_env(GUICHET_DEBUG="1")).returncode == 0
    assert _run("import guichet.wsgi", _clean_env(**_example_env())).returncode == 0


def test_management_commands_still_run_with_the_demo_key():
    assert _run(["manage.py", "check"], _clean_env()).returncode == 0


def test_cookies_behind_https_are_secure_and_host_prefixed():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'guichet.settings'; django.setup();"
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, s.SECURE_PROXY_SSL_HEADER, s.SECURE_HSTS_SECONDS)"
    )
    result = _run(code, _clean_env(**_example_env()))
    assert result.stdout.split() == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "True",
        "True",
        "True",
        "Lax",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "31536000",
    ], result.stderr
