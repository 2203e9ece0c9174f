"""The audit log's filters: dates, who, action, record type and record; a refused filter says why, in the
reader's language, and is not applied; the scope of each reader is unchanged."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from guichet.audit.models import AuditEntry
from guichet.audit.tests.factories import AuditEntryFactory
from guichet.cases.tests.factories import RequestFactory
from guichet.common.checkdigit import damm_check_digit

REFERENCE = "123456789" + damm_check_digit("123456789")


def entry(actor, action: str, obj, person, day: int, changes: dict | None = None) -> AuditEntry:
    """An entry as audit_record writes it (about `person`, in their territory), dated `day` November 2026."""
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        person=person,
        scope_region_id=person.region_id,
        scope_province_id=person.province_id,
        changes=changes or {},
        at=timezone.make_aware(datetime.datetime(2026, 11, day, 23, 30)),
    )


@pytest.fixture
def log(personas, people):
    """Entries on three days, by three staff members, about a request and two persons."""
    casa, rabat = people["casa"], people["rabat"]
    request = RequestFactory(reference=REFERENCE, person=casa)
    entry(personas["agent"], "view", casa, casa, 1)
    entry(personas["centre"], "update", request, casa, 2, {"status": ["submitted", "approved"]})
    entry(personas["agent_rabat"], "view", rabat, rabat, 3)
    return {"request": request}


def listed(client, **params) -> set[str]:
    """Which of the log's entries the page lists, by what their stories say (sign-ins of the test left out)."""
    client.cookies["django_language"] = "en"
    html = client.get(reverse("audit:list"), params).content.decode()
    found = set()
    for story in re.findall(r'<ul class="story">(.*?)</ul>', html, flags=re.S):
        story = re.sub(r"<[^>]+>", "", story)
        if story.startswith("Sign-in of"):
            continue
        if "Status of the request" in story:
            found.add("centre_changes_request")
        elif story.startswith("Opening of the person Mohamed El Idrissi"):
            found.add("agent_opens_casa")
        elif story.startswith("Opening of the person Youssef Alaoui"):
            found.add("agent_opens_rabat")
        else:
            found.add(story)
    return found


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"agent_opens_casa", "centre_changes_request", "agent_opens_rabat"}),
        # Local days: 23:30 in Casablanca on the 2nd is still the 2nd, whatever UTC says.
        ({"date_from": "2026-11-02"}, {"centre_changes_request", "agent_opens_rabat"}),
        ({"date_to": "2026-11-02"}, {"agent_opens_casa", "centre_changes_request"}),
        ({"date_from": "2026-11-02", "date_to": "2026-11-02"}, {"centre_changes_request"}),
        ({"action": "update"}, {"centre_changes_request"}),
        ({"actor": "t_agent"}, {"agent_opens_casa", "agent_opens_rabat"}),
        ({"actor": "t_agent_rabat"}, {"agent_opens_rabat"}),
        ({"object_type": "cases.request"}, {"centre_changes_request"}),
        ({"object_ref": f"{REFERENCE[:5]} {REFERENCE[5:]}"}, {"centre_changes_request"}),
        ({"object_type": "registry.person", "object_ref": f"{REFERENCE[:5]} {REFERENCE[5:]}"}, set()),
    ],
)
def test_filters_narrow_the_list(client, personas, log, params, expected):
    client.force_login(personas["admin"])
    assert listed(client, **params) == expected


def test_actor_is_found_by_name(client, personas, log):
    agent = personas["agent_rabat"]
    client.force_login(personas["admin"])
    assert listed(client, actor=f"{agent.first_name} {agent.last_name}".lower()) == {"agent_opens_rabat"}


def test_a_record_is_found_by_social_id_or_number(client, personas, people, log):
    client.force_login(personas["admin"])
    assert listed(client, object_ref=people["rabat"].social_id_display) == {"agent_opens_rabat"}
    assert listed(client, object_type="cases.request", object_ref=str(log["request"].pk)) == {"centre_changes_request"}


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fr", "La date de fin est antérieure à la date de début."),
        ("ar", "تاريخ النهاية سابق لتاريخ البداية."),
        ("en", "The end date is before the start date."),
    ],
)
def test_a_refused_filter_says_why_and_is_not_applied(client, personas, log, language, message):
    client.force_login(personas["admin"])
    client.cookies["django_language"] = language
    response = client.get(reverse("audit:list"), {"date_from": "2026-11-03", "date_to": "2026-11-01"})
    html = response.content.decode()
    assert message in html and 'id="error-summary"' in html
    assert 'href="#id_date_to"' in html  # the summary leads to the field
    assert listed(client, date_from="2026-11-03", date_to="2026-11-01") >= {"agent_opens_rabat"}


def test_a_mistyped_social_id_is_refused(client, personas, log):
    client.force_login(personas["admin"])
    client.cookies["django_language"] = "fr"
    html = client.get(reverse("audit:list"), {"person": "123 456 78"}).content.decode()
    assert "Ce n’est pas un identifiant social valide" in html


def test_filters_keep_their_scope(client, personas, log):
    """A regional supervisor filtering on a person of another region finds nothing, not that person's entries."""
    client.force_login(personas["supervisor_region"])
    assert listed(client, actor="t_agent_rabat") == set()
    assert listed(client) == {"agent_opens_casa", "centre_changes_request"}


def test_the_pages_keep_the_filters(client, personas, people):
    for _ in range(60):
        AuditEntryFactory(actor=personas["agent"], obj=people["casa"])
    client.force_login(personas["admin"])
    html = client.get(reverse("audit:list"), {"action": "view"}).content.decode()
    assert 'href="?action=view&amp;page=2"' in html
    page_two = client.get(reverse("audit:list"), {"action": "view", "page": 2}).content.decode()
    assert page_two.count('<ul class="story">') == 10


def test_the_disability_record_type_is_not_offered_to_those_who_may_not_see_it(client, personas):
    client.force_login(personas["supervisor_national"])
    assert "registry.disabilityrecord" not in client.get(reverse("audit:list")).content.decode()
    client.force_login(personas["admin"])
    assert "registry.disabilityrecord" in client.get(reverse("audit:list")).content.decode()


def test_the_blank_filters_are_in_each_readers_language(client, personas):
    """Written once per process for each language (the fragment cache): a reader of another language never gets
    the labels or record types of the one before."""
    client.force_login(personas["admin"])
    expected = {"fr": ("Type d’enregistrement", "Du"), "ar": ("نوع السجل", "من"), "en": ("Record type", "From")}
    for _round in range(2):
        for language, labels in expected.items():
            html = client.get(reverse("audit:list"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
            kind, start = labels
            assert f'<label for="id_object_type">{kind}</label>' in html, language
            assert f'<label for="id_date_from">{start}</label>' in html, language
