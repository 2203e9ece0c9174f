"""The progress of an import's write, shown while its one transaction is still open.

What the write's transaction changes stays invisible until it commits. On PostgreSQL a second connection of the
worker (autocommit) saves the progress as the write goes, so the page's bar moves; the write never locks the job's
row meanwhile (it takes a transaction-level advisory lock instead, against a job delivered twice). SQLite has one
writer at a time: there the bar waits for the commit.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connection, connections

from .models import ImportJob

# The first key of the advisory locks of imports ("IM"), the job's id being the second.
_LOCK_SPACE = 0x494D


def claimed_for_write(job_id: int) -> bool:
    """Whether this transaction may write the job (no other worker is writing it); held until it ends."""
    if connection.vendor != "postgresql":
        return True  # SQLite: a write transaction holds the database's only write lock
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [_LOCK_SPACE, job_id])
        return bool(cursor.fetchone()[0])


@contextmanager
def write_progress(job_id: int) -> Iterator[Callable[[int], None]]:
    """A function saving the job's progress (percent) at once, outside the caller's transaction (PostgreSQL)."""
    if connection.vendor != "postgresql":
        yield lambda percent: None
        return
    side = connections.create_connection(DEFAULT_DB_ALIAS)
    table = side.ops.quote_name(ImportJob._meta.db_table)

    def report(percent: int) -> None:
        with side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET progress = %s WHERE id = %s AND progress < %s",  # noqa: S608 (our table)
                [percent, job_id, percent],
            )

    try:
        yield report
    finally:
        side.close()
