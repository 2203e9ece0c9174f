"""The filtered audit log downloads as CSV: for a spreadsheet, in the reader's language, within the reader's
scope, no cell a spreadsheet would run, and the download is itself written in the log."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation

from guichet.audit.models import AuditEntry
from guichet.audit.tests.factories import AuditEntryFactory
from guichet.common import l10n


def download(client, language: str = "fr", **params):
    client.cookies["django_language"] = language
    return client.get(reverse("audit:export"), params)


def rows_of(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")  # the BOM: Excel reads accents and Arabic right
    return list(csv.reader(io.StringIO(body[1:])))


@pytest.fixture
def log(personas, people):
    """The agent opens the Casablanca file, a Rabat agent the Rabat one; a sign-in is tried as "=1+2"."""
    AuditEntryFactory(actor=personas["agent"], obj=people["casa"])
    AuditEntryFactory(actor=personas["agent_rabat"], obj=people["rabat"])
    AuditEntry.objects.create(actor=None, action="login_failed", object_type="accounts.user", object_id="=1+2")


def test_the_csv_has_the_story_and_the_raw_columns(client, personas, people, log):
    client.force_login(personas["admin"])
    response = download(client, action="view")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-')
    header, *rows = rows_of(response)
    assert header == [
        "Date et heure",
        "Auteur",
        "Nom d'utilisateur",
        "Ce qui s’est passé",
        "Action",
        "Type d’enregistrement",
        "Enregistrement",
        "Identifiant social de la personne",
        "Modifications",
        "Adresse IP d'origine",
        "Position",
    ]
    by_person = {row[7]: row for row in rows}
    assert set(by_person) == {people["casa"].social_id_display, people["rabat"].social_id_display}
    casa = by_person[people["casa"].social_id_display]
    assert casa[1] == personas["agent"].get_full_name() and casa[2] == "t_agent"
    assert casa[3] == f"Ouverture de la personne Mohamed El Idrissi ({people['casa'].social_id_display})"
    assert casa[4:7] == ["view", "registry.person", str(people["casa"].pk)]
    opened = AuditEntry.objects.get(action="view", person=people["casa"])
    with translation.override("fr"):
        assert casa[0] == l10n.format_datetime(opened.at)  # the page's one date-time format, day first


def test_the_csv_is_in_the_readers_language(client, personas, people, log):
    client.force_login(personas["admin"])
    header, *rows = rows_of(download(client, "ar", action="view", actor="t_agent_rabat"))
    assert header[3] == "ما حدث"
    assert [row[3] for row in rows] == [f"فتح الشخص يوسف العلوي ({people['rabat'].social_id_display})"]


def test_no_cell_is_a_formula(client, personas, log):
    client.force_login(personas["admin"])
    (row,) = rows_of(download(client, action="login_failed"))[1:]
    assert row[6] == "'=1+2"
    assert row[3] == "Échec de connexion avec le nom d’utilisateur =1+2"
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)


def test_the_export_is_written_in_the_log(client, personas, log):
    client.force_login(personas["supervisor_region"])
    rows = rows_of(download(client, action="view", date_from="2026-01-01"))[1:]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert entry.actor == personas["supervisor_region"]
    assert entry.changes == {"action": [None, "view"], "date_from": [None, "2026-01-01"], "rows": [None, "1"]}
    assert len(rows) == 1  # the export does not list itself
    # An administrator reads who exported what.
    client.force_login(personas["admin"])
    client.cookies["django_language"] = "fr"
    html = client.get(reverse("audit:list"), {"action": "export"}).content.decode()
    assert "Export de <bdi>" in html and "entrée du journal d’audit" in html
    assert "Filtre — <bdi>Action</bdi> : <bdi>consultation</bdi>" in html


def test_a_regional_readers_csv_has_only_their_region(client, personas, people, log):
    client.force_login(personas["supervisor_region"])
    rows = rows_of(download(client))[1:]
    assert [row[7] for row in rows] == [people["casa"].social_id_display]
    assert people["rabat"].social_id_display not in str(rows) and "Alaoui" not in str(rows)


def test_a_refused_filter_downloads_nothing_and_writes_nothing(client, personas, log):
    client.force_login(personas["admin"])
    response = download(client, date_from="2026-11-03", date_to="2026-11-01")
    assert response.status_code == 400 and "La date de fin est antérieure" in response.content.decode()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


@pytest.mark.parametrize("role", ["agent", "centre", "steward"])
def test_those_who_may_not_read_the_log_may_not_download_it(client, personas, log, role):
    client.force_login(personas[role])
    assert download(client).status_code == 403
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()
