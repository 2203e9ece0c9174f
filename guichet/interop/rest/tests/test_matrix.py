"""The API's permission matrix: clients of every scope against the persons and requests inside and outside it, for
every endpoint that reads or writes them, like the staff matrix (registry/tests/test_permissions.py). A client is
scoped exactly as a supervisor of its territory; a refused write changes nothing."""

import pytest

from guichet.accounts.models import ApiPermission
from guichet.cases.models import Request
from guichet.registry.models import DisabilityRecord, Person

pytestmark = pytest.mark.django_db

# Whether a client of each scope reaches the person living in Casablanca, in Settat (same region), in Rabat.
PERSONS = {
    "national": (True, True, True),
    "region_casa": (True, True, False),
    "casablanca": (True, False, False),
    "settat": (False, True, False),
    "rabat": (False, False, True),
}
PLACES = ("casa", "settat", "rabat")
# Whether it reaches the request handled by the Casablanca centre, by the Rabat centre.
REQUESTS = {
    "national": (True, True),
    "region_casa": (True, False),
    "casablanca": (True, False),
    "settat": (False, False),
    "rabat": (False, True),
}
CENTRES = ("casa", "rabat")


@pytest.mark.parametrize("scope", PERSONS)
@pytest.mark.parametrize("place", range(3))
def test_opening_a_file_follows_the_territory(call, scopes, people, scope, place):
    person = people[PLACES[place]]
    api = call(ApiPermission.READ_PERSONS, **scopes[scope])
    allowed = PERSONS[scope][place]
    for suffix in ("", "household/"):
        response = api.get(f"/api/v1/persons/{person.social_id}/{suffix}")
        assert response.status_code == (200 if allowed else 403)
        assert (person.family_name_latin in response.content.decode()) is allowed


