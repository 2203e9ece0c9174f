"""Uploads and downloads of files: one check of an upload (size, emptiness, type proven by the first bytes),
a cap on the number of files sent at once, and the name a download is given."""

import os
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .validators import INVISIBLE_CATEGORIES


def check_file(
    upload: UploadedFile, *, sniff, limit: int, refusal: str, default_name: str = "document"
) -> tuple[str, str]:
    """(name, content type proven by the first bytes) of an upload, or a ValidationError naming the file:
    empty, larger than `limit`, or not of a type `sniff` recognises (`refusal`, with %(name)s)."""
    name = os.path.basename(upload.name or "")[:200] or default_name
    if not upload.size:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is too large: %(limit)s at most.") % {"name": name, "limit": filesizeformat(limit)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head)
    if content_type is None:
        raise ValidationError(refusal % {"name": name}, code="bad_type")
    return name, content_type


def check_count(files: list) -> None:
    """Refuses more files in one upload than GUICHET_UPLOAD_MAX_FILES, with a clear message."""
    most = settings.GUICHET_UPLOAD_MAX_FILES
    if len(files) > most:
        raise ValidationError(
            ngettext(
                "Send at most %(most)d file at once (you chose %(count)d).",
                "Send at most %(most)d files at once (you chose %(count)d).",
                most,
            )
            % {"most": most, "count": len(files)},
            code="too_many_files",
        )


def download_name(name: str, extension: str, *, default: str = "document") -> str:
    """The name a download is saved under: the uploader's name without its own extension, path or hidden
    characters (a U+202E could make "cv\u202efdp.exe" read as "cvexe.pdf"), and the extension its content proved."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = "".join(c for c in base if unicodedata.category(c) not in INVISIBLE_CATEGORIES)
    stem = base.rsplit(".", 1)[0].strip(" .")[:150]
    return f"{stem or default}{extension}"
