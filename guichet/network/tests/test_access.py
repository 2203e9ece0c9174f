"""Only administrators open the network pages: every other role gets 403, anonymous visitors the login."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from guichet.accounts.permissions import can_manage_network
from guichet.common.exceptions import NotAllowed
from guichet.network import services, services_catalogue
from guichet.network.models import Holiday
from guichet.network.tests.factories import HolidayFactory, ServiceFactory

OTHER_ROLES = [
    "agent",
    "centre",
    "incubator",
    "steward",
    "supervisor_region",
    "supervisor_province",
    "supervisor_national",
]


@pytest.fixture
def pages(personas):
    window = personas["agent"].window
    centre = personas["centre"].centre
    service = ServiceFactory(code="disability-card")
    HolidayFactory(date=datetime.date(2026, 1, 1), name_fr="Nouvel an")
    return {
        "get": [
            reverse("network:home"),
            reverse("network:centre_list"),
            reverse("network:centre_create"),
            reverse("network:centre_edit", args=[centre.pk]),
            reverse("network:window_list"),
            reverse("network:window_create"),
            reverse("network:window_edit", args=[window.pk]),
            reverse("network:service_list"),
            reverse("network:service_create"),
            reverse("network:service_detail", args=[service.code]),
            reverse("network:service_edit", args=[service.code]),
            reverse("network:holiday_list"),
        ],
        "post": [
            reverse("network:centre_create"),
            reverse("network:centre_edit", args=[centre.pk]),
            reverse("network:window_create"),
            reverse("network:window_edit", args=[window.pk]),
            reverse("network:service_create"),
            reverse("network:service_edit", args=[service.code]),
            reverse("network:holiday_list"),
        ],
    }


def test_the_administrator_opens_every_page(client, personas, pages):
    client.force_login(personas["admin"])
    for url in pages["get"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'lang="en"' in response.content.decode()


@pytest.mark.parametrize("persona", OTHER_ROLES)
def test_other_roles_are_refused_every_page_and_every_write(client, personas, pages, persona):
    client.force_login(personas[persona])
    for url in pages["get"]:
        assert client.get(url).status_code == 403, url
    for url in pages["post"]:
        assert client.post(url, {"code": "X", "name_fr": "X"}).status_code == 403, url
    assert Holiday.objects.count() == 1


def test_anonymous_visitors_are_sent_to_the_login(client, pages):
    for url in pages["get"]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_an_inactive_administrator_is_refused(personas):
    admin = personas["admin"]
    assert can_manage_network(admin)
    admin.is_active = False
    assert not can_manage_network(admin)


def test_pages_are_mirrored_in_arabic(client, personas, pages):
    client.force_login(personas["admin"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    for url in pages["get"]:
        assert 'lang="ar" dir="rtl"' in client.get(url).content.decode(), url


def test_the_writes_themselves_refuse_other_roles(personas, territory):
    agent = personas["agent"]
    calls = [
        lambda: services.centre_create(actor=agent, data={"code": "X", "commune": territory["anfa"]}),
        lambda: services.window_create(actor=agent, data={"code": "X", "commune": territory["anfa"]}),
        lambda: services.holiday_create(actor=agent, date=datetime.date(2026, 1, 2), name_fr="X"),
        lambda: services_catalogue.service_create(actor=agent, data={"code": "x"}, documents=[]),
    ]
    for call in calls:
        with pytest.raises(NotAllowed):
            call()
