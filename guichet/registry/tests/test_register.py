"""Registering a person at the window: consent, household, look-alikes, and every field checked."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from guichet.audit.models import AuditEntry
from guichet.common.checkdigit import damm_is_valid
from guichet.registry.models import Consent, Membership, Person, Relationship


@pytest.fixture
def form_data(territory):
    return {
        "given_name_latin": "Khadija",
        "family_name_latin": "Chraibi",
        "given_name_ar": "خديجة",
        "family_name_ar": "الشرايبي",
        "sex": "F",
        "birth_date": "1990-05-02",
        "birth_year": "",
        "cnie": "bk 654 321",
        "idcs": "9876543210",
        "phone": "06 61 23 45 67",
        "commune": territory["anfa"].pk,
        "address": "12 rue des Orangers",
        "head_social_id": "",
        "relationship": "head",
        "consent_given_on": timezone.localdate().isoformat(),
        "consent_purposes": ["registration", "messages"],
    }


def test_agent_registers_a_person(client, personas, form_data):
    client.force_login(personas["agent"])
    response = client.post(reverse("registry:create"), form_data)
    person = Person.objects.get(family_name_latin="Chraibi")
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:detail", args=[person.social_id])
    assert damm_is_valid(person.social_id) and len(person.social_id) == 9
    assert person.cnie == "BK654321"
    assert person.phone == "+212661234567"
    assert person.region_id == personas["agent"].window.commune.province.region_id
    assert set(person.consents.values_list("purpose", flat=True)) == {"registration", "messages"}
    assert person.consents.first().recorded_by == personas["agent"]
    membership = Membership.objects.get(person=person)
    assert membership.relationship == Relationship.HEAD
    entry = AuditEntry.objects.get(action="create", person=person)
    assert entry.actor == personas["agent"] and entry.changes["cnie"] == [None, "BK654321"]


def test_year_only_birth_is_marked_approximate(client, personas, form_data):
    client.force_login(personas["agent"])
    client.post(reverse("registry:create"), {**form_data, "birth_date": "", "birth_year": "1962"})
    person = Person.objects.get(family_name_latin="Chraibi")
    assert person.birth_date == datetime.date(1962, 1, 1) and person.birth_date_approximate


def test_joining_an_existing_household(client, personas, people, form_data):
    client.force_login(personas["agent"])
    head = people["casa"]
    data = {**form_data, "head_social_id": head.social_id_display, "relationship": "spouse"}
    client.post(reverse("registry:create"), data)
    person = Person.objects.get(family_name_latin="Chraibi")
    assert Membership.objects.get(person=person).household == Membership.objects.get(person=head).household
    html = client.get(reverse("registry:detail", args=[head.social_id])).content.decode()
    assert "Khadija" in html


BAD_FIELDS = [
    ("cnie", "12345", "cnie"),
    ("idcs", "123456789", "idcs"),
    ("phone", "12", "phone"),
    ("birth_date", "2999-01-01", "birth_date"),
    ("birth_date", "not a date", "birth_date"),
    ("sex", "X", "sex"),
    ("commune", "999999", "commune"),
    ("consent_purposes", ["sharing"], "consent_purposes"),
    ("relationship", "child", "head_social_id"),
    ("head_social_id", "123 456 789", "head_social_id"),
]


@pytest.mark.parametrize(("field", "value", "error_field"), BAD_FIELDS)
def test_bad_input_names_the_field_and_saves_nothing(client, personas, form_data, field, value, error_field):
    client.force_login(personas["agent"])
    response = client.post(reverse("registry:create"), {**form_data, field: value})
    assert response.status_code == 200
    assert error_field in response.context["form"].errors
    assert f'id="id_{error_field}_error"' in response.content.decode()
    assert not Person.objects.filter(family_name_latin="Chraibi").exists()
    assert not AuditEntry.objects.filter(action="create").exists()


def test_names_in_neither_script_are_refused(client, personas, form_data):
    client.force_login(personas["agent"])
    data = {**form_data, "given_name_latin": "", "given_name_ar": "", "family_name_ar": ""}
    response = client.post(reverse("registry:create"), data)
    assert "given_name_latin" in response.context["form"].errors
    assert Person.objects.count() == 0


def test_missing_birth_date_and_year(client, personas, form_data):
    client.force_login(personas["agent"])
    response = client.post(reverse("registry:create"), {**form_data, "birth_date": "", "birth_year": ""})
    assert "birth_date" in response.context["form"].errors


def test_messages_are_translated(client, personas, form_data):
    client.force_login(personas["agent"])
    client.cookies["django_language"] = "ar"
    html = client.post(reverse("registry:create"), {**form_data, "idcs": "12"}).content.decode()
    assert "10" in html and 'dir="rtl"' in html
    client.cookies["django_language"] = "fr"
    html = client.post(reverse("registry:create"), {**form_data, "idcs": "12"}).content.decode()
    assert "chiffres" in html


def test_duplicate_cnie_is_refused_on_the_field(client, personas, people, form_data):
    client.force_login(personas["agent"])
    response = client.post(reverse("registry:create"), {**form_data, "cnie": "BE123456", "confirm_distinct": "on"})
    assert "cnie" in response.context["form"].errors
    assert not Person.objects.filter(family_name_latin="Chraibi").exists()


def test_lookalikes_are_shown_before_saving(client, personas, people, form_data):
    client.force_login(personas["agent"])
    data = {
        **form_data,
        "given_name_latin": "Mohammed",
        "family_name_latin": "Idrissi",
        "given_name_ar": "",
        "family_name_ar": "",
        "sex": "M",
        "birth_date": "1985-06-01",
        "cnie": "",
        "idcs": "",
    }
    response = client.post(reverse("registry:create"), data)
    assert response.status_code == 200
    assert people["casa"].social_id in [row["social_id"] for row in response.context["lookalikes"]]
    assert reverse("registry:detail", args=[people["casa"].social_id]) in response.content.decode()
    assert Person.objects.count() == 3
    response = client.post(reverse("registry:create"), {**data, "confirm_distinct": "on"})
    assert response.status_code == 302
    assert Person.objects.count() == 4


def test_consent_recorded_by_whom_and_when(client, personas, form_data):
    client.force_login(personas["agent"])
    day = (timezone.localdate() - datetime.timedelta(days=2)).isoformat()
    client.post(reverse("registry:create"), {**form_data, "consent_given_on": day})
    consent = Consent.objects.get(purpose="registration")
    assert consent.given_on.isoformat() == day and consent.recorded_by == personas["agent"]
