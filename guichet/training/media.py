"""Lesson media: audio, video, images and PDF, checked by their content and size, kept outside the web root.

The first bytes decide (a renamed executable is refused whatever its name says), as for request attachments.
Files live under DATA_DIR/media-training under a random name; learners get them through a view that checks
the access code in their session.
"""

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from guichet.cases.attachments import sniff as sniff_document
from guichet.common.uploads import check_file

MP3, OGG, M4A, MP4, WEBM = "audio/mpeg", "audio/ogg", "audio/mp4", "video/mp4", "video/webm"
EXTENSIONS = {
    MP3: ".mp3",
    OGG: ".ogg",
    M4A: ".m4a",
    MP4: ".mp4",
    WEBM: ".webm",
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
}
DEFAULT_MAX_BYTES = 200 * 1024 * 1024


def sniff(head: bytes) -> str | None:
    """The content type the first bytes prove, among the accepted ones; None for anything else."""
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return MP3
    if head.startswith(b"OggS"):
        return OGG
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return WEBM
    if head[4:8] == b"ftyp":
        return M4A if head[8:12] in (b"M4A ", b"M4B ") else MP4
    return sniff_document(head)


def max_bytes() -> int:
    return getattr(settings, "GUICHET_TRAINING_MEDIA_MAX_BYTES", DEFAULT_MAX_BYTES)


@dataclass(frozen=True)
class Checked:
    upload: UploadedFile
    content_type: str


def check_media(upload: UploadedFile) -> Checked:
    _name, content_type = check_file(
        upload,
        sniff=sniff,
        limit=max_bytes(),
        refusal=_("“%(name)s” is not an audio (MP3, OGG, M4A), video (MP4, WebM), image (JPEG, PNG) or PDF file."),
        default_name="media",
    )
    return Checked(upload=upload, content_type=content_type)


def media_dir() -> Path:
    return Path(settings.DATA_DIR) / "media-training"


def path_of(stored_name: str) -> Path:
    if not stored_name or "/" in stored_name or "\\" in stored_name or stored_name.startswith("."):
        raise ValueError("bad stored name")
    return media_dir() / stored_name


def store(checked: Checked) -> str:
    """Write the file under a fresh random name; the caller discards it if its transaction fails."""
    stored_name = secrets.token_hex(16) + EXTENSIONS[checked.content_type]
    target = path_of(stored_name)
    target.parent.mkdir(mode=0o750, parents=True, exist_ok=True)
    size = 0
    temporary = target.with_suffix(".part")
    with open(temporary, "xb") as out:
        for chunk in checked.upload.chunks():
            size += len(chunk)
            if size > max_bytes():
                out.close()
                temporary.unlink(missing_ok=True)
                raise ValidationError(_("The file is too large."))
            out.write(chunk)
    os.chmod(temporary, 0o640)
    temporary.rename(target)
    return stored_name


def discard(stored_names: list[str]) -> None:
    for stored_name in stored_names:
        if stored_name:
            path_of(stored_name).unlink(missing_ok=True)
