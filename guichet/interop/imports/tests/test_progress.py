"""The bar of an import moves while its one transaction writes (PostgreSQL), and a job is written by one worker."""

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone

from guichet.interop.imports.models import ImportJob
from guichet.interop.imports.progress import claimed_for_write, write_progress


def _seen_from_elsewhere(job_id: int) -> int:
    """The job's progress as the page's own connection reads it (outside the writer's transaction)."""
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT progress FROM imports_importjob WHERE id = %s", [job_id])
            return cursor.fetchone()[0]
    finally:
        other.close()


@pytest.mark.django_db(transaction=True)
def test_the_progress_of_the_write_is_seen_before_its_transaction_commits(personas):
    job = ImportJob.objects.create(
        created_by=personas["steward"],
        created_at=timezone.now(),
        original_name="f.csv",
        stored_name="x",
        sha256="0",
        file_format="csv",
        status=ImportJob.Status.RUNNING,
        progress=60,
    )
    with transaction.atomic(), write_progress(job.pk) as report:
        assert claimed_for_write(job.pk)
        report(75)
        report(70)  # never backwards
        seen = _seen_from_elsewhere(job.pk) if connection.vendor == "postgresql" else None
    if connection.vendor == "postgresql":
        assert seen == 75
    else:  # SQLite has one writer at a time: the bar waits for the commit
        job.refresh_from_db()
        assert job.progress == 60


@pytest.mark.django_db(transaction=True)
def test_a_job_being_written_is_not_written_by_a_second_worker(personas):
    if connection.vendor != "postgresql":  # SQLite's write transactions hold its one write lock: always alone
        with transaction.atomic():
            assert claimed_for_write(1)
        return
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with transaction.atomic():
            assert claimed_for_write(7)
            with other.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [0x494D, 7])
                assert cursor.fetchone()[0] is False
    finally:
        other.close()
