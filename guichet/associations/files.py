"""The association's statutes and registration receipt: checked by content, kept outside the web root.

The content checks are those of request attachments (guichet.cases.attachments: PDF, JPEG or PNG by their
first bytes, size limit); the files go under DATA_DIR / "association-files", served only by a view that
checks the viewer may see the association.
"""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from guichet.cases.attachments import EXTENSIONS, Checked, check_upload

__all__ = ["check_upload", "discard", "path_of", "store"]


def files_dir() -> Path:
    return Path(settings.DATA_DIR) / "association-files"


def path_of(stored_name: str) -> Path:
    if not stored_name or "/" in stored_name or "\\" in stored_name or stored_name.startswith("."):
        raise ValueError("bad stored name")
    return files_dir() / stored_name[:2] / stored_name


def store(upload: UploadedFile | Checked) -> str:
    """Write a checked upload under a fresh random name and return that name."""
    checked = upload if isinstance(upload, Checked) else check_upload(upload)
    stored_name = secrets.token_hex(16) + EXTENSIONS[checked.content_type]
    target = path_of(stored_name)
    target.parent.mkdir(mode=0o750, parents=True, exist_ok=True)
    with open(target, "xb") as out:
        for chunk in checked.upload.chunks():
            out.write(chunk)
    os.chmod(target, 0o640)
    return stored_name


def discard(stored_names: list[str]) -> None:
    for stored_name in stored_names:
        if stored_name:
            path_of(stored_name).unlink(missing_ok=True)