@pytest.mark.parametrize("scope", PERSONS)
@pytest.mark.parametrize("place", range(3))
def test_updating_a_file_follows_the_territory_and_a_refusal_writes_nothing(call, scopes, people, scope, place):
    person = people[PLACES[place]]
    api = call(ApiPermission.READ_PERSONS, ApiPermission.WRITE_PERSONS, **scopes[scope])
    allowed = PERSONS[scope][place]
    response = api.patch(
        f"/api/v1/persons/{person.social_id}/update/", {"address": "12 rue X"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == (200 if allowed else 403)
    person.refresh_from_db()
    assert (person.address == "12 rue X") is allowed
    assert person.version == (2 if allowed else 1)


@pytest.mark.parametrize("scope", PERSONS)
@pytest.mark.parametrize("place", range(3))
def test_the_disability_record_follows_the_territory(call, scopes, people, scope, place):
    person = people[PLACES[place]]
    DisabilityRecord.objects.create(person=person, kind="motor", degree="moderate", notes="secret")
    api = call(ApiPermission.READ_PERSONS, ApiPermission.SEE_DISABILITY, **scopes[scope])
    response = api.get(f"/api/v1/persons/{person.social_id}/disability/")
    assert response.status_code == (200 if PERSONS[scope][place] else 403)
    assert "secret" not in response.content.decode()


@pytest.mark.parametrize("scope", PERSONS)
@pytest.mark.parametrize("place", range(3))
def test_filing_follows_the_territory(call, scopes, people, card, scope, place):
    person = people[PLACES[place]]
    api = call(ApiPermission.FILE_REQUESTS, **scopes[scope])
    documents = list(card.documents.values_list("pk", flat=True))
    body = {"person": person.social_id, "service": card.code, "language": "fr", "documents": documents}
    response = api.post("/api/v1/requests/create/", body, format="json")
    allowed = PERSONS[scope][place]
    assert response.status_code == (201 if allowed else 403)
    assert Request.objects.filter(person=person).count() == (1 if allowed else 0)


@pytest.mark.parametrize("scope", REQUESTS)
@pytest.mark.parametrize("place", range(2))
def test_reading_a_request_follows_the_territory_of_its_centre(call, scopes, filed, scope, place):
    request = filed[CENTRES[place]]
    api = call(ApiPermission.READ_REQUESTS, **scopes[scope])
    response = api.get(f"/api/v1/requests/{request.reference}/")
    assert response.status_code == (200 if REQUESTS[scope][place] else 403)


@pytest.mark.parametrize("scope", REQUESTS)
@pytest.mark.parametrize("place", range(2))
def test_changing_a_status_follows_the_territory_and_a_refusal_writes_nothing(call, scopes, filed, scope, place):
    request = filed[CENTRES[place]]
    api = call(ApiPermission.READ_REQUESTS, ApiPermission.UPDATE_REQUESTS, **scopes[scope])
    response = api.post(
        f"/api/v1/requests/{request.reference}/transition/", {"action": "approve"}, format="json", HTTP_IF_MATCH='"1"'
    )
    allowed = REQUESTS[scope][place]
    assert response.status_code == (200 if allowed else 403)
    request.refresh_from_db()
    assert request.status == ("approved" if allowed else "submitted")
    assert request.events.count() == (2 if allowed else 1)


@pytest.mark.parametrize("scope", REQUESTS)
@pytest.mark.parametrize("place", range(2))
def test_a_centres_queue_lists_only_the_requests_of_the_territory(call, scopes, filed, scope, place):
    request = filed[CENTRES[place]]
    api = call(ApiPermission.READ_REQUESTS, **scopes[scope])
    response = api.get(f"/api/v1/centres/{request.centre.code}/queue/")
    assert response.status_code == 200
    listed = [row["reference"] for row in response.json()["results"]]
    assert listed == ([request.reference] if REQUESTS[scope][place] else [])


@pytest.mark.parametrize("scope", PERSONS)
def test_search_is_national_but_names_social_ids_only_inside_the_territory(call, scopes, people, scope):
    api = call(ApiPermission.READ_PERSONS, **scopes[scope])
    for place, person in enumerate(people[name] for name in PLACES):
        rows = api.get("/api/v1/persons/", {"q": f"{person.given_name_latin} {person.family_name_latin}"}).json()
        row = next(row for row in rows["results"] if row["family_name_latin"] == person.family_name_latin)
        assert row["in_scope"] is PERSONS[scope][place]
        assert row["social_id"] == (person.social_id if PERSONS[scope][place] else None)
        assert set(row) == {
            "social_id",
            "given_name_latin",
            "family_name_latin",
            "given_name_ar",
            "family_name_ar",
            "birth_year",
            "commune",
            "in_scope",
        }


# Each endpoint and the permission it needs: a national client given every other permission is refused (403).
NEEDS = [
    ("get", "/api/v1/persons/?q=Mohamed", ApiPermission.READ_PERSONS),
    ("get", "/api/v1/persons/{social_id}/", ApiPermission.READ_PERSONS),
    ("get", "/api/v1/persons/{social_id}/household/", ApiPermission.READ_PERSONS),
    ("get", "/api/v1/persons/{social_id}/disability/", ApiPermission.SEE_DISABILITY),
    ("post", "/api/v1/persons/create/", ApiPermission.WRITE_PERSONS),
    ("patch", "/api/v1/persons/{social_id}/update/", ApiPermission.WRITE_PERSONS),
    ("post", "/api/v1/requests/create/", ApiPermission.FILE_REQUESTS),
    ("get", "/api/v1/requests/{reference}/", ApiPermission.READ_REQUESTS),
    ("post", "/api/v1/requests/{reference}/transition/", ApiPermission.UPDATE_REQUESTS),
    ("post", "/api/v1/requests/{reference}/transition/", ApiPermission.READ_REQUESTS),
    ("get", "/api/v1/centres/{centre}/queue/", ApiPermission.READ_REQUESTS),
]


@pytest.mark.parametrize(("method", "address", "permission"), NEEDS)
def test_each_endpoint_needs_its_permission(call, people, filed, method, address, permission):
    others = [value for value in ApiPermission.values if value != permission]
    api = call(*others)
    request = filed["casa"]
    url = address.format(social_id=people["casa"].social_id, reference=request.reference, centre=request.centre.code)
    before = (Person.objects.count(), Request.objects.count(), list(Person.objects.values_list("version", flat=True)))
    body = {"action": "approve", "address": "x"}
    response = getattr(api, method)(url, body, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 403, response.content
    assert response["Content-Type"] == "application/problem+json"
    after = (Person.objects.count(), Request.objects.count(), list(Person.objects.values_list("version", flat=True)))
    assert after == before
    request.refresh_from_db()
    assert request.status == "submitted"


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/persons/?q=Mohamed",
        "/api/v1/persons/{social_id}/",
        "/api/v1/requests/{reference}/",
        "/api/v1/centres/{centre}/queue/",
    ],
)
def test_no_token_is_401_and_the_public_endpoints_need_none(client, people, filed, address):
    request = filed["casa"]
    url = address.format(social_id=people["casa"].social_id, reference=request.reference, centre=request.centre.code)
    response = client.get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert people["casa"].family_name_latin not in response.content.decode()
    for public in (
        "/api/v1/services/",
        "/api/v1/centres/",
        "/api/v1/windows/",
        f"/api/v1/centres/{request.centre.code}/",
    ):
        assert client.get(public).status_code == 200
