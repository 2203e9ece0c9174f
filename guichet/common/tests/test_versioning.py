"""The one optimistic lock: a write naming an old version changes nothing and says so with the one message."""

import pytest
from django.db import transaction
from django.utils import translation

from guichet.common.exceptions import StaleEdit
from guichet.common.versioning import version_claim, version_expected, version_new, version_swap, version_unchanged
from guichet.network.models import Centre
from guichet.network.tests.factories import CentreFactory

pytestmark = pytest.mark.django_db


def test_a_swap_at_the_right_version_writes_and_bumps_the_version_once(django_assert_num_queries):
    centre = CentreFactory(name="Before")
    with django_assert_num_queries(1):  # one UPDATE … WHERE version = …, nothing read first
        version_swap(centre, expected=1, values={"name": "After"})
    assert centre.version == 2 and centre.name == "After"
    stored = Centre.objects.get(pk=centre.pk)
    assert stored.version == 2 and stored.name == "After"
    assert stored.updated_at == centre.updated_at


def test_a_swap_naming_an_old_version_is_refused_and_writes_nothing():
    centre = CentreFactory(name="Before")
    first, second = Centre.objects.get(pk=centre.pk), Centre.objects.get(pk=centre.pk)
    version_swap(first, expected=1, values={"name": "First"})
    with pytest.raises(StaleEdit):
        version_swap(second, expected=1, values={"name": "Second"})
    stored = Centre.objects.get(pk=centre.pk)
    assert stored.name == "First" and stored.version == 2
    assert second.version == 1 and second.name == "Before"  # the refused copy is not dressed up as saved


def test_the_row_decides_even_when_the_copy_in_hand_looks_current():
    centre = CentreFactory(name="Before")
    Centre.objects.filter(pk=centre.pk).update(name="Behind its back", version=5)
    with pytest.raises(StaleEdit):
        version_swap(centre, expected=1, values={"name": "Mine"})
    assert Centre.objects.get(pk=centre.pk).name == "Behind its back"


def test_a_copy_older_than_the_version_named_is_refused():
    centre = CentreFactory()
    version_swap(Centre.objects.get(pk=centre.pk), expected=1, values={"name": "First"})
    with pytest.raises(StaleEdit):  # the values were worked out from version 1, not from version 2
        version_swap(centre, expected=2, values={"name": "Mine"})
    assert Centre.objects.get(pk=centre.pk).name == "First"


@pytest.mark.parametrize("expected", [None, 0, 2])
def test_an_unchanged_form_is_fine_only_at_the_current_version(expected):
    centre = CentreFactory()
    version_unchanged(centre, expected=1)
    with pytest.raises(StaleEdit):
        version_unchanged(centre, expected=expected)


def test_a_claim_under_the_lock_moves_the_copy_to_the_next_version_which_save_writes():
    centre = CentreFactory()
    with transaction.atomic():
        current = Centre.objects.select_for_update().get(pk=centre.pk)
        version_claim(current, expected=1)
        current.name = "Claimed"
        current.save()
    stored = Centre.objects.get(pk=centre.pk)
    assert stored.version == 2 and stored.name == "Claimed"
    with pytest.raises(StaleEdit), transaction.atomic():
        version_claim(Centre.objects.select_for_update().get(pk=centre.pk), expected=1)


def test_the_copy_in_hand_is_checked_without_a_query(django_assert_num_queries):
    centre = CentreFactory()
    with django_assert_num_queries(0):
        version_expected(centre, expected=1)
        with pytest.raises(StaleEdit):
            version_expected(centre, expected=2)


@pytest.mark.parametrize(("expected", "stale"), [(None, False), (0, False), (1, True), (7, True)])
def test_a_form_opened_on_no_record_names_no_version(expected, stale):
    if stale:
        with pytest.raises(StaleEdit):
            version_new(expected)
    else:
        version_new(expected)


def test_another_version_field_is_swapped_the_same_way(personas):
    user = personas["admin"]
    before = user.account_version
    version_swap(user, expected=before, values={"first_name": "Nadia"}, field="account_version")
    user.refresh_from_db()
    assert user.account_version == before + 1 and user.first_name == "Nadia"
    with pytest.raises(StaleEdit):
        version_swap(user, expected=before, values={"first_name": "Old"}, field="account_version")


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Someone else saved this record"), ("fr", "Quelqu'un d'autre a enregistré"), ("ar", "قام شخص آخر")],
)
def test_the_one_conflict_message_reads_in_each_language(language, words):
    with translation.override(language):
        assert words in str(StaleEdit())
