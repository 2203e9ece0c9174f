"""Candidate pairs as a batch run of the matching model leaves them, written directly for the review's tests."""

from django.utils import timezone

from guichet.identity.models import CandidatePair, MatchRun

# The reasons a run stores: a comparison's output column, the level's chart label, the weight (log2 Bayes factor).
EXPLANATION = [
    {"field": "family_name", "level": "same transliteration key", "weight": 6.2},
    {"field": "birth_date", "level": "same date", "weight": 8.46},
    {"field": "cnie", "level": "All other comparisons", "weight": -3.1},
]


def propose(a, b, *, probability: float = 0.97, explanation=None) -> CandidatePair:
    run = MatchRun.objects.first() or MatchRun.objects.create(
        status=MatchRun.Status.DONE, threshold=0.5, requested_at=timezone.now()
    )
    low, high = (a, b) if a.pk < b.pk else (b, a)
    return CandidatePair.objects.create(
        person_a=low,
        person_b=high,
        run=run,
        probability=probability,
        match_weight=5.0,
        explanation=EXPLANATION if explanation is None else explanation,
        cluster=low.pk,
    )
