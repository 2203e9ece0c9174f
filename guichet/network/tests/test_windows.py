"""Administrators list, create and edit windows; an open window says when it opened; the national target."""

import datetime

import pytest
from django.urls import reverse

from guichet.audit.models import AuditEntry
from guichet.network.models import Window
from guichet.network.selectors import windows_open_vs_target
from guichet.network.tests.factories import WindowFactory
from guichet.territory.tests.factories import CommuneFactory


def window_data(territory, **changes):
    data = {
        "kind": "mobile",
        "code": "GSU-SET-M01",
        "name": "Guichet social unique mobile de Settat",
        "name_ar": "الشباك الاجتماعي الموحد المتنقل بسطات",
        "commune": territory["settat_city"].pk,
        "opening_hours": "Mardi et jeudi, 9 h – 15 h",
        "status": "open",
        "opened_on": "2024-09-02",
        "closed_on": "",
    }
    return {**data, **changes}


def edit_data(window, **changes):
    data = {
        "kind": window.kind,
        "code": window.code,
        "name": window.name,
        "name_ar": window.name_ar,
        "commune": window.commune_id,
        "opening_hours": window.opening_hours,
        "status": window.status,
        "opened_on": window.opened_on.isoformat() if window.opened_on else "",
        "closed_on": window.closed_on.isoformat() if window.closed_on else "",
        "version": window.version,
    }
    return {**data, **changes}


def test_administrator_creates_a_mobile_window(admin_client, territory, personas):
    response = admin_client.post(reverse("network:window_create"), window_data(territory))
    assert response.status_code == 302
    window = Window.objects.get(code="GSU-SET-M01")
    assert window.kind == "mobile" and window.opened_on == datetime.date(2024, 9, 2)
    assert (window.province, window.region) == (territory["settat"], territory["casa_settat"])
    assert AuditEntry.objects.filter(action="create", object_type="network.window", object_id=str(window.pk)).exists()


def test_a_planned_window_needs_no_date(admin_client, territory, personas):
    response = admin_client.post(
        reverse("network:window_create"), window_data(territory, status="planned", opened_on="")
    )
    assert response.status_code == 302
    assert Window.objects.get(code="GSU-SET-M01").status == "planned"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"opened_on": ""}, "opened_on", "An open window needs the date it opened."),
        ({"status": "closed", "closed_on": ""}, "closed_on", "A closed window needs the date it closed."),
        ({"closed_on": "2024-10-01"}, "closed_on", "Only a closed window has a closing date."),
        ({"status": "closed", "closed_on": "2024-01-01"}, "closed_on", "A window closes after it opened."),
        ({"opened_on": "2999-01-01"}, "opened_on", "The opening date is in the future: the window is still planned."),
        ({"status": "closed", "closed_on": "2999-01-01"}, "closed_on", "The closing date cannot be in the future."),
        ({"kind": ""}, "kind", "This field is required."),
    ],
)
def test_dates_must_follow_the_status(admin_client, territory, personas, changes, field, message):
    response = admin_client.post(reverse("network:window_create"), window_data(territory, **changes))
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert 'role="alert"' in response.content.decode()
    assert not Window.objects.filter(code="GSU-SET-M01").exists()


def test_closing_a_window(admin_client, personas):
    window = personas["agent"].window
    response = admin_client.post(
        reverse("network:window_edit", args=[window.pk]),
        edit_data(window, status="closed", closed_on=datetime.date.today().isoformat()),
    )
    assert response.status_code == 302
    window.refresh_from_db()
    assert window.status == "closed" and window.version == 2
    entry = AuditEntry.objects.get(action="update", object_type="network.window")
    assert set(entry.changes) == {"status", "closed_on"}


def test_stale_edit_is_refused_and_nothing_is_overwritten(admin_client, personas):
    window = personas["agent"].window
    stale = edit_data(window, opening_hours="From the first form")
    admin_client.post(reverse("network:window_edit", args=[window.pk]), edit_data(window, opening_hours="First"))
    response = admin_client.post(reverse("network:window_edit", args=[window.pk]), stale)
    assert response.status_code == 200 and "Someone else saved this record" in response.content.decode()
    window.refresh_from_db()
    assert window.opening_hours == "First" and window.version == 2


def test_the_open_windows_against_the_national_target(admin_client, territory, personas, settings):
    settings.GUICHET_WINDOWS_TARGET = 500
    WindowFactory(status="planned", opened_on=None, commune=territory["anfa"])
    WindowFactory(
        status="closed",
        opened_on=datetime.date(2020, 1, 1),
        closed_on=datetime.date(2021, 1, 1),
        commune=territory["anfa"],
    )
    figure = windows_open_vs_target()
    assert (figure.open, figure.target, figure.percent) == (2, 500, 0)
    page = admin_client.get(reverse("network:window_list")).content.decode()
    assert "2 open windows of the national target of 500" in page
    settings.GUICHET_WINDOWS_TARGET = 4
    assert "2 open windows of the national target of 4" in admin_client.get(reverse("network:home")).content.decode()
    assert windows_open_vs_target().percent == 50


def test_the_list_filters_by_status_kind_and_region(admin_client, territory, personas):
    WindowFactory(code="GSU-RAB-M01", kind="mobile", status="planned", opened_on=None, commune=territory["agdal"])
    assert admin_client.get(reverse("network:window_list")).context["page"].paginator.count == 3
    planned = admin_client.get(reverse("network:window_list"), {"status": "planned"}).context["page"]
    assert [window.code for window in planned] == ["GSU-RAB-M01"]
    mobile = admin_client.get(reverse("network:window_list"), {"kind": "mobile"}).context["page"]
    assert [window.code for window in mobile] == ["GSU-RAB-M01"]
    rabat = admin_client.get(reverse("network:window_list"), {"region": "MA-04"}).context["page"]
    assert {window.code for window in rabat} == {"GSU-RAB-M01", personas["agent_rabat"].window.code}


def test_the_list_costs_the_same_queries_for_2_or_60_windows(
    admin_client, territory, personas, django_assert_max_num_queries
):
    url = reverse("network:window_list")
    with django_assert_max_num_queries(6):
        assert admin_client.get(url).status_code == 200
    for number in range(60):
        WindowFactory(code=f"W-{number:03d}", commune=CommuneFactory(province=territory["settat"]))
    with django_assert_max_num_queries(6):
        response = admin_client.get(url)
    assert len(response.context["page"].object_list) == 50
