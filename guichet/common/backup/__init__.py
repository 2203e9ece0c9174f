"""Backups that restore: the database and every private file, sealed with the settings' key (README, "Backups")."""

from .archive import Checked, Made, Restored, backup_check, backup_make, backup_restore
from .crypto import BackupError

__all__ = ["BackupError", "Checked", "Made", "Restored", "backup_check", "backup_make", "backup_restore"]
