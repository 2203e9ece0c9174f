"""Scoping of the review pages: stewards and administrators only; every page and every post refused to the others."""

import pytest
from django.urls import reverse

from guichet.identity.models import Merge, PairDecision
from guichet.identity.services import person_merge

from .conftest import rows_touching
from .proposals import propose

ALLOWED = {"steward", "admin"}
ROLES = (
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


@pytest.fixture
def pages(personas, twins, people):
    propose(twins.survivor, twins.absorbed)
    merge = person_merge(
        actor=personas["steward"],
        survivor=people["settat"],
        absorbed=people["rabat"],
        survivor_version=people["settat"].version,
        absorbed_version=people["rabat"].version,
    )
    return {
        "queue": reverse("identity:queue"),
        "pair": reverse("identity:pair", args=[twins.survivor.social_id, twins.absorbed.social_id]),
        "merge": reverse("identity:merge", args=[merge.pk]),
    }


@pytest.mark.parametrize("role", ROLES)
def test_every_role_against_every_review_page(client, personas, pages, role):
    client.force_login(personas[role])
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == (200 if role in ALLOWED else 403), (name, role)
        if role not in ALLOWED:
            assert "Mohammed" not in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_sign_in(client, pages):
    for url in pages.values():
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    for url, data in (
        (pages["pair"], {"action": "decide", "decision": "same"}),
        (pages["merge"], {"action": "unmerge"}),
    ):
        assert client.post(url, data).status_code == 302
    assert not PairDecision.objects.exists()


@pytest.mark.parametrize("role", [role for role in ROLES if role not in ALLOWED])
def test_no_other_role_decides_merges_or_unmerges_through_the_pages(client, personas, twins, pages, role):
    before = rows_touching(twins.survivor, twins.absorbed)
    client.force_login(personas[role])
    posts = [
        (pages["pair"], {"action": "decide", "decision": "not_same"}),
        (
            pages["pair"],
            {
                "action": "merge",
                "confirm": "1",
                "survivor": "first",
                "version_first": twins.survivor.version,
                "version_second": twins.absorbed.version,
            },
        ),
        (pages["merge"], {"action": "unmerge", "confirm": "1"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, (url, role)
    assert not PairDecision.objects.exists()
    assert Merge.objects.filter(undone_at__isnull=True).count() == 1
    assert rows_touching(twins.survivor, twins.absorbed) == before
