"""What an administrator, a data steward or a client system does with an import: send a file, decide the
duplicates, start the import. Each is one transaction, audited; the worker does the rest (runner.py)."""

import datetime
import hashlib

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from guichet.accounts import permissions as roles
from guichet.accounts.models import User
from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_record
from guichet.common.exceptions import NotAllowed, ValidationError

from . import tasks
from .messages import reason_text
from .models import ImportDuplicate, ImportJob, ImportProblem
from .store import FORMATS, STORE

# A job checked or imported by the worker; one left so for longer than ABANDONED_AFTER (its worker was stopped:
# an import's transaction wrote nothing) no longer blocks its file, and is marked failed when the file comes again.
ACTIVE = (ImportJob.Status.CHECKING, ImportJob.Status.RUNNING)
ABANDONED_AFTER = datetime.timedelta(hours=6)


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def import_upload(*, actor: User, upload: UploadedFile, ip_address: str | None = None) -> ImportJob:
    """A file sent for import: checked as a file (size, CSV or XLSX), refused when the same file was imported
    already or is being imported, kept in the private store; the worker checks its rows once this commits."""
    if not roles.can_import_persons(actor):
        raise NotAllowed
    checked = STORE.check(upload)
    sha256 = _sha256(upload)
    _abandoned_fail(sha256)
    same = ImportJob.objects.filter(sha256=sha256, status__in=(*ACTIVE, ImportJob.Status.DONE)).first()
    if same is not None:
        code = "already_imported" if same.status == ImportJob.Status.DONE else "being_imported"
        raise ValidationError(reason_text(code, {"job": same.pk}), code=code)
    with STORE.atomic() as written:
        stored = STORE.save(checked)
        written.append(stored.stored_name)
        job = ImportJob.objects.create(
            created_by=actor,
            created_at=timezone.now(),
            original_name=checked.original_name,
            stored_name=stored.stored_name,
            sha256=stored.sha256,
            size=stored.size,
            file_format=FORMATS[checked.content_type],
        )
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=job,
            changes={"file": [None, job.original_name], "sha256": [None, job.sha256]},
            ip_address=ip_address,
        )
        transaction.on_commit(lambda: tasks.import_check.enqueue(job.pk), robust=True)
    return job


@transaction.atomic
def _abandoned_fail(sha256: str) -> None:
    """Mark failed the jobs of this file that a worker left checking or importing (nothing was written)."""
    since = timezone.now() - ABANDONED_AFTER
    for job in ImportJob.objects.select_for_update().filter(sha256=sha256, status__in=ACTIVE):
        if (job.started_at or job.created_at) < since:
            job.problems.all().delete()
            ImportProblem.objects.create(job=job, line=0, code="abandoned")
            job.status, job.finished_at, job.progress = ImportJob.Status.FAILED, timezone.now(), 100
            job.save(update_fields=["status", "finished_at", "progress"])


def _editable(actor: User, job: ImportJob) -> ImportJob:
    """The job locked for a change by someone who may make it, while its check result awaits a decision."""
    if not roles.can_import_persons(actor) or (roles.is_api_client(actor) and job.created_by_id != actor.pk):
        raise NotAllowed
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportJob.Status.READY:
        raise ValidationError(_("This import is no longer waiting for a decision."), code="not_ready")
    return job


@transaction.atomic
def import_decide(*, actor: User, job: ImportJob, decisions: dict[int, str], ip_address: str | None = None) -> int:
    """Record the steward's decision on flagged rows ({line: "link" or "create"}); a row carrying a registered
    person's CNIE or IDCS is that person and can only be linked. Returns how many decisions changed."""
    job = _editable(actor, job)
    if any(decision not in ImportDuplicate.Decision.values for decision in decisions.values()):
        raise ValidationError(_("Choose, for each row, the same person or a different person."), code="bad_decision")
    flagged = {dup.line: dup for dup in job.duplicates.filter(line__in=list(decisions))}
    if set(decisions) - set(flagged):
        raise ValidationError(_("Only the rows flagged as possible duplicates are decided."), code="not_flagged")
    changes: dict[str, list] = {}
    changed = []
    for line, decision in sorted(decisions.items()):
        duplicate = flagged[line]
        if duplicate.certain and decision != ImportDuplicate.Decision.LINK:
            raise ValidationError(
                _("Line %(line)s has the CNIE or IDCS of a registered person: it can only be that person.")
                % {"line": line},
                code="certain",
            )
        if duplicate.decision != decision:
            changes[f"line {line}"] = [duplicate.decision or None, decision]
            duplicate.decision = decision
            changed.append(duplicate)
    ImportDuplicate.objects.bulk_update(changed, ["decision"])
    if changes:
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=job, changes=changes, ip_address=ip_address)
    return len(changed)


@transaction.atomic
def import_start(*, actor: User, job: ImportJob, ip_address: str | None = None) -> ImportJob:
    """Hand the checked import to the worker, once every flagged row is decided."""
    job = _editable(actor, job)
    undecided = job.duplicates.filter(decision="").count()
    if undecided:
        raise ValidationError(
            ngettext(
                "Decide the %(count)d flagged row first.",
                "Decide the %(count)d flagged rows first.",
                undecided,
            )
            % {"count": undecided},
            code="undecided",
        )
    job.status, job.progress, job.started_at, job.started_from = ImportJob.Status.RUNNING, 0, timezone.now(), ip_address
    job.save(update_fields=["status", "progress", "started_at", "started_from"])
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=job,
        changes={"status": [ImportJob.Status.READY, ImportJob.Status.RUNNING]},
        ip_address=ip_address,
    )
    transaction.on_commit(lambda: tasks.import_run.enqueue(job.pk), robust=True)
    return job
