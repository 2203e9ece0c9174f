"""Training factories: courses, modules, cohorts placed as `cohort_open` places them, enrolments with a code.

An enrolment holding a place gets an access code hashed by the training codes helpers, as the service does;
the code itself is kept on the returned object (`enrollment.code`) so that a test can sign in with it. No SMS
is queued: a test of the sending goes through `services.enrollment_create`.
"""

import datetime

import factory
from django.utils import timezone

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import UserFactory
from guichet.registry.tests.factories import PersonFactory
from guichet.territory.tests.factories import CommuneFactory
from guichet.training.codes import hash_code, new_access_code, new_certificate_code
from guichet.training.models import Certificate, Cohort, Course, Enrollment, Module
from guichet.training.services import Enrolled

# Women aged 18 or more: the rule of the programme's own courses.
WOMEN_18 = {
    "combine": "all",
    "conditions": [{"field": "sex", "op": "eq", "value": "F"}, {"field": "age", "op": "gte", "value": 18}],
}


class CourseFactory(factory.django.DjangoModelFactory[Course]):
    class Meta:
        model = Course

    title_fr = factory.Sequence(lambda n: f"Cours {n}")
    title_ar = factory.Sequence(lambda n: f"دورة {n}")
    title_en = factory.Sequence(lambda n: f"Course {n}")
    eligibility_rule = factory.LazyFunction(lambda: dict(WOMEN_18))
    created_by = factory.SubFactory(UserFactory, role=Role.COORDINATOR)


class ModuleFactory(factory.django.DjangoModelFactory[Module]):
    """A text lesson, placed after the course's last one unless `position` is given."""

    class Meta:
        model = Module

    course = factory.SubFactory(CourseFactory)
    position = factory.LazyAttribute(
        lambda o: (o.course.modules.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    )
    title_fr = factory.LazyAttribute(lambda o: f"Leçon {o.position}")
    title_ar = factory.LazyAttribute(lambda o: f"الدرس {o.position}")
    title_en = factory.LazyAttribute(lambda o: f"Lesson {o.position}")
    kind = Module.Kind.TEXT
    text_fr = "Texte"


class CohortFactory(factory.django.DjangoModelFactory[Cohort]):
    """A cohort in `communes` (one new commune by default); its province and region are those the communes
    share, empty when they span several, as `cohort_open` sets them."""

    class Meta:
        model = Cohort

    class Params:
        name = None  # a shortcut: the same name in every language

    course = factory.SubFactory(CourseFactory)
    name_fr = factory.LazyAttributeSequence(lambda o, n: o.name or f"Cohorte {n}")
    name_ar = factory.LazyAttributeSequence(lambda o, n: o.name or f"الفوج {n}")
    name_en = factory.LazyAttributeSequence(lambda o, n: o.name or f"Cohort {n}")
    communes = factory.LazyFunction(lambda: [CommuneFactory()])
    facilitator = factory.SubFactory(UserFactory, role=Role.FACILITATOR)
    starts_on = datetime.date(2026, 1, 1)
    ends_on = datetime.date(2026, 6, 30)
    capacity = 20
    created_by = factory.SelfAttribute("course.created_by")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        communes = list(kwargs.pop("communes"))
        provinces = {commune.province_id for commune in communes}
        regions = {commune.province.region_id for commune in communes}
        kwargs.setdefault("province_id", provinces.pop() if len(provinces) == 1 else None)
        kwargs.setdefault("region_id", regions.pop() if len(regions) == 1 else None)
        cohort = model_class(*args, **kwargs)
        cohort.save()
        cohort.communes.set(communes)
        return cohort


class EnrollmentFactory(factory.django.DjangoModelFactory[Enrollment]):
    """A woman of the cohort's first commune, enrolled by the cohort's coordinator.

    `code` is the clear access code (a new one by default; None for an enrolment that holds no code: on the
    waiting list or withdrawn); only its hash is stored, and the code is set back on the returned enrolment.
    """

    class Meta:
        model = Enrollment

    cohort = factory.SubFactory(CohortFactory)
    person = factory.SubFactory(
        PersonFactory, commune=factory.LazyAttribute(lambda o: o.factory_parent.cohort.communes.first())
    )
    status = Enrollment.Status.ENROLLED
    language = "fr"
    enrolled_by = factory.SelfAttribute("cohort.created_by")
    completed_on = factory.LazyAttribute(
        lambda o: timezone.localdate() if o.status == Enrollment.Status.COMPLETED else None
    )
    code = factory.LazyAttribute(
        lambda o: new_access_code() if o.status in (Enrollment.Status.ENROLLED, Enrollment.Status.COMPLETED) else None
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        code = kwargs.pop("code")
        if code is not None:
            kwargs.update(code_hash=hash_code(code), code_version=1, code_sent_version=1)
        enrollment = model_class(*args, **kwargs)
        enrollment.save()
        enrollment.code = code
        return enrollment


class CertificateFactory(factory.django.DjangoModelFactory[Certificate]):
    """The certificate of a completed enrolment, with a fresh verification code, issued the day she completed."""

    class Meta:
        model = Certificate

    enrollment = factory.SubFactory(EnrollmentFactory, status=Enrollment.Status.COMPLETED)
    code = factory.LazyFunction(new_certificate_code)
    issued_on = factory.SelfAttribute("enrollment.completed_on")


def enrolled(**values) -> Enrolled:
    """What `services.enrollment_create` returns (the enrolment and her clear code), built by the factory."""
    code = values.pop("code", None) or new_access_code()
    return Enrolled(enrollment=EnrollmentFactory.create(code=code, **values), code=code)
