"""What the project's own commands tell the apps above `common` (which it may not import): a backup made, a
database restored. The audit log records both (guichet/audit/signals.py): a backup is a copy of every person's
file, a restore replaces the whole register."""

import getpass

from django.dispatch import Signal

# Sent by `manage.py backup` once the archive is written: made (backup.Made), account (the system account).
backup_made = Signal()
# Sent by `manage.py restore` once the database and the files are back: restored (backup.Restored), archive (its
# path), account; the receivers write to the restored database.
database_restored = Signal()


def system_account() -> str:
    """The account a command runs under (what the audit log names, no one being signed in); "?" if the system
    cannot tell (a container's user with no name)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "?"
