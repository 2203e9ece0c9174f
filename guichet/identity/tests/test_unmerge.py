"""Unmerging puts back exactly what the merge changed, or says what changed since and changes nothing."""

import pytest
from django.utils import translation

from guichet.cases.models import Request
from guichet.common.exceptions import ValidationError
from guichet.identity.services import person_merge, person_unmerge
from guichet.registry.services import person_derive, person_update
from guichet.registry.tests.factories import PersonFactory

from .conftest import rows_touching


def merge(actor, survivor, absorbed, **kwargs):
    return person_merge(
        actor=actor,
        survivor=survivor,
        absorbed=absorbed,
        survivor_version=survivor.version,
        absorbed_version=absorbed.version,
        **kwargs,
    )


@pytest.mark.parametrize("choices", [None, {"cnie": "absorbed", "given_name_latin": "absorbed", "commune": "absorbed"}])
def test_merge_then_unmerge_leaves_every_affected_row_exactly_as_it_was(personas, twins, territory, choices):
    survivor, absorbed = twins.survivor, twins.absorbed
    if choices:
        absorbed.commune = territory["settat_city"]  # another province: the survivor's territory copies follow
        person_derive(absorbed)
        absorbed.save()
    before = rows_touching(survivor, absorbed)

    done = merge(personas["steward"], survivor, absorbed, choices=choices)
    assert rows_touching(survivor, absorbed) != before
    person_unmerge(actor=personas["admin"], merge=done)

    assert rows_touching(survivor, absorbed) == before
    done.refresh_from_db()
    assert done.undone_by == personas["admin"]
    assert done.undone_at is not None


def test_a_merge_is_undone_once(personas, twins):
    done = merge(personas["steward"], twins.survivor, twins.absorbed)
    person_unmerge(actor=personas["steward"], merge=done)
    with pytest.raises(ValidationError):
        person_unmerge(actor=personas["steward"], merge=done)


def test_unmerge_after_the_survivor_was_edited_is_refused_and_names_the_file(personas, twins):
    survivor, absorbed = twins.survivor, twins.absorbed
    done = merge(personas["steward"], survivor, absorbed)
    survivor.refresh_from_db()
    person_update(
        actor=personas["steward"], person=survivor, expected_version=survivor.version, data={"phone": "+212600000000"}
    )
    after_edit = rows_touching(survivor, absorbed)

    with pytest.raises(ValidationError) as refused:
        person_unmerge(actor=personas["steward"], merge=done)

    assert survivor.social_id_display in str(refused.value)
    assert rows_touching(survivor, absorbed) == after_edit


def test_unmerge_after_a_moved_row_went_elsewhere_is_refused_and_names_it(personas, twins, people):
    survivor, absorbed = twins.survivor, twins.absorbed
    done = merge(personas["steward"], survivor, absorbed)
    Request.objects.filter(pk=twins.absorbed_request.pk).update(person=people["settat"])

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        person_unmerge(actor=personas["steward"], merge=done)

    assert f"the request {twins.absorbed_request.reference_display} was removed or moved" in refused.value.messages[0]
    absorbed.refresh_from_db()
    assert absorbed.merged_into_id == survivor.pk


def test_a_file_merged_again_is_unmerged_in_reverse_order(personas, twins, territory):
    """The survivor absorbed into a third file: undo that merge first, then the first one, and all is back."""
    survivor, absorbed = twins.survivor, twins.absorbed
    third = PersonFactory(commune=territory["anfa"])
    before = rows_touching(survivor, absorbed, third)
    first = merge(personas["steward"], survivor, absorbed)
    survivor.refresh_from_db()
    second = merge(personas["steward"], third, survivor)
    absorbed.refresh_from_db()
    assert absorbed.merged_into_id == third.pk  # no chain of redirects: the earlier absorbed file follows

    with pytest.raises(ValidationError):
        person_unmerge(actor=personas["steward"], merge=first)
    person_unmerge(actor=personas["steward"], merge=second)
    person_unmerge(actor=personas["steward"], merge=first)

    assert rows_touching(survivor, absorbed, third) == before
