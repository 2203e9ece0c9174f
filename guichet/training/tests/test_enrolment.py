import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from guichet.registry.tests.factories import PersonFactory
from guichet.training import services
from guichet.training.models import Enrollment
from guichet.training.selectors import training_beneficiaries


def test_enrolment_gives_a_code_that_opens_her_course(staff, cohort, women):
    enrolled = services.enrollment_create(actor=staff["coordinator"], cohort=cohort, person=women[0])
    assert enrolled.enrollment.status == Enrollment.Status.ENROLLED
    assert len(enrolled.code) == 8
    assert services.learner_find(code=enrolled.code) == enrolled.enrollment
    assert enrolled.enrollment.code_hash != enrolled.code  # only the hash is kept


def test_a_woman_cannot_be_enrolled_twice(staff, cohort, women):
    services.enrollment_create(actor=staff["coordinator"], cohort=cohort, person=women[0])
    with pytest.raises(ValidationError) as refused:
        services.enrollment_create(actor=staff["coordinator"], cohort=cohort, person=women[0])
    assert refused.value.code == "duplicate"
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrollment.objects.create(cohort=cohort, person=women[0], enrolled_by=staff["coordinator"])


def test_a_man_or_a_girl_is_not_eligible(staff, cohort, territory, people):
    with pytest.raises(ValidationError) as refused:
        services.enrollment_create(actor=staff["coordinator"], cohort=cohort, person=people["casa"])
    assert refused.value.code == "not_eligible"
    girl = PersonFactory(commune=territory["anfa"], birth_date=datetime.date.today() - datetime.timedelta(days=3650))
    with pytest.raises(ValidationError):
        services.enrollment_create(actor=staff["coordinator"], cohort=cohort, person=girl)


def test_eligibility_is_shown_condition_by_condition(client, staff, cohort, people):
    client.force_login(staff["coordinator"])
    response = client.get(
        reverse("training:enrol_person", args=[cohort.pk, people["casa"].social_id]), headers={"accept-language": "en"}
    )
    content = response.content.decode()
    assert "not eligible" in content
    assert "a woman: not met" in content
    assert "aged 18 or more: met" in content


def test_capacity_puts_the_next_on_the_waiting_list_and_a_freed_place_promotes_her(staff, cohort, women):
    first, _second, third, fourth = (
        services.enrollment_create(actor=staff["coordinator"], cohort=cohort, person=w) for w in women
    )
    assert third.code is None and third.enrollment.status == Enrollment.Status.WAITING
    assert fourth.enrollment.status == Enrollment.Status.WAITING
    promoted = services.enrollment_withdraw(actor=staff["facilitator"], enrollment=first.enrollment)
    assert promoted == third.enrollment
    third.enrollment.refresh_from_db()
    assert third.enrollment.status == Enrollment.Status.ENROLLED and third.enrollment.code_hash
    assert services.learner_find(code=first.code) is None
    fourth.enrollment.refresh_from_db()
    assert fourth.enrollment.status == Enrollment.Status.WAITING


def test_enrol_a_list_reports_each_line(client, staff, cohort, women, people):
    client.force_login(staff["coordinator"])
    text = "\n".join([women[0].social_id, women[0].social_id, "123", people["rabat"].social_id, women[1].social_id])
    response = client.post(
        reverse("training:enrol_list", args=[cohort.pk]),
        {"social_ids": text, "language": "ar"},
        headers={"accept-language": "en"},
    )
    content = response.content.decode()
    assert content.count("print her slip") == 2
    assert "already" in content
    assert "not a valid social ID" in content
    assert "outside your territory" in content
    assert Enrollment.objects.filter(cohort=cohort, language="ar").count() == 2


def test_completion_issues_a_certificate_and_counts_her_that_year(staff, cohort, women):
    enrolled = services.enrollment_create(actor=staff["coordinator"], cohort=cohort, person=women[0])
    services.enrollment_create(actor=staff["coordinator"], cohort=cohort, person=women[1])
    certificate = services.enrollment_complete(
        actor=staff["facilitator"], enrollment=enrolled.enrollment, on=datetime.date(2026, 5, 2)
    )
    assert len(certificate.code) == 10
    assert list(training_beneficiaries(year=2026)) == [women[0]]
    assert not training_beneficiaries(year=2025).exists()


def test_a_woman_completing_two_courses_counts_once(staff, course, cohort, territory, women):
    from guichet.training.tests.conftest import open_cohort

    other = open_cohort(staff, course, territory, facilitator="facilitator_other")
    for target in (cohort, other):
        enrolled = services.enrollment_create(actor=staff["coordinator"], cohort=target, person=women[0])
        services.enrollment_complete(actor=staff["coordinator"], enrollment=enrolled.enrollment)
    assert training_beneficiaries(year=datetime.date.today().year).count() == 1


def test_attendance_is_recorded(staff, cohort, women):
    a = services.enrollment_create(actor=staff["coordinator"], cohort=cohort, person=women[0]).enrollment
    services.enrollment_create(actor=staff["coordinator"], cohort=cohort, person=women[1])
    session = services.session_record(
        actor=staff["facilitator"], cohort=cohort, held_on=datetime.date(2026, 2, 1), attendee_ids=[a.pk]
    )
    assert list(session.attendees.all()) == [a]
