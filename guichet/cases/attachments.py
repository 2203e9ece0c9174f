"""Documents attached to requests: checked by their content, kept outside the web root under a random name.

Only PDF, JPEG and PNG are taken, recognised by their first bytes (a renamed executable, or a web page
named .pdf, is refused whatever its name says). The file is written under GUICHET_ATTACHMENTS_DIR, which
no web server serves: staff get it through a view that checks they may see the request.
"""

import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from guichet.common.uploads import check_file, download_name

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png"}
_SIGNATURES = ((b"%PDF-", PDF), (b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG))


def sniff(head: bytes) -> str | None:
    """The content type the first bytes prove, among the accepted ones; None for anything else."""
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


@dataclass(frozen=True)
class Checked:
    upload: UploadedFile
    content_type: str
    original_name: str


def check_upload(upload: UploadedFile) -> Checked:
    """The upload with its proven content type; a ValidationError naming the file otherwise."""
    name, content_type = check_file(
        upload,
        sniff=sniff,
        limit=settings.GUICHET_ATTACHMENT_MAX_BYTES,
        refusal=_(
            "“%(name)s” is not a PDF, JPEG or PNG file. Scan or photograph the document in one of these formats."
        ),
    )
    return Checked(upload=upload, content_type=content_type, original_name=name)


def attachment_download_name(original_name: str, content_type: str) -> str:
    """The attachment's name with the extension its content proved, whatever the uploaded name said."""
    return download_name(original_name, EXTENSIONS.get(content_type, ""))


def attachments_dir() -> Path:
    return Path(settings.GUICHET_ATTACHMENTS_DIR)


def path_of(stored_name: str) -> Path:
    """Where a stored file lives; the name is ours (random hex and an extension), never the uploader's."""
    if not stored_name or "/" in stored_name or "\\" in stored_name or stored_name.startswith("."):
        raise ValueError("bad stored name")
    return attachments_dir() / stored_name[:2] / stored_name


@dataclass(frozen=True)
class Stored:
    stored_name: str
    size: int
    sha256: str


def store(checked: Checked) -> Stored:
    """Write the file under a fresh random name; the caller removes it (discard) if its transaction fails."""
    stored_name = secrets.token_hex(16) + EXTENSIONS[checked.content_type]
    target = path_of(stored_name)
    target.parent.mkdir(mode=0o750, parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    temporary = target.with_suffix(".part")
    with open(temporary, "xb") as out:
        for chunk in checked.upload.chunks():
            size += len(chunk)
            if size > settings.GUICHET_ATTACHMENT_MAX_BYTES:  # the declared size lied
                out.close()
                temporary.unlink(missing_ok=True)
                raise ValidationError(_("“%(name)s” is too large.") % {"name": checked.original_name})
            digest.update(chunk)
            out.write(chunk)
    os.chmod(temporary, 0o640)
    temporary.rename(target)
    return Stored(stored_name=stored_name, size=size, sha256=digest.hexdigest())


def discard(stored_names: list[str]) -> None:
    for stored_name in stored_names:
        path_of(stored_name).unlink(missing_ok=True)
