"""The worker's side of an import: check the whole file, then (once started) write it all in one transaction.

Progress is saved as the rows are read and checked, so the page shows it; the write itself is one transaction,
invisible until it commits (its progress is saved apart, progress.py), after which the job says done. A job
delivered twice to workers runs once.
"""

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from guichet.accounts.scopes import scope_of
from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_record

from . import duplicates
from .checks import Problem, Row, check_across, check_row, context_for
from .models import ImportDuplicate, ImportedRow, ImportJob, ImportProblem
from .progress import claimed_for_write, write_progress
from .reading import FileProblem, read_rows
from .store import STORE
from .writing import persons_write

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 5000
CHUNK = 5000
# Shares of the progress bar: reading and checking the rows, then the duplicates (check) or the write (run).
READ_SHARE = 60


@dataclass
class Checked:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: set[int] = field(default_factory=set)
    total: int = 0


def _progress(job: ImportJob, percent: float) -> None:
    job.progress = max(0, min(99, int(percent)))
    ImportJob.objects.filter(pk=job.pk).update(progress=job.progress)


def _estimate(job: ImportJob) -> int:
    """Rows expected, from the file's size (for the progress bar only): about 150 bytes a row."""
    return max(1, job.size // 150)


def _read(job: ImportJob) -> Iterator[tuple[int, dict]]:
    return read_rows(STORE.path_of(job.stored_name), job.file_format)


def check_file(job: ImportJob) -> Checked:
    """Every row checked with the rules of the registry, then the rules between rows, and the rows already
    imported (by an earlier import) set aside."""
    result = Checked()
    context = context_for(scope_of(job.created_by))
    expected = _estimate(job)
    try:
        for line, cells in _read(job):
            row, problems = check_row(line, cells, context)
            result.total += 1
            if row is not None:
                result.rows.append(row)
            result.problems += problems
            if result.total % PROGRESS_EVERY == 0:
                _progress(job, READ_SHARE * min(1.0, result.total / expected))
    except FileProblem as problem:
        return Checked(problems=[Problem(0, "", problem.code, problem.params)], total=result.total)
    if not result.total:
        return Checked(problems=[Problem(0, "", "no_rows")])
    result.problems += check_across(result.rows)
    result.problems.sort(key=lambda problem: problem.line)
    keys = {row.key: row.line for row in result.rows}
    done: set[str] = set()
    key_list = list(keys)
    for start in range(0, len(key_list), CHUNK):
        done.update(ImportedRow.objects.filter(key__in=key_list[start : start + CHUNK]).values_list("key", flat=True))
    result.skipped = {row.line for row in result.rows if row.key in done}
    result.rows = [row for row in result.rows if row.line not in result.skipped]
    return result


def _problems_save(job: ImportJob, problems: list[Problem]) -> None:
    job.problems.all().delete()
    ImportProblem.objects.bulk_create(
        [ImportProblem(job=job, line=p.line, column=p.column, code=p.code, params=p.params) for p in problems],
        batch_size=5000,
    )
    job.rows_bad = len({problem.line for problem in problems})


def _claim(job_id: int, status: str) -> ImportJob | None:
    job = ImportJob.objects.select_related("created_by").filter(pk=job_id).first()
    return job if job is not None and job.status == status and job.finished_at is None else None


def check_execute(*, job_id: int) -> ImportJob:
    """Check the file of a job just sent; it ends INVALID (problems to correct) or READY (duplicates to decide)."""
    job = _claim(job_id, ImportJob.Status.CHECKING)
    if job is None:
        return ImportJob.objects.get(pk=job_id)
    try:
        checked = check_file(job)
        found: list[duplicates.Found] = []
        if not checked.problems:
            _progress(job, READ_SHARE)

            def progress(done: int, total: int) -> None:
                _progress(job, READ_SHARE + (100 - READ_SHARE) * done // max(1, total))

            found = duplicates.find(checked.rows, progress=progress)
        with transaction.atomic():
            _problems_save(job, checked.problems)
            job.duplicates.all().delete()
            ImportDuplicate.objects.bulk_create(
                [
                    ImportDuplicate(
                        job=job,
                        line=item.line,
                        person_id=item.person_id,
                        other_line=item.other_line,
                        probability=item.probability,
                        certain=item.certain,
                        row=item.row,
                        decision=ImportDuplicate.Decision.LINK if item.certain else "",
                    )
                    for item in found
                ],
                batch_size=5000,
            )
            job.rows_total, job.rows_skipped = checked.total, len(checked.skipped)
            job.status = ImportJob.Status.INVALID if checked.problems else ImportJob.Status.READY
            job.progress = 100
            job.save(update_fields=["rows_total", "rows_skipped", "rows_bad", "status", "progress"])
    except Exception:
        logger.exception("Import #%d: the check failed", job.pk)
        _fail(job)
    return job


def _fail(job: ImportJob, code: str = "failed") -> None:
    with transaction.atomic():
        _problems_save(job, [Problem(0, "", code)])
        job.status, job.finished_at, job.progress = ImportJob.Status.FAILED, timezone.now(), 100
        job.save(update_fields=["status", "finished_at", "progress", "rows_bad"])


def run_execute(*, job_id: int) -> ImportJob:
    """Write a started import: its rows checked again (the registry may have changed since), then every person
    in one transaction. New problems stop it with nothing written (INVALID); an error, the same (FAILED)."""
    job = _claim(job_id, ImportJob.Status.RUNNING)
    if job is None:
        return ImportJob.objects.get(pk=job_id)
    try:
        checked = check_file(job)
        if checked.problems:
            with transaction.atomic():
                _problems_save(job, checked.problems)
                job.status, job.progress = ImportJob.Status.INVALID, 100
                job.save(update_fields=["status", "progress", "rows_bad"])
            return job
        _progress(job, READ_SHARE)
        links: dict[int, int] = {}
        same_as: dict[int, int] = {}
        for duplicate in job.duplicates.filter(decision=ImportDuplicate.Decision.LINK):
            if duplicate.person_id is not None:
                links[duplicate.line] = duplicate.person_id
            elif duplicate.other_line is not None:
                same_as[duplicate.line] = duplicate.other_line
        links.update(duplicates.certain_matches(checked.rows))  # registered since the check: that person
        with transaction.atomic(), write_progress(job.pk) as report:
            if not claimed_for_write(job.pk):  # another worker is writing this job
                return job
            locked = ImportJob.objects.get(pk=job.pk)
            if locked.status != ImportJob.Status.RUNNING or locked.finished_at is not None:
                return locked
            written = persons_write(
                actor=job.created_by,
                job=job,
                rows=checked.rows,
                links=links,
                same_as=same_as,
                ip_address=job.started_from,
                progress=report,
            )
            job.status, job.progress, job.finished_at = ImportJob.Status.DONE, 100, timezone.now()
            job.rows_total, job.rows_skipped = checked.total, len(checked.skipped)
            job.persons_created, job.persons_linked = written.persons, written.linked
            job.households_created = written.households
            job.save()
            audit_record(
                actor=job.created_by,
                action=AuditEntry.Action.UPDATE,
                obj=job,
                changes={
                    "status": [ImportJob.Status.RUNNING, ImportJob.Status.DONE],
                    "persons_created": [None, str(written.persons)],
                    "rows_linked": [None, str(written.linked)],
                    "households_created": [None, str(written.households)],
                },
                ip_address=job.started_from,
            )
    except IntegrityError:
        logger.warning("Import #%d: an identifier was registered meanwhile", job.pk)
        _fail(job, "registered_meanwhile")
    except Exception:
        logger.exception("Import #%d failed", job.pk)
        _fail(job)
    return job
