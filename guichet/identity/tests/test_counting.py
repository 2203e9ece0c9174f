"""A merged person counts once in every figure of beneficiaries: services delivered, training, schooling."""

import pytest

from guichet.associations.selectors import schooling_beneficiaries
from guichet.cases.selectors import service_beneficiaries
from guichet.identity.services import person_merge, person_unmerge
from guichet.training.models import Enrollment
from guichet.training.selectors import training_beneficiaries

from .conftest import SCHOOL_YEAR, YEAR

FIGURES = {
    "services": lambda: service_beneficiaries(year=YEAR),
    "training": lambda: training_beneficiaries(year=YEAR),
    "schooling": lambda: schooling_beneficiaries(school_year=SCHOOL_YEAR),
}


@pytest.mark.parametrize("figure", FIGURES)
def test_a_merged_person_counts_once_in_every_beneficiaries_figure(personas, twins, figure):
    survivor, absorbed = twins.survivor, twins.absorbed
    assert set(FIGURES[figure]()) == {survivor, absorbed}

    done = person_merge(
        actor=personas["steward"],
        survivor=survivor,
        absorbed=absorbed,
        survivor_version=survivor.version,
        absorbed_version=absorbed.version,
    )
    assert list(FIGURES[figure]()) == [survivor]
    assert FIGURES[figure]().count() == 1

    person_unmerge(actor=personas["steward"], merge=done)
    assert set(FIGURES[figure]()) == {survivor, absorbed}


def test_a_row_left_with_the_absorbed_file_still_counts_as_the_survivor(personas, twins):
    """The absorbed file's enrolment in the survivor's cohort stays with it (one enrolment per cohort), and its
    completion counts for the survivor, once."""
    survivor, absorbed = twins.survivor, twins.absorbed
    others = Enrollment.objects.exclude(pk=twins.shared_cohort_enrolment.pk)
    others.update(status=Enrollment.Status.ENROLLED, completed_on=None)  # the survivor's is still in progress
    person_merge(
        actor=personas["steward"],
        survivor=survivor,
        absorbed=absorbed,
        survivor_version=survivor.version,
        absorbed_version=absorbed.version,
    )
    twins.shared_cohort_enrolment.refresh_from_db()
    assert twins.shared_cohort_enrolment.person_id == absorbed.pk
    assert list(training_beneficiaries(year=YEAR)) == [survivor]
