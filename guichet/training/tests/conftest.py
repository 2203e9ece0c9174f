"""Training fixtures: a coordinator per territory, two facilitators, a course for women 18+, a cohort in Anfa."""

import datetime

import pytest

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import UserFactory
from guichet.registry.tests.factories import PersonFactory
from guichet.training.tests.factories import WOMEN_18, CohortFactory, CourseFactory, ModuleFactory


@pytest.fixture
def staff(personas, territory):
    return {
        **personas,
        "coordinator": UserFactory(username="t_coord", role=Role.COORDINATOR, region=territory["casa_settat"]),
        "coordinator_rabat": UserFactory(
            username="t_coord_rabat", role=Role.COORDINATOR, region=territory["rabat_region"]
        ),
        "facilitator": UserFactory(username="t_facil", role=Role.FACILITATOR),
        "facilitator_other": UserFactory(username="t_facil2", role=Role.FACILITATOR),
    }


@pytest.fixture
def course(staff):
    return CourseFactory(
        title_fr="Gestion d'une coopérative",
        title_ar="تسيير تعاونية",
        title_en="Running a cooperative",
        eligibility_rule=WOMEN_18,
        created_by=staff["coordinator"],
    )


@pytest.fixture
def modules(course):
    """Two text lessons, "Leçon 1" and "Leçon 2"."""
    return [ModuleFactory(course=course), ModuleFactory(course=course)]


def open_cohort(staff, course, territory, *, capacity=2, facilitator="facilitator", commune="anfa"):
    return CohortFactory(
        created_by=staff["coordinator"] if commune != "agdal" else staff["coordinator_rabat"],
        course=course,
        communes=[territory[commune]],
        facilitator=staff[facilitator],
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 6, 30),
        capacity=capacity,
    )


@pytest.fixture
def cohort(staff, course, territory, modules):
    return open_cohort(staff, course, territory)


@pytest.fixture
def women(territory):
    return [
        PersonFactory(given_name_latin=name, given_name_ar="فاطمة", commune=territory["anfa"], phone=f"+21261000000{i}")
        for i, name in enumerate(["Aicha", "Khadija", "Naima", "Salma"])
    ]
