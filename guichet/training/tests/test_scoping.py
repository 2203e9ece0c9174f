import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guichet.registry.tests.factories import PersonFactory
from guichet.training import services
from guichet.training.selectors import cohort_list
from guichet.training.tests.conftest import open_cohort


@pytest.fixture
def rabat_cohort(staff, course, territory, modules):
    return open_cohort(staff, course, territory, facilitator="facilitator_other", commune="agdal")


def test_a_facilitator_sees_only_her_cohorts(client, staff, cohort, rabat_cohort):
    assert list(cohort_list(viewer=staff["facilitator"])) == [cohort]
    client.force_login(staff["facilitator"])
    assert client.get(reverse("training:cohort_detail", args=[cohort.pk])).status_code == 200
    assert client.get(reverse("training:cohort_detail", args=[rabat_cohort.pk])).status_code == 403


def test_a_coordinator_sees_only_her_territory(client, staff, cohort, rabat_cohort):
    assert list(cohort_list(viewer=staff["coordinator"])) == [cohort]
    assert list(cohort_list(viewer=staff["coordinator_rabat"])) == [rabat_cohort]
    assert set(cohort_list(viewer=staff["admin"])) == {cohort, rabat_cohort}
    client.force_login(staff["coordinator"])
    assert client.get(reverse("training:cohort_detail", args=[rabat_cohort.pk])).status_code == 403


@pytest.mark.parametrize("role", ["agent", "centre", "supervisor_region", "steward"])
def test_other_roles_are_refused(client, staff, cohort, role):
    client.force_login(staff[role])
    for url in (
        reverse("training:home"),
        reverse("training:cohort_detail", args=[cohort.pk]),
        reverse("training:course_create"),
        reverse("training:enrol_search", args=[cohort.pk]),
    ):
        assert client.get(url).status_code == 403, url


def test_a_facilitator_cannot_enrol_nor_edit_courses(client, staff, cohort, women):
    client.force_login(staff["facilitator"])
    assert client.get(reverse("training:enrol_search", args=[cohort.pk])).status_code == 403
    assert client.get(reverse("training:course_create")).status_code == 403


def test_a_coordinator_cannot_enrol_a_woman_outside_her_territory(client, staff, cohort, territory):
    outsider = PersonFactory(commune=territory["agdal"])
    client.force_login(staff["coordinator"])
    response = client.get(reverse("training:enrol_person", args=[cohort.pk, outsider.social_id]))
    assert response.status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, cohort):
    response = client.get(reverse("training:cohort_detail", args=[cohort.pk]))
    assert response.status_code == 302 and "login" in response.url


def test_the_cohort_page_does_not_grow_with_the_cohort(client, staff, course, territory, modules):
    cohort = open_cohort(staff, course, territory, capacity=50)

    def fetch():
        client.force_login(staff["facilitator"])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("training:cohort_detail", args=[cohort.pk]))
        assert response.status_code == 200
        return len(queries)

    def enrol(count):
        for _ in range(count):
            person = PersonFactory(commune=territory["anfa"])
            enrolled = services.enrollment_create(actor=staff["coordinator"], cohort=cohort, person=person)
            for module in modules:
                services.lesson_open(enrollment=enrolled.enrollment, module=module)

    enrol(2)
    small = fetch()
    enrol(8)
    assert fetch() == small
    assert small <= 12
