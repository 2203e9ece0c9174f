"""Deciding whether two files are one person: remembered once per pair, never proposed again."""

import pytest

from guichet.common.exceptions import ValidationError
from guichet.identity.models import PairDecision
from guichet.identity.selectors import pairs_to_propose
from guichet.identity.services import pair_decide, person_merge, person_unmerge

SAME, NOT_SAME = PairDecision.Decision.SAME, PairDecision.Decision.NOT_SAME


def test_a_not_the_same_decision_is_never_proposed_again(personas, people):
    casa, settat, rabat = people["casa"], people["settat"], people["rabat"]
    pair_decide(actor=personas["steward"], a=settat, b=casa, decision=NOT_SAME)

    proposed = pairs_to_propose([(casa.pk, settat.pk), (settat.pk, casa.pk), (rabat.pk, casa.pk)])

    assert proposed == [(min(casa.pk, rabat.pk), max(casa.pk, rabat.pk))]


def test_a_pair_is_stored_once_whichever_way_round(personas, people):
    casa, settat = people["casa"], people["settat"]
    pair_decide(actor=personas["steward"], a=casa, b=settat, decision=NOT_SAME)
    pair_decide(actor=personas["admin"], a=settat, b=casa, decision=SAME)

    pair = PairDecision.objects.get()
    assert (pair.person_a_id, pair.person_b_id) == (min(casa.pk, settat.pk), max(casa.pk, settat.pk))
    assert pair.decision == SAME
    assert pair.decided_by == personas["admin"]


def test_a_pair_decided_not_the_same_cannot_be_merged_until_decided_again(personas, twins):
    survivor, absorbed = twins.survivor, twins.absorbed
    pair_decide(actor=personas["steward"], a=survivor, b=absorbed, decision=NOT_SAME)

    def merge():
        return person_merge(
            actor=personas["steward"],
            survivor=survivor,
            absorbed=absorbed,
            survivor_version=survivor.version,
            absorbed_version=absorbed.version,
        )

    with pytest.raises(ValidationError):
        merge()
    absorbed.refresh_from_db()
    assert absorbed.merged_into_id is None

    pair_decide(actor=personas["steward"], a=survivor, b=absorbed, decision=SAME)
    done = merge()
    assert pairs_to_propose([(survivor.pk, absorbed.pk)]) == []

    with pytest.raises(ValidationError):  # merged: undo the merge before saying they differ
        pair_decide(actor=personas["steward"], a=survivor, b=absorbed, decision=NOT_SAME)
    person_unmerge(actor=personas["steward"], merge=done)
    pair_decide(actor=personas["steward"], a=survivor, b=absorbed, decision=NOT_SAME)


def test_a_merged_away_file_is_not_proposed(personas, twins, people):
    person_merge(
        actor=personas["steward"],
        survivor=twins.survivor,
        absorbed=twins.absorbed,
        survivor_version=twins.survivor.version,
        absorbed_version=twins.absorbed.version,
    )
    assert pairs_to_propose([(twins.absorbed.pk, people["settat"].pk)]) == []


def test_a_file_and_itself_or_an_unknown_decision_are_refused(personas, people):
    with pytest.raises(ValidationError):
        pair_decide(actor=personas["steward"], a=people["casa"], b=people["casa"], decision=SAME)
    with pytest.raises(ValidationError):
        pair_decide(actor=personas["steward"], a=people["casa"], b=people["settat"], decision="maybe")
    assert not PairDecision.objects.exists()
