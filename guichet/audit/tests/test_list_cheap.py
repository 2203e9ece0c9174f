"""The audit log counts its entries only up to a cap: past it, the page says "more than …" and asks for dates."""

import pytest
from django.urls import reverse
from django.utils import translation

from guichet.audit import views
from guichet.audit.listed import listed
from guichet.audit.models import AuditEntry
from guichet.audit.story import actor_label, describe
from guichet.audit.tests.factories import AuditEntryFactory


@pytest.fixture
def log(personas, people):
    for _ in range(60):
        AuditEntryFactory(actor=personas["agent"], obj=people["casa"])


def test_past_the_cap_the_log_says_more_than_and_asks_for_dates(client, personas, log, monkeypatch):
    monkeypatch.setattr(views, "COUNT_CAP", 50)  # one page of 50
    client.force_login(personas["admin"])
    html = client.get(reverse("audit:list"), headers={"Accept-Language": "fr"}).content.decode()
    assert "Plus de 50 entrées : indiquez des dates pour voir les plus anciennes." in html
    assert html.count('<ul class="story">') == 50
    html = client.get(reverse("audit:list"), headers={"Accept-Language": "ar"}).content.decode()
    assert "أكثر من 50 قيد" in html


def test_under_the_cap_the_log_pages_with_its_total(client, personas, log):
    client.force_login(personas["admin"])
    html = client.get(reverse("audit:list"), headers={"Accept-Language": "en"}).content.decode()
    assert "More than" not in html and "Page 1 of 2" in html


def test_each_row_says_who_what_whose_and_from_where_escaped(client, personas, people, django_assert_num_queries):
    """The rows are written in Python (audit/rows.py): names are escaped there, an actor with a name shows their
    username beside it, one without shows the username alone, a failed login has no actor."""
    person = people["casa"]
    person.given_name_latin, person.family_name_latin = "<i>Amal</i>", "O'Neil"
    person.save()
    agent = personas["agent"]
    agent.first_name, agent.last_name = "Nadia", "<Chraibi>"
    agent.save()
    AuditEntryFactory(actor=agent, obj=person, ip_address="10.1.2.3")
    nameless = personas["centre"]
    nameless.first_name = nameless.last_name = ""
    nameless.save()
    AuditEntryFactory(actor=nameless, obj=person)
    AuditEntryFactory(actor=None, obj=None, action="login_failed")
    client.force_login(personas["admin"])
    # Session, user, count, the entries with their actor and person (audit/listed.py: what the rows show, no more).
    # The records they are about are persons, each the entry's own person, named from it: no read of names
    # (another record type would be read in one query per type, audit/story.py).
    with django_assert_num_queries(4):
        html = client.get(reverse("audit:list"), headers={"Accept-Language": "en"}).content.decode()
    assert "<i>Amal</i>" not in html and "<Chraibi>" not in html
    assert f'&lt;i&gt;Amal&lt;/i&gt; O&#x27;Neil <bdi dir="ltr">{person.social_id_display}</bdi>' in html
    assert f'<td>Nadia &lt;Chraibi&gt; <span class="muted">(<bdi dir="ltr">{agent.username}</bdi>)</span></td>' in html
    assert f"<td>{nameless.username}</td>" in html
    assert "<td>not signed in</td>" in html and '<td dir="ltr">10.1.2.3</td>' in html
    assert html.count('<td dir="ltr">—</td>') >= 2


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_an_entry_listed_as_a_row_tells_the_story_of_the_entry_read_whole(personas, people, language):
    """audit/listed.py reads the list's columns as tuples: each story, actor, person and address is the one the
    model instance gives, in each language (the person's name in Arabic script on an Arabic page)."""
    person = people["casa"]
    person.given_name_ar, person.family_name_ar = "محمد", "الإدريسي"
    person.save()
    AuditEntryFactory(actor=personas["agent"], obj=person, ip_address="10.1.2.3")
    AuditEntryFactory(actor=personas["admin"], obj=person, action="update", changes={"sex": ["M", "F"]})
    AuditEntryFactory(actor=None, obj=None, action="login_failed")
    AuditEntryFactory(actor=personas["centre"], obj=None, action="export", changes={"rows": [None, "3"]})
    whole = AuditEntry.objects.select_related("actor", "person").order_by("seq")
    with translation.override(language):
        expected = [
            (s.text(), actor_label(s.entry), s.entry.person and s.entry.person.full_name, s.entry.ip_address)
            for s in describe(whole)
        ]
        found = [
            (s.text(), actor_label(s.entry), s.entry.person and s.entry.person.full_name, s.entry.ip_address)
            for s in describe(listed(whole))
        ]
    assert found == expected and len(found) == 4
    assert [entry.get_action_display() for entry in listed(whole)] == [e.get_action_display() for e in whole]
    if language == "ar":
        assert expected[0][2] == "محمد الإدريسي"


@pytest.mark.parametrize(("persona", "index"), [("supervisor_region", "region"), ("supervisor_province", "province")])
def test_a_supervisors_count_and_page_can_be_read_from_the_index_alone(personas, log, persona, index):
    """The entries a supervisor may read (none that tells a disability) are those of a partial index of their
    territory: PostgreSQL can count them up to the cap and page them without reading the table, however long the
    log. Checked by forbidding it any other way: the selector's conditions must still match the index's."""
    from django.db import connection

    from guichet.audit.selectors import audit_entries

    if connection.vendor != "postgresql":
        pytest.skip("the plan is PostgreSQL's")
    entries = audit_entries(viewer=personas[persona])
    with connection.cursor() as cursor:  # every other way forbidden, in this test's transaction (rolled back)
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'audit_auditentry' AND indexname NOT LIKE %s "
            "AND indexdef NOT LIKE %s",
            ["%_open_idx", "CREATE UNIQUE%"],
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{name}"')
    counted = entries.values("pk")[: views.COUNT_CAP + 1].explain()
    paged = entries.values("pk", "at")[:50].explain()
    assert f"using audit_entry_{index}_open_idx" in counted
    assert f"using audit_entry_{index}_open_idx" in paged
