"""The association factories build rows the services would have left: valid, consistent with their status."""

import pytest

from guichet.associations import selectors
from guichet.associations.models import Association, Decision, SchoolingApplication
from guichet.associations.tests.factories import (
    AssociationFactory,
    SchoolingApplicationFactory,
    SupportedChildFactory,
    TermReportFactory,
)
from guichet.registry.models import DisabilityRecord

pytestmark = pytest.mark.django_db


def test_every_factory_row_passes_the_models_own_checks():
    report = TermReportFactory()
    rows = [
        AssociationFactory(),
        AssociationFactory(status=Association.Status.PENDING),
        SchoolingApplicationFactory(),
        SupportedChildFactory(),
        SupportedChildFactory(decision=Decision.PARTLY),
        SupportedChildFactory(decision=Decision.REJECTED),
        report,
        report.child,
        report.child.application,
    ]
    for row in rows:
        row.full_clean()


def test_only_an_approved_association_has_a_manager():
    assert AssociationFactory().manager.role == "association_manager"
    assert AssociationFactory(status=Association.Status.PENDING).manager is None


@pytest.mark.parametrize(
    ("status", "version", "submitted", "decided"),
    [("draft", 1, False, False), ("submitted", 2, True, False), ("partly", 3, True, True)],
)
def test_an_application_carries_what_its_status_implies(status, version, submitted, decided):
    application = SchoolingApplicationFactory(status=status)
    assert application.version == version
    assert (application.submitted_at is not None, application.decided_at is not None) == (submitted, decided)
    assert application.decided == decided and (application.decided_by is not None) == decided


def test_a_child_listed_with_a_disability_gets_the_record_the_listing_writes():
    child = SupportedChildFactory(disability={"kind": "visual", "degree": "light"})
    record = DisabilityRecord.objects.get(person=child.person)
    assert (record.kind, record.degree, child.wrote_disability_record) == ("visual", "light", True)
    assert child.person.province == child.application.association.province


def test_a_reported_child_counts_as_a_schooling_beneficiary_of_the_year():
    report = TermReportFactory()
    assert report.child.application.status == SchoolingApplication.Status.APPROVED
    assert list(selectors.schooling_beneficiaries(school_year="2026-2027")) == [report.child.person]
