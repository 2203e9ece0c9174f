"""Backups that restore: the database and every private file, sealed with the settings' key (README, "Backups")."""

from .archive import Made, Restored, backup_make, backup_restore
from .crypto import BackupError

__all__ = ["BackupError", "Made", "Restored", "backup_make", "backup_restore"]
