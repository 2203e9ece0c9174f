"""Who may search the registry: association managers and facilitators find only their own persons.

Being in a disability registry is itself sensitive: a manager searching "Mohamed" must not list the nation's
Mohameds, only the children of their association; a facilitator only the learners of their cohorts. A window
agent still searches the whole registry (minimal identity), and a registration on the way to an enrolment
or an application warns of a duplicate without naming a stranger.
"""

import datetime

import pytest
from django.urls import reverse

from guichet.associations.models import SupportedChild, SupportKind
from guichet.associations.tests.factories import AssociationFactory, SchoolingApplicationFactory, SupportedChildFactory
from guichet.network.eligibility import EMPTY_RULE
from guichet.registry.selectors import lookalikes_check, person_search
from guichet.registry.tests.factories import PersonFactory
from guichet.training.tests.factories import CohortFactory, CourseFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db


def _mohamed(territory, family_latin: str, family_ar: str, commune: str = "anfa", **extra):
    return PersonFactory(
        given_name_latin="Mohamed",
        family_name_latin=family_latin,
        given_name_ar="محمد",
        family_name_ar=family_ar,
        sex="M",
        commune=territory[commune],
        **extra,
    )


@pytest.fixture
def mohameds(territory):
    return {
        "child": _mohamed(territory, "Tazi", "التازي", birth_date=datetime.date(2016, 3, 1)),
        "learner": _mohamed(territory, "Berrada", "برادة", commune="settat_city"),
        "stranger": _mohamed(territory, "Chraibi", "الشرايبي", commune="agdal", birth_date=datetime.date(2015, 5, 5)),
    }


@pytest.fixture
def association(personas, territory, mohameds):
    association = AssociationFactory(province=territory["casablanca"], manager=personas["association_manager"])
    SupportedChildFactory(
        application=SchoolingApplicationFactory(association=association, school_year="2026-2027"),
        person=mohameds["child"],
        school="École Anfa",
        support_kind=SupportKind.choices[0][0],
        amount_requested=4500,
    )
    return association


@pytest.fixture
def cohort(personas, territory, mohameds):
    course = CourseFactory(
        title_fr="Couture",
        title_ar="الخياطة",
        title_en="Sewing",
        eligibility_rule=EMPTY_RULE,
        created_by=personas["coordinator"],
    )
    cohort = CohortFactory(
        course=course,
        name_fr="Cohorte Settat",
        name_ar="فوج سطات",
        name_en="Settat cohort",
        communes=[territory["settat_city"]],
        facilitator=personas["facilitator"],
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 6, 30),
        capacity=20,
    )
    EnrollmentFactory(cohort=cohort, person=mohameds["learner"])
    return cohort


def _names(results) -> set[str]:
    return {row["family_name_latin"] for row in results.page.object_list}


def test_a_manager_searching_mohamed_sees_only_the_children_of_their_association(personas, association, cohort):
    results = person_search(viewer=personas["association_manager"], text="Mohamed")
    assert _names(results) == {"Tazi"}
    assert results.own_only


def test_a_facilitator_searching_mohamed_sees_only_the_learners_of_their_cohorts(personas, association, cohort):
    results = person_search(viewer=personas["facilitator"], text="Mohamed")
    assert _names(results) == {"Berrada"}


def test_another_facilitator_finds_nobody(personas, association, cohort):
    from guichet.accounts.tests.factories import UserFactory

    other = UserFactory(username="t_other_facilitator", role="facilitator")
    assert _names(person_search(viewer=other, text="Mohamed")) == set()


def test_an_agent_still_searches_the_whole_registry(personas, association, cohort):
    results = person_search(viewer=personas["agent"], text="Mohamed")
    assert _names(results) == {"Tazi", "Berrada", "Chraibi"}
    assert not results.own_only


def test_a_manager_cannot_find_a_stranger_by_identifier_either(personas, association, territory):
    stranger = _mohamed(territory, "Alami", "العلمي", commune="agdal", cnie="JK998877")
    for text in ("JK998877", stranger.social_id):
        assert _names(person_search(viewer=personas["association_manager"], text=text)) == set(), text


def test_a_manager_finds_the_persons_they_registered(personas, association, territory):
    _mohamed(territory, "Naciri", "الناصري", created_by=personas["association_manager"])
    assert _names(person_search(viewer=personas["association_manager"], text="Mohamed")) == {"Tazi", "Naciri"}


