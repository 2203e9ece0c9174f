"""Training fixtures: a coordinator per territory, two facilitators, a course for women 18+, a cohort in Anfa."""

import datetime

import pytest

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import UserFactory
from guichet.registry.tests.factories import PersonFactory
from guichet.training import services_courses

WOMEN_18 = {
    "combine": "all",
    "conditions": [{"field": "sex", "op": "eq", "value": "F"}, {"field": "age", "op": "gte", "value": 18}],
}


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
    return services_courses.course_save(
        actor=staff["coordinator"],
        course=None,
        data={
            "title_fr": "Gestion d'une coopérative",
            "title_ar": "تسيير تعاونية",
            "title_en": "Running a cooperative",
        },
        rule=WOMEN_18,
    )


@pytest.fixture
def modules(course, staff):
    return [
        services_courses.module_save(
            actor=staff["coordinator"],
            course=course,
            module=None,
            data={"title_fr": f"Leçon {n}", "title_ar": f"الدرس {n}", "title_en": f"Lesson {n}", "text_fr": "Texte"},
        )
        for n in (1, 2)
    ]


def open_cohort(staff, course, territory, *, capacity=2, facilitator="facilitator", commune="anfa"):
    return services_courses.cohort_open(
        actor=staff["coordinator"] if commune != "agdal" else staff["coordinator_rabat"],
        course=course,
        name=f"Cohorte {commune}",
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
