"""The imports' API: a client system given the import permission sends a file, reads the problems and the flagged
rows, decides, starts; the real worker checks and imports. Others are refused; a client sees only its imports."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from guichet.accounts.models import ApiPermission
from guichet.interop.imports import runner
from guichet.interop.imports.models import ImportJob
from guichet.notify.tests.test_worker import run_worker_once
from guichet.registry.models import Person

from .files import checked, csv_bytes, person_row

URL = "/api/v1/imports/"


@pytest.fixture(autouse=True)
def _api_settings(settings):
    settings.LANGUAGE_CODE = "en"
    cache.clear()  # the rate limiter's counters


@pytest.fixture
def call(api_clients):
    def make(*permissions: str, **scope) -> APIClient:
        client, token = api_clients(*permissions, **scope)
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        api.api_client = client
        return api

    return make


def _file(rows) -> SimpleUploadedFile:
    return SimpleUploadedFile("persons.csv", csv_bytes(rows), content_type="text/csv")


@pytest.mark.django_db(transaction=True)
def test_a_client_imports_a_file_through_the_api_and_the_worker(call, people, territory):
    api = call(ApiPermission.IMPORT_PERSONS, region=territory["casa_settat"])
    same = person_row(
        given_name_latin="Fatima",
        family_name_latin="Bennani",
        given_name_ar="فاطمة",
        family_name_ar="بناني",
        birth_date="1985-03-14",
        commune="C-SETTAT",
    )
    sent = api.post(URL, {"file": _file([person_row(cnie="BK1"), same])}, format="multipart")
    assert sent.status_code == 202 and sent.json()["status"] == "checking"
    job_url = sent["Location"]
    assert job_url == f"{URL}{sent.json()['id']}/"

    run_worker_once()
    assert api.get(job_url).json()["status"] == "ready"
    flagged = api.get(f"{job_url}duplicates/").json()
    assert flagged["count"] == 1
    assert flagged["results"][0] == {
        "line": 3,
        "social_id": people["settat"].social_id,
        "other_line": None,
        "probability": None,
        "certain": False,
        "decision": "",
    }
    refused = api.post(f"{job_url}start/")
    assert refused.status_code == 400 and "Decide the 1 flagged row first." in refused.json()["errors"]["detail"]

    decided = api.post(f"{job_url}decisions/", {"decisions": [{"line": 3, "decision": "link"}]}, format="json")
    assert decided.status_code == 200
    started = api.post(f"{job_url}start/")
    assert started.status_code == 202 and started.json()["status"] == "running"
    run_worker_once()

    done = api.get(job_url).json()
    assert (done["status"], done["persons_created"], done["persons_linked"]) == ("done", 1, 1)
    assert Person.objects.get(cnie="BK1").created_by == api.api_client.user


@pytest.mark.django_db
def test_the_problems_read_in_the_callers_language_and_rows_outside_its_territory_are_bad(call, territory):
    api = call(ApiPermission.IMPORT_PERSONS, province=territory["casablanca"])
    sent = api.post(
        URL, {"file": _file([person_row(commune="C-AGDAL", cnie="BK1"), person_row(phone="0")])}, format="multipart"
    )
    runner.check_execute(job_id=sent.json()["id"])

    problems = api.get(f"{URL}{sent.json()['id']}/problems/", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert [(p["line"], p["column"], p["code"]) for p in problems["results"]] == [
        (2, "commune", "outside_scope"),
        (3, "phone", "bad_phone"),
    ]
    assert problems["results"][0]["reason"] == "La commune C-AGDAL est hors de votre territoire."
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_a_client_without_the_import_permission_is_refused(call):
    api = call(ApiPermission.WRITE_PERSONS, ApiPermission.READ_PERSONS)
    response = api.post(URL, {"file": _file([person_row()])}, format="multipart")
    assert response.status_code == 403 and response["Content-Type"] == "application/problem+json"
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_without_a_token_nothing_is_answered(personas):
    assert APIClient().post(URL, {"file": _file([person_row()])}, format="multipart").status_code == 401


@pytest.mark.django_db
def test_a_client_sees_only_its_own_imports(call, personas):
    staff_job = checked(personas["steward"], csv_bytes([person_row()]))
    first = call(ApiPermission.IMPORT_PERSONS)
    other = call(ApiPermission.IMPORT_PERSONS)
    job = first.post(URL, {"file": _file([person_row(cnie="BK2")])}, format="multipart").json()

    assert other.get(f"{URL}{job['id']}/").status_code == 404
    assert first.get(f"{URL}{staff_job.pk}/").status_code == 404
    assert other.post(f"{URL}{job['id']}/start/").status_code == 404
    assert first.get(f"{URL}{job['id']}/").status_code == 200


@pytest.mark.django_db
def test_a_file_that_is_no_csv_is_a_problem_naming_the_file(call):
    api = call(ApiPermission.IMPORT_PERSONS)
    upload = SimpleUploadedFile("persons.csv", b"\x89PNG\r\n\x1a\n....", content_type="text/csv")
    response = api.post(URL, {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert "neither a CSV file nor an XLSX workbook" in str(response.json()["errors"])
