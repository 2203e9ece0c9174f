"""Merging two files of one person: every linked row follows, every identifier is kept, the old file redirects."""

import pytest
from django.urls import reverse

from guichet.associations.models import SupportedChild
from guichet.cases.models import Request
from guichet.common.exceptions import StaleEdit, ValidationError
from guichet.identity.selectors import merge_defaults
from guichet.identity.services import person_merge
from guichet.registry.models import Consent, DisabilityRecord, Membership, PersonNameKey
from guichet.registry.tests.factories import DisabilityRecordFactory, PersonFactory

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


def test_merge_moves_requests_enrolments_children_and_consents_to_the_survivor(personas, twins):
    survivor, absorbed = twins.survivor, twins.absorbed
    done = merge(personas["steward"], survivor, absorbed)

    assert not Request.objects.filter(person=absorbed).exists()
    assert Request.objects.filter(person=survivor).count() == 3
    assert not Consent.objects.filter(person=absorbed).exists()
    assert Consent.objects.filter(person=survivor).count() == 2
    assert not SupportedChild.objects.filter(person=absorbed).exists()
    assert SupportedChild.objects.filter(person=survivor).count() == 2
    twins.own_cohort_enrolment.refresh_from_db()
    assert twins.own_cohort_enrolment.person_id == survivor.pk
    absorbed.refresh_from_db()
    assert absorbed.merged_into_id == survivor.pk
    assert {(row["model"], row["pk"]) for row in done.snapshot["moved"]} >= {
        ("cases.request", twins.absorbed_request.pk),
        ("training.enrollment", twins.own_cohort_enrolment.pk),
    }


def test_rows_a_unique_rule_holds_back_stay_with_the_absorbed_file_and_are_listed(personas, twins):
    """Both files have a disability record, a current household and an enrolment in the same cohort: the absorbed
    file keeps its own, nothing is lost, and the merge says which rows stayed."""
    survivor, absorbed = twins.survivor, twins.absorbed
    done = merge(personas["steward"], survivor, absorbed)

    assert DisabilityRecord.objects.filter(person=absorbed).exists()
    assert DisabilityRecord.objects.filter(person=survivor).exists()
    assert Membership.objects.filter(person=absorbed, ended_on__isnull=True).exists()
    twins.shared_cohort_enrolment.refresh_from_db()
    assert twins.shared_cohort_enrolment.person_id == absorbed.pk
    kept = {row["model"] for row in done.snapshot["kept"]}
    assert {"registry.disabilityrecord", "registry.membership", "training.enrollment"} <= kept


def test_a_disability_record_moves_when_the_survivor_has_none(personas, territory):
    survivor = PersonFactory(commune=territory["anfa"])
    absorbed = PersonFactory(commune=territory["anfa"])
    record = DisabilityRecordFactory(person=absorbed)

    merge(personas["admin"], survivor, absorbed)

    record.refresh_from_db()
    assert record.person_id == survivor.pk


def test_the_survivor_is_found_by_the_absorbed_files_names(personas, twins):
    survivor, absorbed = twins.survivor, twins.absorbed
    absorbed_keys = set(PersonNameKey.objects.filter(person=absorbed).values_list("key", flat=True))

    merge(personas["steward"], survivor, absorbed)

    assert absorbed_keys <= set(PersonNameKey.objects.filter(person=survivor).values_list("key", flat=True))


def test_merge_keeps_every_identifier(personas, twins):
    """The survivor takes the absorbed file's CNIE when chosen; its own goes to the absorbed file (a redirect),
    so a search on either still leads to the survivor. The social ID of the absorbed file stays."""
    survivor, absorbed = twins.survivor, twins.absorbed
    old_social_id, survivor_cnie = absorbed.social_id, survivor.cnie

    merge(personas["steward"], survivor, absorbed, choices={"cnie": "absorbed"})

    survivor.refresh_from_db()
    absorbed.refresh_from_db()
    assert survivor.cnie == "BK998877"
    assert absorbed.cnie == survivor_cnie
    assert survivor.idcs == "1234567890"
    assert absorbed.social_id == old_social_id


def test_defaults_fill_what_the_survivor_lacks_and_the_steward_can_override(personas, twins):
    survivor, absorbed = twins.survivor, twins.absorbed
    defaults = merge_defaults(survivor, absorbed)
    assert defaults["address"] == "absorbed"  # the survivor has none
    assert defaults["phone"] == "survivor"  # the absorbed file has none

    merge(personas["steward"], survivor, absorbed, choices={"given_name_latin": "absorbed"})

    survivor.refresh_from_db()
    assert survivor.address == "Derb Sultan, rue 12"
    assert survivor.phone == "+212612345678"
    assert survivor.given_name_latin == "Mohammed"
    assert survivor.name_sort.startswith("mohammed") or "mohammed" in survivor.name_words


def test_an_unknown_field_or_side_is_refused(personas, twins):
    with pytest.raises(ValidationError):
        merge(personas["steward"], twins.survivor, twins.absorbed, choices={"social_id": "absorbed"})
    with pytest.raises(ValidationError):
        merge(personas["steward"], twins.survivor, twins.absorbed, choices={"phone": "both"})


def test_a_file_is_not_merged_into_itself_nor_merged_twice(personas, twins, people):
    survivor, absorbed = twins.survivor, twins.absorbed
    with pytest.raises(ValidationError):
        merge(personas["steward"], survivor, survivor)
    merge(personas["steward"], survivor, absorbed)
    absorbed.refresh_from_db()
    with pytest.raises(ValidationError):
        merge(personas["steward"], people["settat"], absorbed)
    with pytest.raises(ValidationError):
        merge(personas["steward"], absorbed, people["settat"])


def test_a_merge_prepared_from_an_older_version_is_refused_and_changes_nothing(personas, twins):
    survivor, absorbed = twins.survivor, twins.absorbed
    before = rows_touching(survivor, absorbed)
    with pytest.raises(StaleEdit):
        person_merge(
            actor=personas["steward"],
            survivor=survivor,
            absorbed=absorbed,
            survivor_version=survivor.version,
            absorbed_version=absorbed.version - 1,
        )
    assert rows_touching(survivor, absorbed) == before


def test_opening_the_absorbed_social_id_leads_to_the_survivor(client, personas, twins):
    merge(personas["steward"], twins.survivor, twins.absorbed)
    client.force_login(personas["steward"])

    response = client.get(reverse("registry:detail", args=[twins.absorbed.social_id]))

    assert response.status_code == 302
    assert response.url == reverse("registry:detail", args=[twins.survivor.social_id])
