"""Every message of the DCI API reaches a client system in French, Arabic and English."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.utils import translation

from guichet.interop.dci.envelope import EnvelopeError, read

APP = Path(__file__).resolve().parents[1]
CATALOGUES = APP.parents[1] / "locale"
MARKED = re.compile(r'\b_\(\s*"((?:[^"\\]|\\.)+)"\s*\)')


def _marked() -> set[str]:
    found: set[str] = set()
    for module in APP.glob("*.py"):
        found.update(MARKED.findall(module.read_text()))
    return found


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_every_marked_message_has_a_translation(language):
    with (CATALOGUES / language / "LC_MESSAGES" / "django.po").open("rb") as po:
        catalogue = {message.id: message.string for message in read_po(po) if message.id}
    marked = _marked()
    assert len(marked) > 40
    assert {msgid for msgid in marked if not catalogue.get(msgid)} == set()


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", "L'en-tête (header) manque."), ("ar", "الرأس (header) مفقود."), ("en", "The header is missing.")],
)
def test_a_refused_envelope_is_explained_in_the_callers_language(make_caller, language, expected):
    caller = make_caller()
    with translation.override(language), pytest.raises(EnvelopeError) as refused:
        read({"message": {}}, client=caller.client, action="search", needs_callback=False)
    assert refused.value.code == "err.request.bad"
    assert refused.value.message == expected
