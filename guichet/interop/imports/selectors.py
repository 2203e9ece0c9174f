"""Reads of imports with their rules: who sees which import, pages of problems and duplicates, the report."""

import datetime
from collections.abc import Iterator

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from guichet.accounts import permissions as roles
from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_record
from guichet.common.exceptions import NotAllowed

from .messages import reason_text
from .models import ImportDuplicate, ImportJob

JOBS_PER_PAGE = 20
PROBLEMS_PER_PAGE = 50
DUPLICATES_PER_PAGE = 20


def imports_visible(*, viewer) -> QuerySet[ImportJob]:
    """Administrators and data stewards see every import (they import for the nation); a client system its own."""
    if not roles.can_import_persons(viewer):
        raise NotAllowed
    jobs = ImportJob.objects.select_related("created_by")
    return jobs.filter(created_by=viewer) if roles.is_api_client(viewer) else jobs


def import_page(*, viewer, page_number: int | str = 1) -> Page:
    return Paginator(imports_visible(viewer=viewer), JOBS_PER_PAGE).get_page(page_number)


def import_get(*, viewer, pk: int) -> ImportJob:
    job = imports_visible(viewer=viewer).filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


def problem_page(*, job: ImportJob, page_number: int | str = 1, per_page: int = PROBLEMS_PER_PAGE) -> Page:
    """The problems a page at a time, each with its reason in the reader's language (`text`)."""
    page = Paginator(job.problems.all(), per_page).get_page(page_number)
    for problem in page.object_list:
        problem.text = reason_text(problem.code, problem.params)  # type: ignore[attr-defined]
    return page


def duplicate_page(*, job: ImportJob, page_number: int | str = 1, per_page: int = DUPLICATES_PER_PAGE) -> Page:
    """The flagged rows, undecided first, each with the registered person (minimal identity) it may be."""
    duplicates = job.duplicates.select_related("person__commune").order_by("certain", "line")
    page = Paginator(duplicates, per_page).get_page(page_number)
    for duplicate in page.object_list:  # the row's date, to be written in the reader's language
        duplicate.row_birth_date = datetime.date.fromisoformat(duplicate.row["birth_date"])  # type: ignore[attr-defined]
    return page


def duplicates_undecided(*, job: ImportJob) -> int:
    return job.duplicates.filter(decision="").count()


def import_report(*, viewer, job: ImportJob, ip_address: str | None) -> Iterator[list]:
    """The report of `job` for a download, recorded in the audit log (it names registered persons' social IDs)."""
    audit_record(
        actor=viewer,
        action=AuditEntry.Action.EXPORT,
        obj=job,
        changes={"report": [None, str(job.problems.count() + job.duplicates.count())]},
        ip_address=ip_address,
    )
    return report_rows(job=job)


def report_rows(*, job: ImportJob) -> Iterator[list]:
    """The report as rows (header first): line, column, reason in the reader's language; then the flagged rows
    and what was decided for them."""
    yield [_("line"), _("column"), _("reason")]
    for line, column, code, params in job.problems.values_list("line", "column", "code", "params").iterator():
        yield [line or "", column, reason_text(code, params)]
    flagged = job.duplicates.select_related("person").order_by("line").iterator()
    for duplicate in flagged:
        yield [duplicate.line, "", _duplicate_text(duplicate)]


def _duplicate_text(duplicate: ImportDuplicate) -> str:
    if duplicate.person is not None:
        text = _("May be the registered person %(social_id)s.") % {"social_id": duplicate.person.social_id_display}
    else:
        text = _("May be the person of line %(line)s.") % {"line": duplicate.other_line}
    if duplicate.decision:
        text = f"{text} {duplicate.get_decision_display()}"
    return text
