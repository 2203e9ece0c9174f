"""Who sees what: every role against the associations, applications and children; disability details hidden."""

import pytest
from django.urls import reverse

from guichet.associations import selectors
from guichet.audit.models import AuditEntry
from guichet.common.exceptions import NotAllowed

REFUSED_ROLES = [
    "agent",
    "agent_rabat",
    "centre",
    "incubator",
    "centre_rabat",
    "steward",
    "supervisor_region",
    "supervisor_province",
    "supervisor_national",
]


@pytest.mark.parametrize("role", REFUSED_ROLES)
def test_other_roles_are_refused_every_page(client, personas, decided, associations, role):
    client.force_login(personas[role])
    urls = [
        reverse("associations:list"),
        reverse("associations:detail", args=[associations["casa"].pk]),
        reverse("associations:applications"),
        reverse("associations:application", args=[decided["application"].pk]),
        reverse("associations:unreported"),
        reverse("associations:file", args=[associations["casa"].pk, "statutes"]),
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
    with pytest.raises(NotAllowed):
        selectors.associations_visible(viewer=personas[role])


def test_anonymous_visitors_are_sent_to_login(client, decided):
    response = client.get(reverse("associations:application", args=[decided["application"].pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_manager_sees_only_its_own_association_children_and_applications(client, decided, associations):
    client.force_login(associations["rabat_manager"])
    assert client.get(reverse("associations:detail", args=[associations["casa"].pk])).status_code == 404
    assert client.get(reverse("associations:application", args=[decided["application"].pk])).status_code == 404
    assert client.get(reverse("associations:report", args=[decided["first"].pk, 1])).status_code == 404
    application_url = reverse("associations:application", args=[decided["application"].pk])
    removal = {"action": "child_remove", "child": decided["first"].pk, "confirm": "1"}
    assert client.post(application_url, removal).status_code == 404
    page = client.get(reverse("associations:list")).content.decode()
    assert associations["rabat"].name_fr in page and associations["casa"].name_fr not in page
    assert (
        decided["first"].person.family_name_latin
        not in client.get(reverse("associations:applications")).content.decode()
    )
    assert client.get(reverse("associations:unreported")).status_code == 403
    client.force_login(associations["casa_manager"])
    page = client.get(reverse("associations:application", args=[decided["application"].pk]))
    assert page.status_code == 200 and "El Idrissi" in page.content.decode()


def test_a_manager_cannot_decide_or_review(client, submitted, associations):
    client.force_login(associations["casa_manager"])
    child = submitted["first"]
    response = client.post(
        reverse("associations:application", args=[child.application_id]),
        {"action": "child_decide", "child": child.pk, f"c{child.pk}-version": 1, f"c{child.pk}-decision": "approved"},
    )
    assert response.status_code == 403
    response = client.post(
        reverse("associations:detail", args=[associations["casa"].pk]), {"action": "approve", "version": 1}
    )
    assert response.status_code in (400, 403)
    associations["casa"].refresh_from_db()


@pytest.mark.parametrize(
    ("officer", "sees_casa", "sees_rabat"),
    [
        ("officer", True, False),
        ("officer_settat", False, False),
        ("officer_rabat", False, True),
        ("officer_national", True, True),
    ],
)
def test_programme_officers_see_their_territory(
    client, officers, decided, associations, officer, sees_casa, sees_rabat
):
    client.force_login(officers[officer])
    for key, expected in (("casa", sees_casa), ("rabat", sees_rabat)):
        response = client.get(reverse("associations:detail", args=[associations[key].pk]))
        assert response.status_code == (200 if expected else 404)
    response = client.get(reverse("associations:application", args=[decided["application"].pk]))
    assert response.status_code == (200 if sees_casa else 404)


def test_administrators_see_everything(client, personas, decided, associations):
    client.force_login(personas["admin"])
    page = client.get(reverse("associations:list")).content.decode()
    assert associations["casa"].name_fr in page and associations["rabat"].name_fr in page
    assert client.get(reverse("associations:application", args=[decided["application"].pk])).status_code == 200


def test_officers_do_not_see_draft_applications(client, officers, associations):
    from guichet.associations import services_applications as services

    draft = services.application_create(
        actor=associations["casa_manager"], association=associations["casa"], school_year="2027-2028"
    )
    client.force_login(officers["officer"])
    assert client.get(reverse("associations:application", args=[draft.pk])).status_code == 404


def test_disability_details_are_shown_only_to_allowed_roles(client, personas, officers, decided, associations):
    url = reverse("associations:application", args=[decided["application"].pk])
    for user in (officers["officer"], associations["casa_manager"]):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "H-778899" not in page and "moderate" not in page.lower()
        assert "recorded" in page or "enregistré" in page
    client.force_login(personas["admin"])
    assert "H-778899" in client.get(url).content.decode()


def test_every_reading_of_the_children_is_audited(client, officers, decided):
    """Opening the application is one entry, about the application, naming every child read."""
    client.force_login(officers["officer"])
    before = AuditEntry.objects.filter(action=AuditEntry.Action.VIEW, actor=officers["officer"]).count()
    client.get(reverse("associations:application", args=[decided["application"].pk]))
    read = AuditEntry.objects.filter(action=AuditEntry.Action.VIEW, actor=officers["officer"]).count() - before
    assert read == 1
    entry = AuditEntry.objects.filter(actor=officers["officer"]).latest("seq")
    assert (entry.object_type, entry.object_id) == ("associations.schoolingapplication", str(decided["application"].pk))
    children = [decided["first"].person_id, decided["second"].person_id]
    assert entry.changes == {"children": [None, children]}


def test_the_application_page_does_not_grow_queries_with_children(
    client, officers, decided, django_assert_max_num_queries
):
    client.force_login(officers["officer"])
    with django_assert_max_num_queries(25):
        client.get(reverse("associations:application", args=[decided["application"].pk]))
