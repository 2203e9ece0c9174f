"""Storing a trained model and reading back the one in use."""

from typing import Any

from django.db import transaction
from django.db.models import Max

from guichet.matching.models import MatchModel


@transaction.atomic
def model_store(*, settings: dict[str, Any], record_count: int, seed: int, trained_by: str = "") -> MatchModel:
    """A new version of the model, one above the highest stored, which becomes the one in use (the version is
    unique: of two trainings stored at the same instant, the second fails rather than share a version)."""
    highest = MatchModel.objects.aggregate(highest=Max("version"))["highest"] or 0
    return MatchModel.objects.create(
        version=highest + 1, settings=settings, record_count=record_count, seed=seed, trained_by=trained_by
    )


def model_current() -> MatchModel | None:
    """The model in use: the latest version, or None before the first training."""
    return MatchModel.objects.order_by("-version").first()
