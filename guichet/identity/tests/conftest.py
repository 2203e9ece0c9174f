"""Two files of one man, each with the rows the registry, the windows, training and schooling keep about him."""

import datetime
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

import pytest
from django.apps import apps
from django.db.models import Q

from guichet.associations.models import Decision, SchoolingApplication
from guichet.associations.tests.factories import SchoolingApplicationFactory, SupportedChildFactory
from guichet.cases.models import Status
from guichet.cases.tests.factories import RequestFactory
from guichet.registry.models import Person
from guichet.registry.tests.factories import ConsentFactory, DisabilityRecordFactory, PersonFactory
from guichet.training.models import Enrollment
from guichet.training.tests.factories import CohortFactory, EnrollmentFactory

YEAR = 2026
SCHOOL_YEAR = "2026-2027"


@dataclass
class Twins:
    # Any: factory-boy's calls are typed as returning the factory.
    survivor: Any  # Person
    absorbed: Any  # Person
    absorbed_request: Any  # its delivered request
    shared_cohort_enrolment: Any  # the absorbed file's, in a cohort the survivor is in too
    own_cohort_enrolment: Any  # the absorbed file's, in a cohort of its own


def _supported(person: Any, province: Any) -> None:
    application = SchoolingApplicationFactory(
        status=SchoolingApplication.Status.APPROVED, school_year=SCHOOL_YEAR, association__province=province
    )
    SupportedChildFactory(application=application, person=person, decision=Decision.APPROVED)


@pytest.fixture
def twins(people, territory) -> Twins:
    survivor = people["casa"]  # CNIE, IDCS and phone; no address
    absorbed = PersonFactory(
        given_name_latin="Mohammed",
        family_name_latin="Idrissi",
        given_name_ar="محمد",
        family_name_ar="الادريسي",
        sex="M",
        birth_date=survivor.birth_date,
        commune=territory["anfa"],
        cnie="BK998877",
        address="Derb Sultan, rue 12",
    )
    delivered = {"status": Status.DELIVERED, "delivered_on": datetime.date(YEAR, 5, 4)}
    RequestFactory(person=survivor, **delivered)
    absorbed_request = RequestFactory(person=absorbed, **delivered)
    RequestFactory(person=absorbed)
    ConsentFactory(person=survivor)
    ConsentFactory(person=absorbed)
    DisabilityRecordFactory(person=survivor)
    DisabilityRecordFactory(person=absorbed)
    completed = {"status": Enrollment.Status.COMPLETED, "completed_on": datetime.date(YEAR, 6, 1)}
    cohort = CohortFactory(communes=[territory["anfa"]])
    EnrollmentFactory(cohort=cohort, person=survivor, **completed)
    shared = EnrollmentFactory(cohort=cohort, person=absorbed, **completed)
    own = EnrollmentFactory(cohort=CohortFactory(communes=[territory["anfa"]]), person=absorbed, **completed)
    _supported(survivor, territory["casablanca"])
    _supported(absorbed, territory["casablanca"])
    return Twins(survivor, absorbed, absorbed_request, shared, own)


def rows_touching(*persons: Person) -> dict[tuple[str, int], dict]:
    """Every column of every row that is, or links to, one of the persons (the audit log, which only grows, and
    the merges themselves aside)."""
    ids = [person.pk for person in persons]
    dump = {}
    for model in apps.get_models():
        if model._meta.app_label in ("audit", "identity"):
            continue
        links = [f for f in model._meta.concrete_fields if f.is_relation and f.related_model is Person]
        conditions = [Q(**{f"{link.name}__in": ids}) for link in links]
        if model is Person:
            conditions.append(Q(pk__in=ids))
        if not conditions:
            continue
        for row in model._base_manager.filter(reduce(or_, conditions)).order_by("pk").values():
            dump[(model._meta.label, row["id"])] = row
    return dump
