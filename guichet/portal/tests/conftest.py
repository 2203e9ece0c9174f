"""Portal tests: translation catalogues compiled, and a cache emptied of earlier attempts for each test."""

from pathlib import Path

import pytest
from django.core.cache import cache


def compile_stale_catalogues(locale_dir: Path) -> None:
    """Compile this app's .po files whose .mo is missing or older, as `make messages` does for guichet/locale."""
    from babel.messages.frontend import CommandLineInterface

    for po in locale_dir.glob("*/LC_MESSAGES/django.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            CommandLineInterface().run(["pybabel", "-q", "compile", "-D", "django", "-d", str(locale_dir)])
            # Catalogues Django already read are stale now: drop them so they are read again.
            from django.utils.translation import trans_real

            trans_real._translations.clear()
            trans_real._default = None
            return


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogues():
    compile_stale_catalogues(Path(__file__).resolve().parents[1] / "locale")
    compile_stale_catalogues(Path(__file__).resolve().parents[2] / "notify" / "locale")


@pytest.fixture(autouse=True)
def _no_earlier_attempts():
    cache.clear()
    yield
    cache.clear()
