"""Lesson media: audio, video, images and PDF, proven by their first bytes (a renamed executable is refused
whatever its name says) and size-limited, kept in the private store under DATA_DIR/media-training; learners get
them through a view that checks the access code in their session."""

from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy

from guichet.common.private_files import DOCUMENT_EXTENSIONS, Checked, PrivateStore, sniff_document

MP3, OGG, M4A, MP4, WEBM = "audio/mpeg", "audio/ogg", "audio/mp4", "video/mp4", "video/webm"
EXTENSIONS = {MP3: ".mp3", OGG: ".ogg", M4A: ".m4a", MP4: ".mp4", WEBM: ".webm", **DOCUMENT_EXTENSIONS}


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
    return settings.GUICHET_TRAINING_MEDIA_MAX_BYTES


# Not sharded: the names already stored (random hex) sit directly in the directory.
STORE = PrivateStore(
    directory=lambda: Path(settings.DATA_DIR) / "media-training",
    extensions=EXTENSIONS,
    sniff=sniff,
    max_bytes=max_bytes,
    refusal=gettext_lazy(
        "“%(name)s” is not an audio (MP3, OGG, M4A), video (MP4, WebM), image (JPEG, PNG) or PDF file."
    ),
    default_name="media",
    shard=False,
)


def check_media(upload: UploadedFile) -> Checked:
    return STORE.check(upload)


def store(checked: Checked) -> str:
    """Write the file under a fresh random name; the caller discards it if its transaction fails."""
    return STORE.save(checked).stored_name


discard = STORE.discard
