"""Role rules live in accounts/permissions.py (and territory in scopes.py): nowhere else compares role names."""

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
ALLOWED = {"accounts/permissions.py", "accounts/scopes.py", "accounts/models.py"}
COMPARISON = re.compile(r"\.role\s*(==|!=|\bin\b|\bnot in\b)|\brole\s*(==|!=)\s*Role\.")
TEMPLATE_ROLE = re.compile(r"user\.role\b|\.role\s*(==|!=)\s*[\"']")


def _source_files(suffix: str):
    for path in PACKAGE.rglob(f"*{suffix}"):
        relative = path.relative_to(PACKAGE).as_posix()
        if "/tests/" in relative or "/migrations/" in relative or relative.startswith("demo/") or relative in ALLOWED:
            continue
        yield relative, path.read_text(encoding="utf-8")


def test_no_module_compares_role_names_outside_the_permissions_module():
    found = [
        f"{name}:{number}: {line.strip()}"
        for name, text in _source_files(".py")
        for number, line in enumerate(text.splitlines(), start=1)
        if COMPARISON.search(line)
    ]
    assert found == []


def test_templates_read_flags_never_role_names():
    found = [
        f"{name}:{number}: {line.strip()}"
        for name, text in _source_files(".html")
        for number, line in enumerate(text.splitlines(), start=1)
        if TEMPLATE_ROLE.search(line)
    ]
    assert found == []
