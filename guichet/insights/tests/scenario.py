"""A small registry whose dashboard figures are worked out by hand in the tests (see each test's comments).

2025: Amina (F, born 1990, Anfa) had a health and a disability service delivered; her duplicate file Dounia,
merged into her, had an economic service delivered and holds the disability record. Brahim (M, born 31 Dec
2008, Settat) had a health service delivered on 31 Dec 2025 and another on 1 Jan 2026. Chaima (F, born 1 Jan
1965, Agdal) completed a training on 1 Mar 2025. Elias (M, 9 years old, Casablanca) was supported in school year
2025-2026 and has a disability record. Farid (Agdal) had a request rejected: no beneficiary.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from guichet.associations.models import Decision, SchoolingApplication
from guichet.associations.tests.factories import (
    AssociationFactory,
    SchoolingApplicationFactory,
    SupportedChildFactory,
)
from guichet.cases.models import Status
from guichet.cases.tests.factories import RequestFactory
from guichet.network.models import Service
from guichet.network.tests.factories import ServiceFactory
from guichet.registry.models import Person
from guichet.registry.tests.factories import DisabilityRecordFactory, PersonFactory
from guichet.training.models import Enrollment
from guichet.training.tests.factories import CohortFactory, EnrollmentFactory


@dataclass
class Scenario:
    """The scenario's persons (registry.Person) and its health service (factories' instances: typed Any)."""

    amina: Any
    dounia: Any
    brahim: Any
    chaima: Any
    elias: Any
    farid: Any
    health: Any


def delivered(person: Any, service: Any, on: datetime.date, **values: Any) -> Any:
    return RequestFactory(
        person=person, service=service, status=Status.DELIVERED, delivered_on=on, filed_on=on, **values
    )


def build(territory) -> Scenario:
    health = ServiceFactory(category=Service.Category.HEALTH)
    disability = ServiceFactory(category=Service.Category.DISABILITY)
    economic = ServiceFactory(category=Service.Category.ECONOMIC)
    amina = PersonFactory(
        given_name_latin="Amina", sex="F", birth_date=datetime.date(1990, 6, 15), commune=territory["anfa"]
    )
    dounia: Any = PersonFactory(
        given_name_latin="Dounia", sex="F", birth_date=datetime.date(1990, 6, 15), commune=territory["agdal"]
    )
    brahim = PersonFactory(
        given_name_latin="Brahim", sex="M", birth_date=datetime.date(2008, 12, 31), commune=territory["settat_city"]
    )
    chaima = PersonFactory(
        given_name_latin="Chaima", sex="F", birth_date=datetime.date(1965, 1, 1), commune=territory["agdal"]
    )
    farid = PersonFactory(given_name_latin="Farid", sex="M", commune=territory["agdal"])
    delivered(amina, health, datetime.date(2025, 3, 3))
    delivered(amina, health, datetime.date(2025, 5, 5))
    delivered(amina, disability, datetime.date(2025, 6, 2))
    delivered(dounia, economic, datetime.date(2025, 7, 1))
    RequestFactory(person=amina, service=economic, status=Status.REJECTED, filed_on=datetime.date(2025, 8, 1))
    Person.objects.filter(pk=dounia.pk).update(merged_into=amina)
    DisabilityRecordFactory(person=dounia)
    delivered(brahim, health, datetime.date(2025, 12, 31))
    delivered(brahim, health, datetime.date(2026, 1, 1))
    cohort = CohortFactory(communes=[territory["agdal"]], starts_on=datetime.date(2025, 1, 6))
    EnrollmentFactory(
        cohort=cohort, person=chaima, status=Enrollment.Status.COMPLETED, completed_on=datetime.date(2025, 3, 1)
    )
    RequestFactory(person=farid, service=health, status=Status.REJECTED, filed_on=datetime.date(2025, 4, 1))
    association = AssociationFactory(province=territory["casablanca"])
    application = SchoolingApplicationFactory(
        association=association, school_year="2025-2026", status=SchoolingApplication.Status.APPROVED
    )
    child = SupportedChildFactory(
        application=application,
        decision=Decision.APPROVED,
        person__birth_date=datetime.date(2017, 2, 1),
        person__commune=territory["anfa"],
        disability={"kind": "motor", "degree": "light"},
    )
    return Scenario(amina, dounia, brahim, chaima, child.person, farid, health)