def test_the_search_page_of_a_manager_lists_no_stranger(client, personas, association, cohort):
    client.force_login(personas["association_manager"])
    html = client.get(reverse("registry:search"), {"q": "Mohamed"}).content.decode()
    assert "Tazi" in html
    assert "Chraibi" not in html and "Berrada" not in html
    assert "Seules les personnes de votre association ou de vos cohortes sont recherchées." in html


def test_the_duplicate_check_counts_strangers_without_naming_them(personas, association, mohameds):
    stranger = mohameds["stranger"]
    data = {
        "given_name_latin": "Mohamed",
        "family_name_latin": "Chraibi",
        "given_name_ar": "",
        "family_name_ar": "",
        "birth_date": stranger.birth_date,
    }
    check = lookalikes_check(viewer=personas["association_manager"], data=data)
    assert check.known == [] and check.strangers == 1 and check
    own = {**data, "family_name_latin": "Tazi", "birth_date": mohameds["child"].birth_date}
    assert [
        row["family_name_latin"] for row in lookalikes_check(viewer=personas["association_manager"], data=own).known
    ] == ["Tazi"]


def test_a_national_viewer_knows_every_lookalike(personas, mohameds):
    stranger = mohameds["stranger"]
    data = {"given_name_latin": "Mohamed", "family_name_latin": "Chraibi", "birth_date": stranger.birth_date}
    check = lookalikes_check(viewer=personas["steward"], data=data)
    assert [row["family_name_latin"] for row in check.known] == ["Chraibi"] and check.strangers == 0


def _child_post(**extra):
    return {
        "given_name_latin": "Mohamed",
        "family_name_latin": "Chraibi",
        "sex": "M",
        "birth_date": "2015-05-05",
        "consent": "on",
        "kind": "motor",
        "degree": "moderate",
        "school": "École Anfa",
        "support_kind": SupportKind.choices[0][0],
        "amount_requested": "4500",
        **extra,
    }


def test_registering_a_child_who_is_already_a_stranger_tells_without_details(
    client, personas, association, territory, mohameds
):
    application = association.applications.get()
    stranger = mohameds["stranger"]
    client.force_login(personas["association_manager"])
    url = reverse("associations:child_add", args=[application.pk])
    response = client.post(url, _child_post(commune=territory["anfa"].pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Une personne avec ces informations est déjà enregistrée" in html
    # Nothing about the stranger: neither their social ID nor their name as written in Arabic.
    for secret in (stranger.social_id, stranger.social_id_display, "الشرايبي"):
        assert secret not in html, secret
    assert not SupportedChild.objects.filter(person__family_name_latin="Chraibi").exists()
    # Ticked: the manager is sure it is another child, who is registered and listed.
    response = client.post(url, _child_post(commune=territory["anfa"].pk, confirm_distinct="on"))
    assert response.status_code == 302
    assert SupportedChild.objects.filter(person__family_name_latin="Chraibi", application=application).exists()


def test_an_agent_still_sees_lookalikes_outside_their_territory_without_their_social_id(personas, mohameds):
    stranger = mohameds["stranger"]
    data = {"given_name_latin": "Mohamed", "family_name_latin": "Chraibi", "birth_date": stranger.birth_date}
    check = lookalikes_check(viewer=personas["agent"], data=data)
    assert [(row["family_name_latin"], row["in_scope"]) for row in check.known] == [("Chraibi", False)]
    assert check.strangers == 0


def test_a_coordinator_registering_a_woman_is_told_of_a_stranger_without_details(personas, mohameds):
    stranger = mohameds["stranger"]  # in Rabat, outside the coordinator's Casablanca-Settat
    data = {"given_name_latin": "Mohamed", "family_name_latin": "Chraibi", "birth_date": stranger.birth_date}
    check = lookalikes_check(viewer=personas["coordinator"], data=data)
    assert check.known == [] and check.strangers == 1


def test_the_registry_form_names_no_stranger_to_a_manager(client, personas, territory, mohameds):
    stranger = mohameds["stranger"]
    client.force_login(personas["association_manager"])
    response = client.post(
        reverse("registry:create"),
        {
            "given_name_latin": "Mohamed",
            "family_name_latin": "Chraibi",
            "sex": "M",
            "birth_date": "2015-05-05",
            "commune": territory["anfa"].pk,
            "consent_given_on": "2026-01-05",
            "consent_purposes": ["registration"],
            "relationship": "head",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Une personne avec ces informations est déjà enregistrée" in html
    assert stranger.social_id not in html and "الشرايبي" not in html
