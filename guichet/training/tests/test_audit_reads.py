"""Reads of the training programme recorded in the audit log: the cohort board, a learner's pages, her slip,
certificates (staff, learner, public check) and the enrolment search by a personal identifier."""

import pytest
from django.urls import reverse

from guichet.audit.models import AuditEntry
from guichet.training import services
from guichet.training.tests.factories import enrolled as enrolment


@pytest.fixture
def enrolled(staff, cohort, women):
    return enrolment(cohort=cohort, person=women[0], enrolled_by=staff["coordinator"])


def views_of(actor=None, **filters):
    return AuditEntry.objects.filter(action="view", actor=actor, **filters)


def test_opening_the_cohort_board_is_recorded(client, staff, cohort, enrolled):
    client.force_login(staff["facilitator"])
    assert client.get(reverse("training:cohort_detail", args=[cohort.pk])).status_code == 200
    [entry] = views_of(staff["facilitator"], object_type="training.cohort")
    assert entry.object_id == str(cohort.pk)


def test_a_learners_page_and_her_slip_are_recorded(client, staff, enrolled, women):
    client.force_login(staff["coordinator"])
    enrollment = enrolled.enrollment
    assert client.get(reverse("training:enrollment_detail", args=[enrollment.pk])).status_code == 200
    assert client.get(reverse("training:slip", args=[enrollment.pk])).status_code == 200
    entries = views_of(staff["coordinator"], object_type="training.enrollment").order_by("seq")
    assert [entry.person for entry in entries] == [women[0], women[0]]
    assert [list(entry.changes) for entry in entries] == [[], ["slip"]]


def test_every_way_to_a_certificate_is_recorded(client, staff, enrolled, women):
    enrollment = enrolled.enrollment
    certificate = services.enrollment_complete(actor=staff["facilitator"], enrollment=enrollment)

    client.force_login(staff["facilitator"])
    assert client.get(reverse("training:certificate", args=[enrollment.pk])).status_code == 200
    [by_staff] = views_of(staff["facilitator"], object_type="training.certificate")
    assert by_staff.person == women[0] and by_staff.changes == {"certificate": ["", "pdf"]}

    client.logout()
    assert client.get(reverse("training:verify", args=[certificate.code])).status_code == 200
    client.post(reverse("training:learn"), {"code": enrolled.code})
    assert client.get(reverse("training:learn_certificate")).status_code == 200
    public = views_of(None, object_type="training.certificate").order_by("seq")
    assert [entry.changes["certificate"][1] for entry in public] == ["verification", "pdf"]
    assert all(entry.person == women[0] for entry in public)


def test_checking_an_unknown_certificate_records_nothing(client, db):
    client.get(reverse("training:verify", args=["1234567890"]))
    assert not AuditEntry.objects.filter(action="view").exists()


def test_the_enrolment_search_by_cnie_is_recorded(client, staff, cohort, women):
    women[1].cnie = "BK765432"
    women[1].save()
    client.force_login(staff["coordinator"])
    client.get(reverse("training:enrol_search", args=[cohort.pk]), {"q": "BK765432"})
    [entry] = AuditEntry.objects.filter(action="search")
    assert entry.person == women[1] and list(entry.changes) == ["cnie"] and "765432" not in str(entry.changes)
