"""Association factories: an association, its yearly application, the children listed on it, their term reports.

The rows are those the services leave behind: a submitted application has been claimed once on submission
(version 2) and carries its submission time, a decided one also its decision; a child listed by a manager
gets the disability record the listing writes when `disability` is given.
"""

from decimal import Decimal

import factory
from django.utils import timezone

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import UserFactory
from guichet.associations.models import Association, Decision, SchoolingApplication, SupportedChild, TermReport
from guichet.registry.tests.factories import DisabilityRecordFactory, PersonFactory
from guichet.territory.tests.factories import CommuneFactory, ProvinceFactory

_DECIDED = (
    SchoolingApplication.Status.APPROVED,
    SchoolingApplication.Status.PARTLY,
    SchoolingApplication.Status.REJECTED,
)


class AssociationFactory(factory.django.DjangoModelFactory[Association]):
    class Meta:
        model = Association

    name_fr = factory.Sequence(lambda n: f"Association Al Amal {n}")
    name_ar = factory.Sequence(lambda n: f"جمعية الأمل {n}")
    registration_number = factory.Sequence(lambda n: f"REG-{n:05d}")
    province = factory.SubFactory(ProvinceFactory)
    region = factory.LazyAttribute(lambda o: o.province.region)
    address = "12 rue de la Liberté"
    president = "Amina Berrada"
    phone = "+212522123456"
    email = factory.Sequence(lambda n: f"contact{n}@example.ma")
    statutes_file = "ab" + "0" * 30 + ".pdf"
    receipt_file = "cd" + "0" * 30 + ".pdf"
    status = Association.Status.APPROVED
    # Approval creates the manager's account; a pending association has none yet.
    manager = factory.Maybe(
        factory.LazyAttribute(lambda o: o.status == Association.Status.APPROVED),
        factory.SubFactory(UserFactory, role=Role.ASSOCIATION_MANAGER),
        None,
    )


class SchoolingApplicationFactory(factory.django.DjangoModelFactory[SchoolingApplication]):
    """A draft by default; `status=` submitted or a decision gives the times, version and decider that go with it."""

    class Meta:
        model = SchoolingApplication

    association = factory.SubFactory(AssociationFactory)
    school_year = "2026-2027"
    status = SchoolingApplication.Status.DRAFT
    submitted_at = factory.LazyAttribute(
        lambda o: None if o.status == SchoolingApplication.Status.DRAFT else timezone.now()
    )
    decided_at = factory.LazyAttribute(lambda o: timezone.now() if o.status in _DECIDED else None)
    decided_by = factory.Maybe(
        factory.LazyAttribute(lambda o: o.status in _DECIDED),
        factory.SubFactory(UserFactory, role=Role.PROGRAMME_OFFICER, national=True),
        None,
    )
    decision_note = factory.LazyAttribute(
        lambda o: "Aucun enfant éligible" if o.status == SchoolingApplication.Status.REJECTED else ""
    )
    # Submitting claims a version, and so does deciding.
    version = factory.LazyAttribute(
        lambda o: 1 if o.status == SchoolingApplication.Status.DRAFT else 3 if o.status in _DECIDED else 2
    )


class SupportedChildFactory(factory.django.DjangoModelFactory[SupportedChild]):
    """A child listed on an application; pass `disability={"kind": …, "degree": …}` for the record the listing
    writes (the person must have none yet). A decision other than pending comes with its amount or reason."""

    class Meta:
        model = SupportedChild

    application = factory.SubFactory(SchoolingApplicationFactory)
    person = factory.SubFactory(
        PersonFactory,
        given_name_latin="Yassine",
        given_name_ar="ياسين",
        sex="M",
        birth_date=factory.LazyFunction(lambda: timezone.localdate().replace(year=timezone.localdate().year - 9)),
        commune=factory.SubFactory(
            CommuneFactory,
            province=factory.SelfAttribute("...application.association.province"),
        ),
    )
    school = "École primaire, CE2"
    support_kind = "inclusion"
    amount_requested = Decimal("5000")
    decision = Decision.PENDING
    amount_granted = factory.LazyAttribute(
        lambda o: (
            o.amount_requested
            if o.decision == Decision.APPROVED
            else (o.amount_requested / 2 if o.decision == Decision.PARTLY else None)
        )
    )
    decision_reason = factory.LazyAttribute(lambda o: "Hors programme" if o.decision == Decision.REJECTED else "")
    disability = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        disability = kwargs.pop("disability")
        if disability:
            DisabilityRecordFactory(person=kwargs["person"], **disability)
            kwargs["wrote_disability_record"] = True
        child = model_class(*args, **kwargs)
        child.save()
        return child


class TermReportFactory(factory.django.DjangoModelFactory[TermReport]):
    """A term's attendance and progress of a child whose support was approved."""

    class Meta:
        model = TermReport

    child = factory.SubFactory(
        SupportedChildFactory,
        decision=Decision.APPROVED,
        application=factory.SubFactory(SchoolingApplicationFactory, status=SchoolingApplication.Status.APPROVED),
    )
    term = 1
    days_present = 58
    days_expected = 60
    progress = "Lit des phrases simples"
    level = TermReport.Level.PROGRESSING
