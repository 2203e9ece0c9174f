"""Every GUICHET_* setting the code reads is declared once in settings.py and listed in the README's table."""

import re
from pathlib import Path

import guichet.settings as declared

ROOT = Path(__file__).resolve().parents[3]
SETTINGS_FILE = ROOT / "guichet" / "settings.py"

READ = re.compile(r"\bsettings\.(GUICHET_\w+)")
# A page's limits are named from the page (guichet/common/ratelimit.py): GUICHET_{page}_ATTEMPTS …
TEMPLATE = re.compile(r'getattr\(\s*settings,\s*f"GUICHET_\{\w+\}_(\w+)"')
PAGE = re.compile(r'guessing_checks\(\s*"(\w+)"')
# Any other getattr on the settings hides a default away from settings.py.
GETATTR = re.compile(r'getattr\(\s*settings,(?!\s*f"GUICHET_\{)')
ENV_READ = re.compile(r'\benv(?:\.\w+)?\(\s*"(\w+)"')


def code_files() -> list[Path]:
    return [
        path
        for path in sorted((ROOT / "guichet").rglob("*.py"))
        if path != SETTINGS_FILE and path.name != Path(__file__).name and "migrations" not in path.parts
    ]


def settings_read(sources: dict[str, str]) -> dict[str, set[str]]:
    """The GUICHET_* settings each source reads: attributes, and the page templates expanded by their callers."""
    pages = {page for text in sources.values() for page in PAGE.findall(text)}
    found: dict[str, set[str]] = {}
    for name, text in sources.items():
        names = set(READ.findall(text))
        names |= {f"GUICHET_{page}_{suffix}" for suffix in TEMPLATE.findall(text) for page in pages}
        if names:
            found[name] = names
    return found


def readme_table_names() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Settings that matter in production", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split(" | ")[0])}


def missing(read: dict[str, set[str]], *, readme: set[str]) -> list[str]:
    problems = []
    for source, names in read.items():
        for name in sorted(names):
            if not hasattr(declared, name):
                problems.append(f"{source} reads {name}, which settings.py does not declare")
            elif name not in readme:
                problems.append(f"{source} reads {name}, which the README's settings table does not list")
    return problems


def sources() -> dict[str, str]:
    return {str(path.relative_to(ROOT)): path.read_text(encoding="utf-8") for path in code_files()}


def test_every_setting_the_code_reads_is_declared_and_listed():
    assert missing(settings_read(sources()), readme=readme_table_names()) == []


def test_the_rate_limited_pages_settings_are_found_through_their_callers():
    read = set().union(*settings_read(sources()).values())
    assert {"GUICHET_TRACK_GLOBAL_ATTEMPTS", "GUICHET_LEARN_WINDOW_MINUTES", "GUICHET_VERIFY_ATTEMPTS"} <= read


def test_no_code_reads_a_setting_with_a_default_of_its_own():
    offenders = [name for name, text in sources().items() if GETATTR.search(text)]
    assert offenders == []


def test_every_environment_variable_settings_py_reads_is_listed_in_the_readme():
    variables = set(ENV_READ.findall(SETTINGS_FILE.read_text(encoding="utf-8")))
    assert "GUICHET_SECRET_KEY" in variables
    assert sorted(variables - readme_table_names()) == []


def test_the_check_reports_an_undeclared_or_unlisted_setting():
    undeclared = "GUICHET_" + "NOT_DECLARED_ANYWHERE"
    source = {"guichet/example.py": f"x = settings.{undeclared}\ny = settings.GUICHET_PROXY_HOPS\n"}
    assert missing(settings_read(source), readme=readme_table_names()) == [
        f"guichet/example.py reads {undeclared}, which settings.py does not declare"
    ]
    assert missing(settings_read(source), readme=readme_table_names() - {"GUICHET_PROXY_HOPS"})[1:] == [
        "guichet/example.py reads GUICHET_PROXY_HOPS, which the README's settings table does not list"
    ]
    assert GETATTR.search('getattr(settings, "GUICHET_PROXY_HOPS", 0)')
