"""In Arabic, references, social IDs, phones and house numbers keep their order on the pages and in the SMS."""

import datetime
import re

import pytest
from django.urls import reverse

from guichet.cases.references import format_reference
from guichet.common.phones import format_phone
from guichet.network.models import Centre
from guichet.notify import services as notify_services
from guichet.notify.tests.factories import make_event, make_person, make_request

pytestmark = pytest.mark.django_db

LRI, PDI = "\u2066", "\u2069"


def isolated(value: str, html: str) -> bool:
    """The value is shown inside a left-to-right isolate (<bdi dir="ltr" …>value</bdi>)."""
    return re.search(rf'<bdi dir="ltr"[^>]*>{re.escape(value)}</bdi>', html) is not None


@pytest.fixture
def centre(personas):
    centre = Centre.objects.get(name="Centre Anfa")
    centre.name_ar = "مركز أنفا"
    centre.phone = "+212522112233"
    centre.address = "83, Rue Al Massira, Casablanca"
    centre.save()
    return centre


@pytest.fixture
def person(territory):
    return make_person(
        given_name_latin="Khadija",
        family_name_latin="Ouazzani",
        given_name_ar="خديجة",
        family_name_ar="الوزاني",
        birth_date=datetime.date(1985, 3, 14),
        cnie="BK998877",
        idcs="1234567890",
        phone="+212611223344",
        address="83, Rue Al Massira, Casablanca",
    )


@pytest.fixture
def request_(person, centre):
    return make_request(person=person, centre=centre, language="ar", due_date=datetime.date(2027, 1, 15))


def test_the_request_page_in_arabic_isolates_the_reference_social_id_and_phone(client, personas, request_):
    client.force_login(personas["centre"])

    html = client.get(reverse("cases:detail", args=[request_.reference]), HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    assert 'dir="rtl"' in html
    assert isolated(format_reference(request_.reference), html)
    assert isolated(request_.person.social_id_display, html)
    assert isolated("+212522112233", html)
    assert "15 يناير 2027" in html  # the due date, day first, Moroccan month name


def test_the_person_page_in_arabic_isolates_ids_phone_and_house_number(client, personas, person):
    client.force_login(personas["agent"])

    html = client.get(reverse("registry:detail", args=[person.social_id]), HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    assert isolated("BK998877", html)
    assert isolated("1234567890", html)
    assert isolated(format_phone(person.phone), html)
    assert '<bdi dir="ltr"><bdi dir="ltr">83</bdi>, Rue Al Massira, Casablanca</bdi>' in html
    assert "14 مارس 1985" in html


def test_the_tracking_page_in_arabic_isolates_the_reference_phone_and_address(client, request_):
    birth = {"day": "14", "month": "3", "year": "1985"}

    response = client.post(
        reverse("portal:track"), {"reference": request_.reference, **birth}, HTTP_ACCEPT_LANGUAGE="ar"
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert isolated(request_.reference, html) or isolated(format_reference(request_.reference), html)
    assert isolated("+212522112233", html)
    assert '<bdi dir="ltr">83</bdi>, Rue Al Massira' in html
    assert "15 يناير 2027" in html


def test_the_arabic_sms_keeps_the_reference_phone_and_address_isolated(request_):
    notify_services.message_templates_load()

    [message] = notify_services.notify_request_event(event=make_event(request=request_, to_status="info_requested"))

    assert f"{LRI}{format_reference(request_.reference)}{PDI}" in message.body
    assert f"{LRI}+212522112233{PDI}" in message.body


@pytest.mark.parametrize("language", ["fr", "en"])
def test_latin_sms_carry_no_isolates(person, centre, language):
    """GSM-7 has no room for them: a French or English SMS would be sent as UCS-2, in more parts."""
    notify_services.message_templates_load()
    request = make_request(person=person, centre=centre, language=language)

    [message] = notify_services.notify_request_event(event=make_event(request=request, to_status="info_requested"))

    assert format_reference(request.reference) in message.body
    assert LRI not in message.body and PDI not in message.body


def test_the_outbox_isolates_the_masked_phone(client, personas, request_):
    notify_services.message_templates_load()
    notify_services.notify_request_event(event=make_event(request=request_, to_status="approved"))
    client.force_login(personas["admin"])

    html = client.get(reverse("notify:outbox"), HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    assert re.search(r'<bdi dir="ltr">\+212•+344</bdi>', html), html
