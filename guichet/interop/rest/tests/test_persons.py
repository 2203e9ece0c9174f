"""Persons through the API: what a client sees, registers and changes, every call in the audit log under the
client's name, bad input named field by field in the caller's language, a stale write refused (412)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guichet.accounts.models import ApiPermission
from guichet.audit.models import AuditEntry
from guichet.registry import services as registry_services
from guichet.registry.models import Consent, DisabilityRecord, Membership, Person

pytestmark = pytest.mark.django_db

NEW = {
    "given_name_latin": "Khadija",
    "family_name_latin": "Ouazzani",
    "sex": "F",
    "birth_date": "1992-05-04",
    "commune": "C-ANFA",
    "consent_given_on": "2026-01-05",
    "consent_purposes": ["registration", "messages"],
}


def _entries(api):
    return AuditEntry.objects.filter(actor=api.api_client.user)


def test_opening_a_file_returns_its_version_and_is_audited_once_under_the_clients_name(call, people):
    api = call(ApiPermission.READ_PERSONS, name="Registre social unifié")
    person = people["casa"]
    response = api.get(f"/api/v1/persons/{person.social_id}/")
    assert response.status_code == 200
    assert response["ETag"] == '"1"'
    assert response.json()["cnie"] == "BE123456" and "disability" not in response.json()
    entry = _entries(api).get()
    assert (entry.action, entry.person_id) == (AuditEntry.Action.VIEW, person.pk)
    assert entry.actor.first_name == "Registre social unifié"


def test_opening_a_file_costs_a_few_queries(call, people):
    api = call(ApiPermission.READ_PERSONS)
    url = f"/api/v1/persons/{people['casa'].social_id}/"
    assert api.get(url).status_code == 200  # a client calls again and again
    with CaptureQueriesContext(connection) as queries:
        assert api.get(url).status_code == 200
    # The token, the person with their commune, province and region, the audit entry (chained to the last one).
    assert len(queries) <= 4, [query["sql"] for query in queries]


def test_a_search_by_name_is_one_audit_entry_and_by_identifier_one_per_person_found(call, people):
    api = call(ApiPermission.READ_PERSONS)
    assert api.get("/api/v1/persons/", {"q": "Mohamed El Idrissi"}).json()["count"] == 1
    assert list(_entries(api).values_list("action", "person_id")) == [(AuditEntry.Action.SEARCH, None)]
    found = api.get("/api/v1/persons/", {"q": "BE123456"}).json()
    assert found["results"][0]["social_id"] == people["casa"].social_id
    entry = _entries(api).exclude(person=None).get()
    assert entry.person_id == people["casa"].pk and "BE123456" not in str(entry.changes)


def test_a_search_matching_too_many_persons_asks_for_more(call, people, settings):
    settings.GUICHET_SEARCH_MAX_MATCHES = 1
    api = call(ApiPermission.READ_PERSONS)
    Person.objects.filter(pk=people["settat"].pk).update(given_name_latin="Mohamed")
    registry_services.person_name_keys_write(Person.objects.get(pk=people["settat"].pk))
    response = api.get("/api/v1/persons/", {"q": "Mohamed"})
    assert response.status_code == 400
    assert "q" in response.json()["errors"]


def test_a_client_registers_a_person_with_consent_audited_under_its_name(call, territory):
    api = call(ApiPermission.WRITE_PERSONS, province=territory["casablanca"])
    response = api.post("/api/v1/persons/create/", NEW, format="json")
    assert response.status_code == 201, response.content
    person = Person.objects.get(social_id=response.json()["social_id"])
    assert response["ETag"] == '"1"'
    assert person.created_by == api.api_client.user and person.province == territory["casablanca"]
    assert set(Consent.objects.filter(person=person).values_list("purpose", flat=True)) == {"registration", "messages"}
    assert Membership.objects.get(person=person).relationship == "head"
    assert list(_entries(api).values_list("action", flat=True)) == [AuditEntry.Action.CREATE]


def test_a_client_joins_a_person_to_a_household(call, people):
    api = call(ApiPermission.WRITE_PERSONS)
    body = {**NEW, "head_social_id": people["casa"].social_id, "relationship": "spouse"}
    response = api.post("/api/v1/persons/create/", body, format="json")
    assert response.status_code == 201, response.content
    members = api.get(f"/api/v1/persons/{people['casa'].social_id}/household/")
    assert members.status_code == 403  # write_persons alone: opening files needs read_persons as well
    reader = call(ApiPermission.READ_PERSONS)
    household = reader.get(f"/api/v1/persons/{people['casa'].social_id}/household/").json()
    assert [member["relationship"] for member in household["members"]] == ["head", "spouse"]


@pytest.mark.parametrize(
    ("language", "words"),
    [("fr", "La date de naissance"), ("ar", "تاريخ"), ("en", "date of birth")],
)
def test_bad_input_names_each_field_in_the_callers_language_and_writes_nothing(call, language, words):
    api = call(ApiPermission.WRITE_PERSONS)
    body = {**NEW, "birth_date": "2999-01-01", "phone": "12", "consent_purposes": ["messages"], "commune": "C-ANFA"}
    response = api.post("/api/v1/persons/create/", body, format="json", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert {"birth_date", "phone", "consent_purposes"} <= set(errors)
    assert words.lower() in errors["birth_date"][0].lower()
    assert not Person.objects.filter(family_name_latin="Ouazzani").exists()
    assert not _entries(api).exists()


def test_an_unknown_commune_and_a_missing_field_are_named(call):
    api = call(ApiPermission.WRITE_PERSONS)
    response = api.post("/api/v1/persons/create/", {**NEW, "commune": "NOWHERE"}, format="json")
    assert response.json()["errors"] == {"commune": ["No commune has this code."]}
    body = {key: value for key, value in NEW.items() if key != "sex"}
    assert set(api.post("/api/v1/persons/create/", body, format="json").json()["errors"]) == {"sex"}


def test_a_person_already_registered_is_refused_unless_confirmed(call, people):
    api = call(ApiPermission.WRITE_PERSONS)
    casa = people["casa"]
    body = {
        **NEW,
        "given_name_latin": casa.given_name_latin,
        "family_name_latin": casa.family_name_latin,
        "sex": "M",
        "birth_date": casa.birth_date.isoformat(),
    }
    response = api.post("/api/v1/persons/create/", body, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"confirm_distinct"}
    assert casa.social_id not in response.content.decode()
    assert api.post("/api/v1/persons/create/", {**body, "confirm_distinct": True}, format="json").status_code == 201


def test_an_update_needs_the_version_read_and_a_stale_one_writes_nothing(call, people, personas):
    api = call(ApiPermission.READ_PERSONS, ApiPermission.WRITE_PERSONS)
    person = people["casa"]
    url = f"/api/v1/persons/{person.social_id}/update/"
    missing = api.patch(url, {"address": "1 rue A"}, format="json")
    assert missing.status_code == 428 and missing["Content-Type"] == "application/problem+json"
    registry_services.person_update(
        actor=personas["agent"], person=Person.objects.get(pk=person.pk), expected_version=1, data={"address": "agent"}
    )
    stale = api.patch(url, {"address": "1 rue A"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    assert api.patch(url, {"address": "1 rue A"}, format="json", HTTP_IF_MATCH="nonsense").status_code == 412
    person.refresh_from_db()
    assert (person.address, person.version) == ("agent", 2)
    assert not _entries(api).exists()
    fresh = api.get(f"/api/v1/persons/{person.social_id}/")
    done = api.patch(url, {"address": "1 rue A", "birth_year": 1980}, format="json", HTTP_IF_MATCH=fresh["ETag"])
    assert done.status_code == 200, done.content
    assert done["ETag"] == '"3"'
    assert (done.json()["birth_date"], done.json()["birth_date_approximate"]) == ("1980-01-01", True)
    assert done.json()["given_name_latin"] == "Mohamed"  # what was not sent stays
    assert list(_entries(api).values_list("action", flat=True).order_by("pk")) == ["view", "update"]


def test_the_disability_record_only_with_its_permission_audited_as_sensitive(call, people):
    person = people["casa"]
    DisabilityRecord.objects.create(person=person, kind="visual", degree="severe", card_number="H-9", notes="private")
    assert call(ApiPermission.READ_PERSONS).get(f"/api/v1/persons/{person.social_id}/disability/").status_code == 403
    api = call(ApiPermission.READ_PERSONS, ApiPermission.SEE_DISABILITY)
    response = api.get(f"/api/v1/persons/{person.social_id}/disability/")
    assert response.json() == {"version": 1, "kind": "visual", "degree": "severe", "card_number": "H-9"}
    assert list(_entries(api).values_list("action", flat=True)) == [AuditEntry.Action.VIEW_SENSITIVE]
    assert "private" not in api.get(f"/api/v1/persons/{person.social_id}/").content.decode()
