"""Every message of the identity app reaches the steward in French and in Arabic."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.utils import translation

from guichet.common.exceptions import ValidationError
from guichet.identity.models import Merge, PairDecision
from guichet.identity.services import pair_decide, person_merge

APP = Path(__file__).resolve().parents[1]
MARKED = re.compile(r'\b_\(\s*"((?:[^"\\]|\\.)+)"\s*\)')


def _marked() -> set[str]:
    found: set[str] = set()
    for module in APP.glob("*.py"):
        found.update(MARKED.findall(module.read_text()))
    return found


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_every_marked_message_has_a_translation(language):
    with (APP / "locale" / language / "LC_MESSAGES" / "django.po").open("rb") as po:
        catalogue = {message.id: message.string for message in read_po(po) if message.id}
    marked = _marked()
    assert len(marked) > 20
    assert {msgid for msgid in marked if not catalogue.get(msgid)} == set()


def test_a_refused_merge_is_explained_in_arabic(personas, people):
    casa = people["casa"]
    with translation.override("ar"), pytest.raises(ValidationError) as refused:
        person_merge(
            actor=personas["steward"],
            survivor=casa,
            absorbed=casa,
            survivor_version=casa.version,
            absorbed_version=casa.version,
        )
    assert refused.value.messages == ["لا يمكن دمج ملف في نفسه."]


def test_a_refused_decision_is_explained_in_french(personas, people):
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        pair_decide(actor=personas["steward"], a=people["casa"], b=people["casa"], decision="same")
    assert refused.value.messages == ["Choisissez deux dossiers différents."]


def test_the_records_are_named_in_the_readers_language():
    with translation.override("ar"):
        assert str(Merge._meta.verbose_name) == "دمج ملفات الأشخاص"
        assert str(PairDecision.Decision.NOT_SAME.label) == "ليس نفس الشخص"
    with translation.override("fr"):
        assert str(Merge._meta.get_field("survivor").verbose_name) == "dossier conservé"
