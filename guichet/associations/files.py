"""The association's statutes and registration receipt: PDF, JPEG or PNG proven by their first bytes, within
the size limit of request attachments, kept in the private store under DATA_DIR/association-files and served
only by a view that checks the viewer may see the association."""

from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from guichet.cases.attachments import STORE as ATTACHMENTS
from guichet.common.private_files import Checked, PrivateStore

__all__ = ["STORE", "atomic", "check_upload", "discard", "path_of", "store"]

STORE = PrivateStore(
    directory=lambda: Path(settings.DATA_DIR) / "association-files",
    extensions=ATTACHMENTS.extensions,
    sniff=ATTACHMENTS.sniff,
    max_bytes=ATTACHMENTS.max_bytes,
    refusal=ATTACHMENTS.refusal,
)

check_upload = STORE.check
discard = STORE.discard
atomic = STORE.atomic
path_of = STORE.path_of


def store(upload: UploadedFile | Checked) -> str:
    """Write an upload (checked here if the form did not) under a fresh random name and return that name."""
    checked = upload if isinstance(upload, Checked) else STORE.check(upload)
    return STORE.save(checked).stored_name
