"""Every message of the imports (code and pages) reaches the reader in French, Arabic and English."""

import io
from pathlib import Path

import pytest
from babel.messages.extract import extract_python
from babel.messages.pofile import read_po
from django.utils import translation
from django.utils.translation.template import templatize

from guichet.interop.imports.messages import REASONS, reason_text

APP = Path(__file__).resolve().parents[1]
CATALOGUES = APP.parents[1] / "locale"
KEYWORDS = {"_": None, "gettext": None, "gettext_lazy": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}


def marked() -> set[str]:
    """The msgids of the app's modules and templates (a plural's singular and plural both)."""
    found: set[str] = set()
    sources = [path.read_text() for path in APP.glob("*.py")]
    sources += [templatize(path.read_text(), origin=str(path)) for path in APP.glob("templates/**/*.html")]
    for source in sources:
        for _, _, message, _ in extract_python(io.BytesIO(source.encode()), KEYWORDS, [], {}):
            parts = message if isinstance(message, tuple | list) else (message,)
            found.update(str(part) for part in parts if part)
    return found


def _catalogue(language: str) -> dict:
    with (CATALOGUES / language / "LC_MESSAGES" / "django.po").open("rb") as po:
        return {message.id: message.string for message in read_po(po) if message.id}


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_every_marked_message_has_a_translation(language):
    catalogue = _catalogue(language)
    messages = marked()
    assert len(messages) > 60
    translated: dict[str, bool] = {}
    for key, value in catalogue.items():
        done = all(value) if isinstance(value, tuple | list) else bool(value)
        translated.update(dict.fromkeys(key if isinstance(key, tuple) else (key,), done))
    # English is the source language: an empty translation reads the msgid itself.
    missing = {msgid for msgid in messages if msgid not in translated or not (translated[msgid] or language == "en")}
    assert missing == set()


def test_every_reason_reads_in_arabic_and_french():
    for code in REASONS:
        params = {"line": 3, "column": "cnie", "job": 7, "limit": 80, "code": "C-1", "first": 1900, "last": 2026}
        with translation.override("ar"):
            arabic = reason_text(code, params)
        with translation.override("fr"):
            french = reason_text(code, params)
        with translation.override("en"):
            english = reason_text(code, params)
        assert arabic != english and french != english, code
