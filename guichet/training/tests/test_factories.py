"""The training factories build rows the services would have written: valid, placed, and with a working code."""

import pytest

from guichet.territory.tests.factories import CommuneFactory
from guichet.training import services
from guichet.training.models import Enrollment
from guichet.training.tests.factories import (
    CertificateFactory,
    CohortFactory,
    CourseFactory,
    EnrollmentFactory,
    ModuleFactory,
    enrolled,
)

pytestmark = pytest.mark.django_db


def test_every_factory_row_passes_the_models_own_checks():
    course = CourseFactory()
    rows = [
        course,
        ModuleFactory(course=course),
        ModuleFactory(course=course),
        CohortFactory(course=course),
        EnrollmentFactory(status=Enrollment.Status.WAITING),
        CertificateFactory(),
    ]
    for row in rows:
        row.full_clean()
    assert [module.position for module in course.modules.all()] == [1, 2]


def test_a_cohort_lies_in_the_province_and_region_its_communes_share():
    commune = CommuneFactory()
    cohort = CohortFactory(communes=[commune])
    assert (cohort.province, cohort.region) == (commune.province, commune.province.region)
    spread = CohortFactory(communes=[commune, CommuneFactory()])
    assert (spread.province, spread.region) == (None, None)
    assert spread.communes.count() == 2


def test_the_code_of_an_enrolment_opens_her_course_and_only_its_hash_is_kept():
    enrollment = EnrollmentFactory()
    assert services.learner_find(code=enrollment.code) == enrollment
    assert enrollment.code not in Enrollment.objects.values_list("code_hash", flat=True).get(pk=enrollment.pk)
    assert enrollment.person.commune in enrollment.cohort.communes.all()


def test_an_enrolment_on_the_waiting_list_has_no_code():
    waiting = EnrollmentFactory(status=Enrollment.Status.WAITING)
    assert waiting.code is None and waiting.code_hash is None


def test_enrolled_gives_what_the_service_gives():
    result = enrolled(language="ar")
    assert isinstance(result, services.Enrolled)
    assert services.learner_find(code=result.code) == result.enrollment
    assert result.enrollment.language == "ar"


def test_a_certificate_is_issued_on_the_day_she_completed():
    certificate = CertificateFactory()
    assert certificate.enrollment.status == Enrollment.Status.COMPLETED
    assert certificate.issued_on == certificate.enrollment.completed_on
