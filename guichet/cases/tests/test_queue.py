"""The work queue page: earliest due first, overdue marked, filters, pages, and queries that do not grow."""

import datetime

import pytest
from django.urls import reverse

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import UserFactory
from guichet.cases import services
from guichet.cases.selectors import QueueFilters, work_queue
from guichet.registry.tests.factories import PersonFactory

from .conftest import MONDAY
from .factories import RequestFactory
from .helpers import act


def file_on(personas, person, service, day):
    return services.request_file(
        actor=personas["agent"],
        person=person,
        service=service,
        language="fr",
        documents=list(service.documents.all()),
        today=day,
    )


@pytest.fixture
def queue(personas, people, catalogue, territory):
    """Three requests filed two weeks apart, the oldest now late."""
    requests = [
        file_on(personas, PersonFactory(commune=territory["anfa"]), catalogue["card"], day)
        for day in (datetime.date(2026, 3, 16), datetime.date(2026, 2, 2), datetime.date(2026, 3, 2))
    ]
    return requests


def test_earliest_due_first_and_late_ones_marked(personas, queue):
    page = work_queue(viewer=personas["centre"], today=datetime.date(2026, 3, 2))
    assert [r.pk for r in page.object_list] == [queue[1].pk, queue[2].pk, queue[0].pk]
    assert [r.overdue for r in page.object_list] == [True, False, False]


def test_a_request_waiting_for_information_is_not_late(personas, queue):
    act(personas["centre"], queue[1], "request_info", today=datetime.date(2026, 2, 3))
    page = work_queue(viewer=personas["centre"], today=datetime.date(2026, 3, 2))
    assert not any(r.overdue for r in page.object_list)


def test_filters(personas, queue, catalogue):
    centre = personas["centre"]
    today = datetime.date(2026, 3, 2)
    act(centre, queue[2], "approve")
    services.request_assign(actor=centre, request=queue[0], assignee=centre, expected_version=queue[0].version)

    def listed(**filters):
        return [r.pk for r in work_queue(viewer=centre, filters=QueueFilters(**filters), today=today).object_list]

    assert listed(status="approved") == [queue[2].pk]
    assert listed(overdue=True) == [queue[1].pk]
    assert listed(assignee="me") == [queue[0].pk]
    assert listed(assignee=str(centre.pk)) == [queue[0].pk]
    assert set(listed(assignee="none")) == {queue[1].pk, queue[2].pk}
    assert listed(service_id=catalogue["project"].pk) == []
    act(centre, queue[1], "reject")
    assert queue[1].pk not in listed()  # open ones by default
    assert queue[1].pk in listed(status="all")


def in_queue(personas, person, service, day):
    """A request filed at the agent's window and waiting at the centre (how is not what these tests test)."""
    agent = personas["agent"]
    return RequestFactory(
        person=person,
        service=service,
        centre=personas["centre"].centre,
        window=agent.window,
        filed_by=agent,
        filed_on=day,
    )


def test_the_queue_is_paginated(personas, catalogue, territory):
    for day in range(30):
        in_queue(personas, personas_person(territory, day), catalogue["card"], MONDAY + datetime.timedelta(days=day))
    first = work_queue(viewer=personas["centre"], page_number=1)
    assert len(first.object_list) == 25 and first.paginator.count == 30
    assert len(work_queue(viewer=personas["centre"], page_number=2).object_list) == 5


def personas_person(territory, index):
    return PersonFactory(given_name_latin=f"Personne{index}", commune=territory["anfa"])


@pytest.mark.parametrize("count", [3, 30])
def test_the_queue_page_queries_do_not_grow_with_the_requests(
    count, client, personas, catalogue, territory, django_assert_max_num_queries
):
    for index in range(count):
        request = in_queue(personas, personas_person(territory, index), catalogue["card"], MONDAY)
        if index % 2:
            services.request_assign(
                actor=personas["centre"], request=request, assignee=personas["centre"], expected_version=1
            )
    UserFactory(username="t_colleague", role=Role.CENTRE_STAFF, centre=personas["centre"].centre)
    client.force_login(personas["centre"])
    client.get(reverse("cases:queue"))  # the catalogue (services, centres) is kept after the first page
    # Session, user, colleagues (the assignees among them), count, page: 5.
    with django_assert_max_num_queries(5):
        response = client.get(reverse("cases:queue"), {"status": "open", "overdue": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Personne") == min(count, 25)


def test_the_queue_page_shows_overdue_and_filters_without_javascript(client, personas, queue):
    client.force_login(personas["centre"])
    response = client.get(reverse("cases:queue"))
    html = response.content.decode()
    assert "overdue" in html
    assert 'for="id_status"' in html and 'for="id_service"' in html and 'for="id_assignee"' in html
    assert "<caption>" in html
    response = client.get(reverse("cases:queue"), {"status": "rejected"})
    assert "No request matches." in response.content.decode()


def test_an_htmx_filter_gets_only_the_rows(client, personas, queue):
    client.force_login(personas["centre"])
    response = client.get(reverse("cases:queue"), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<table" in html and "<html" not in html


def test_each_row_names_its_service_centre_and_assignee_without_joining_them(client, personas, queue, catalogue):
    """Rows take the service from the cached catalogue, the centre from the viewer or one read, the assignee
    from the colleagues: the names shown are still each request's own."""
    centre = personas["centre"]
    centre.first_name, centre.last_name = "Salma", "Berrada"
    centre.save()
    services.request_assign(actor=centre, request=queue[0], assignee=centre, expected_version=queue[0].version)
    page = work_queue(viewer=centre, known_users=[centre])
    assert {row.service.code for row in page.object_list} == {catalogue["card"].code}
    assert {row.centre.pk for row in page.object_list} == {centre.centre_id}
    assert {row.pk: row.assignee for row in page.object_list}[queue[0].pk].get_full_name() == "Salma Berrada"
    # A supervisor sees the centre under the service, and an assignee they did not know is read.
    client.force_login(personas["supervisor_national"])
    html = client.get(reverse("cases:queue")).content.decode()
    assert html.count(centre.centre.name) == 3 and html.count(catalogue["card"].name) >= 3
    assert html.count("Salma Berrada") == 1


def test_rows_escape_what_people_typed_and_link_each_request(client, personas, queue):
    """The rows are written in Python (cases/queue_rows.py): a name is escaped there, each reference links to
    its request's page, and every cell keeps its label for the narrow screens."""
    person = queue[0].person
    person.given_name_latin, person.family_name_latin = "<script>x</script>", "O'Neil & Co"
    person.save()
    client.force_login(personas["centre"])
    html = client.get(reverse("cases:queue")).content.decode()
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt; O&#x27;Neil &amp; Co" in html
    for request in queue:
        assert f'<a href="{reverse("cases:detail", args=[request.reference])}">' in html
    assert html.count('data-label="Person"') == len(queue) and html.count('data-label="Assigned to"') == len(queue)
