"""Import files for the tests: CSV (or XLSX) built from rows of cells, and the whole way through the worker."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from guichet.interop.imports import runner, services
from guichet.interop.imports.models import ImportJob
from guichet.notify.tests.test_worker import run_worker_once

HEADER = [
    "given_name_latin",
    "family_name_latin",
    "given_name_ar",
    "family_name_ar",
    "sex",
    "birth_date",
    "cnie",
    "idcs",
    "phone",
    "commune",
    "address",
    "household",
    "relationship",
    "consent_date",
    "consent_purposes",
]


def person_row(**values) -> dict:
    """A good row (Casablanca's Anfa), with `values` changed."""
    row = {
        "given_name_latin": "Amina",
        "family_name_latin": "Tazi",
        "given_name_ar": "أمينة",
        "family_name_ar": "التازي",
        "sex": "F",
        "birth_date": "1990-05-17",
        "cnie": "",
        "idcs": "",
        "phone": "0612345678",
        "commune": "C-ANFA",
        "address": "12 rue des Oudayas",
        "household": "",
        "relationship": "",
        "consent_date": "2026-01-10",
        "consent_purposes": "registration;sharing",
    }
    row.update(values)
    return row


def csv_bytes(rows: list[dict], *, header=HEADER, delimiter=",") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    return out.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[list], *, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(content: bytes, name: str = "persons.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def checked(actor, content: bytes, name: str = "persons.csv", *, worker: bool = False) -> ImportJob:
    """The file sent by `actor` and checked: by the real worker (a test with transaction=True: the task is queued
    when the upload commits), or by the worker's own function (the test's transaction never commits)."""
    job = services.import_upload(actor=actor, upload=upload(content, name))
    if worker:
        run_worker_once()
    else:
        runner.check_execute(job_id=job.pk)
    job.refresh_from_db()
    return job


def imported(actor, job: ImportJob, *, worker: bool = False) -> ImportJob:
    """The checked job started by `actor` and run, by the real worker or its function (see `checked`)."""
    services.import_start(actor=actor, job=job)
    if worker:
        run_worker_once()
    else:
        runner.run_execute(job_id=job.pk)
    job.refresh_from_db()
    return job
