"""The landing pages' matrix: every role against every page, and anonymous visitors sent to sign in."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ALLOWED = {
    "desk:window": {"agent", "agent_rabat"},
    "desk:territory": {"supervisor_region", "supervisor_province", "supervisor_national", "admin"},
    "desk:registry": {"steward", "admin"},
    "desk:network": {"admin"},
}
PERSONAS = (
    "admin",
    "steward",
    "agent",
    "agent_rabat",
    "centre",
    "incubator",
    "centre_rabat",
    "supervisor_region",
    "supervisor_province",
    "supervisor_national",
    "coordinator",
    "facilitator",
    "programme_officer",
    "association_manager",
)


@pytest.mark.parametrize("page", sorted(ALLOWED))
def test_every_role_against_every_landing_page(client, personas, page):
    for persona in PERSONAS:
        client.force_login(personas[persona])
        expected = 200 if persona in ALLOWED[page] else 403
        assert client.get(reverse(page)).status_code == expected, (page, persona)


@pytest.mark.parametrize("page", sorted(ALLOWED))
def test_an_anonymous_visitor_is_sent_to_sign_in(client, db, page):
    response = client.get(reverse(page))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
