"""Sign-ins and failed sign-ins go to the audit log too, and so do the backups made and restored."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from guichet.common.net import client_address
from guichet.common.signals import backup_made, database_restored

from .kinds import BACKUP
from .models import AuditEntry


@receiver(user_logged_in)
def record_login(sender, request, user, **kwargs):
    AuditEntry.objects.create(
        actor=user,
        action=AuditEntry.Action.LOGIN,
        object_type="accounts.user",
        object_id=str(user.pk),
        ip_address=client_address(request),
    )


@receiver(user_login_failed)
def record_failed_login(sender, credentials, request=None, **kwargs):
    AuditEntry.objects.create(
        actor=None,
        action=AuditEntry.Action.LOGIN_FAILED,
        object_type="accounts.user",
        object_id=str(credentials.get("username", ""))[:40],
        ip_address=client_address(request),
    )


def _archive_changes(*, name: str, rows: int, files: int, account: str) -> dict:
    """The archive by its file's name (longer than a record's key), what it held, and the system account."""
    return {
        "archive": [None, name],
        "rows": [None, str(rows)],
        "files": [None, str(files)],
        "account": [None, account[:150]],
    }


@receiver(backup_made)
def record_backup(sender, made, account: str, **kwargs):
    """A copy of every file of the register, made by a system account (no one signed in): an export of everything,
    seen by those who read the whole log."""
    AuditEntry.objects.create(
        actor=None,
        action=AuditEntry.Action.EXPORT,
        object_type=BACKUP,
        object_id="",
        changes=_archive_changes(name=made.path.name, rows=made.rows, files=made.files, account=account),
    )


@receiver(database_restored)
def record_restore(sender, restored, archive, account: str, **kwargs):
    """The register replaced by a backup's: the restored log's next entry says so, and by which archive."""
    AuditEntry.objects.create(
        actor=None,
        action=AuditEntry.Action.RESTORE,
        object_type=BACKUP,
        object_id="",
        changes=_archive_changes(name=archive.name, rows=restored.rows, files=restored.files, account=account),
    )
