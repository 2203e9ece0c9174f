"""The import pages: list, send a file, the check result (bad rows, report, duplicates to decide), the progress,
the outcome; for data stewards and administrators only, in the reader's language."""

import csv
import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from guichet.audit.models import AuditEntry
from guichet.interop.imports.models import ImportJob
from guichet.registry.models import Person

from .files import checked, csv_bytes, imported, person_row

MAY_IMPORT = ["admin", "steward"]
OTHERS = [
    "agent",
    "centre",
    "supervisor_national",
    "coordinator",
    "facilitator",
    "programme_officer",
    "association_manager",
]


def test_the_pages_have_their_addresses():
    assert reverse("imports:list") == "/imports/"
    assert reverse("imports:new") == "/imports/new/"
    assert reverse("imports:detail", kwargs={"pk": 3}) == "/imports/3/"
    assert reverse("imports:report", kwargs={"pk": 3}) == "/imports/3/report.csv"


@pytest.mark.parametrize("role", OTHERS)
def test_other_roles_reach_no_import_page(client, personas, role):
    job = checked(personas["steward"], csv_bytes([person_row(phone="12")]))
    client.force_login(personas[role])
    for url in ("/imports/", "/imports/new/", f"/imports/{job.pk}/", f"/imports/{job.pk}/report.csv"):
        assert client.get(url).status_code == 403, url
    file = SimpleUploadedFile("p.csv", csv_bytes([person_row()]))
    assert client.post("/imports/new/", {"file": file}).status_code == 403
    assert client.post(f"/imports/{job.pk}/", {"action": "start"}).status_code == 403
    assert ImportJob.objects.count() == 1


@pytest.mark.parametrize("role", MAY_IMPORT)
def test_a_steward_or_administrator_sends_a_file_and_sees_it_being_checked(client, personas, role):
    client.force_login(personas[role])
    assert 'href="/imports/"' in client.get("/imports/new/").content.decode()  # the menu links to the imports

    response = client.post("/imports/new/", {"file": SimpleUploadedFile("famille.csv", csv_bytes([person_row()]))})

    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{job.pk}/"
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert "en vérification" in page and "hx-trigger" in page and '<noscript><meta http-equiv="refresh"' in page
    listing = client.get("/imports/").content.decode()
    assert "famille.csv" in listing and f'href="/imports/{job.pk}/"' in listing


def test_a_file_of_another_kind_is_refused_on_the_form(client, personas):
    client.force_login(personas["steward"])
    response = client.post("/imports/new/", {"file": SimpleUploadedFile("scan.pdf", b"%PDF-1.4 x")})
    assert response.status_code == 200
    assert "n'est ni un fichier CSV ni un classeur XLSX" in html.unescape(response.content.decode())
    assert not ImportJob.objects.exists()


def test_the_same_file_again_is_refused_on_the_form_with_the_import_named(client, personas):
    steward = personas["steward"]
    content = csv_bytes([person_row()])
    job = imported(steward, checked(steward, content))
    client.force_login(steward)
    response = client.post("/imports/new/", {"file": SimpleUploadedFile("again.csv", content)})
    assert f"Ce fichier a déjà été importé (import n° {job.pk})" in html.unescape(response.content.decode())
    assert ImportJob.objects.count() == 1 and Person.objects.count() == 1


def test_bad_rows_are_listed_page_by_page_and_the_report_reads_in_arabic(client, personas):
    rows = [person_row(cnie=f"BK{n}", phone="12") for n in range(60)]
    job = checked(personas["steward"], csv_bytes(rows))
    client.force_login(personas["admin"])

    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert "60 lignes ne peuvent pas être importées" in page and "Page 1 sur 2" in page
    assert "<code>phone</code>" in page and f'href="/imports/{job.pk}/report.csv"' in page
    assert "Page 2 sur 2" in client.get(f"/imports/{job.pk}/?page=2").content.decode()

    client.cookies["django_language"] = "ar"
    with translation.override("ar"):
        response = client.get(f"/imports/{job.pk}/report.csv", HTTP_ACCEPT_LANGUAGE="ar")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == ["السطر", "العمود", "السبب"]
    assert lines[1] == ["2", "phone", "رقم الهاتف هذا غير صالح."] and len(lines) == 61
    exported = AuditEntry.objects.get(action="export", object_type="imports.importjob", object_id=str(job.pk))
    assert exported.actor == personas["admin"] and exported.changes == {"report": [None, "60"]}


def test_the_steward_decides_on_the_page_then_starts_the_import(client, personas, people):
    steward = personas["steward"]
    same = person_row(
        given_name_latin="Fatima",
        family_name_latin="Bennani",
        given_name_ar="فاطمة",
        family_name_ar="بناني",
        birth_date="1985-03-14",
        commune="C-SETTAT",
    )
    job = checked(steward, csv_bytes([same, person_row(cnie="BK9")]))
    client.force_login(steward)

    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert "Doublons possibles" in page and people["settat"].social_id_display in page
    assert 'name="decision-2"' in page and "Il reste 1 ligne à décider." in page
    refused = client.post(f"/imports/{job.pk}/", {"action": "start"}, follow=True).content.decode()
    assert "Décidez d&#x27;abord" in refused and not Person.objects.filter(cnie="BK9").exists()

    client.post(f"/imports/{job.pk}/", {"action": "decide", "decision-2": "link"})
    response = client.post(f"/imports/{job.pk}/", {"action": "start"})

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING and job.duplicates.get().decision == "link"
    assert "import en cours" in client.get(f"/imports/{job.pk}/").content.decode()


def test_the_done_page_gives_the_counts(client, personas):
    steward = personas["steward"]
    job = imported(
        steward,
        checked(
            steward,
            csv_bytes(
                [
                    person_row(household="A", relationship="head"),
                    person_row(given_name_latin="Sara", birth_date="2011-01-05", household="A", relationship="child"),
                ]
            ),
        ),
    )
    client.force_login(steward)
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert "Importé" in page and "Personnes créées</dt><dd>2</dd>" in page and "Ménages créés</dt><dd>1</dd>" in page
    assert "hx-trigger" not in page


def test_the_page_of_an_import_in_progress_answers_htmx_with_its_fragment(client, personas):
    job = checked(personas["steward"], csv_bytes([person_row()]))
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, progress=40)
    client.force_login(personas["steward"])
    fragment = client.get(f"/imports/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.startswith('<div id="import"') and 'value="40"' in fragment and "<html" not in fragment


def test_the_list_is_paginated_with_a_fixed_number_of_queries(client, personas, django_assert_max_num_queries):
    steward = personas["steward"]
    for n in range(25):
        ImportJob.objects.create(
            created_by=steward,
            created_at=job_time(n),
            original_name=f"f{n}.csv",
            stored_name="x",
            sha256=str(n),
            file_format="csv",
        )
    client.force_login(steward)
    with django_assert_max_num_queries(12):
        page = client.get("/imports/").content.decode()
    assert "f0.csv" in page and "f19.csv" in page and "f20.csv" not in page and "Page 1 sur 2" in page


def job_time(n: int):
    import datetime

    from django.utils import timezone

    return timezone.now() - datetime.timedelta(minutes=n)
