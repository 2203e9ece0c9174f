"""Every message the REST API writes itself has its French, Arabic and English translation."""

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

APP = Path(__file__).resolve().parents[1]
LOCALE = APP.parents[1] / "locale"


def _marked() -> set[str]:
    found = (message for module in APP.glob("*.py") for _, message, _, _ in extract_from_file("python", module))
    return {message for message in found if isinstance(message, str)}  # (a plural would be a tuple)


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_every_marked_message_has_a_translation(language):
    with (LOCALE / language / "LC_MESSAGES" / "django.po").open("rb") as po:
        catalogue = {message.id: message.string for message in read_po(po) if message.id}
    marked = _marked()
    assert len(marked) >= 8
    # English is the language of the source: an empty translation there shows the message itself.
    missing = [
        message for message in marked if message not in catalogue or (language != "en" and not catalogue[message])
    ]
    assert not missing
