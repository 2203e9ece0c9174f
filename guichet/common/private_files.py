"""Private files: one store for every uploaded document or medium, and one way to hand such a file to a viewer.

A store keeps files outside the web root, under a directory read from the settings at each use, named by us
(random hex and the extension the content proved), never by the uploader. A file is checked (size, type by its
first bytes) before anything is written, then written to a temporary name while its size and type are checked
again on what really arrives, and renamed into place in one step: a refused or failed write leaves nothing.

Serving is the app's view's last step, once it has checked that the viewer may see the file: `store.serve`
answers with the type the content proved, a file name built from it, `nosniff`, and no caching; the caller
passes its audit call (`record`), made only when the file is really there to send (this kernel layer cannot
import the audit app).
"""

import errno
import hashlib
import logging
import os
import secrets
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .uploads import check_file, download_name

logger = logging.getLogger(__name__)

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
DOCUMENT_EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png"}
_DOCUMENT_SIGNATURES = ((b"%PDF-", PDF), (b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG))

# The write errors that say the disk (or the process's or the user's share of it) is full: the uploader is told.
DISK_FULL = frozenset({errno.ENOSPC, errno.EFBIG, errno.EDQUOT})

# What a downloaded file may do if a browser opens it anyway: nothing (no script, no request, no form).
DOWNLOAD_POLICY = "default-src 'none'; sandbox"


def sniff_document(head: bytes) -> str | None:
    """PDF, JPEG or PNG, as the first bytes prove it; None for anything else (a renamed executable, a web page)."""
    for signature, content_type in _DOCUMENT_SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


@dataclass(frozen=True)
class Checked:
    """An upload whose size and type were checked, with the type its content proved and its (display) name."""

    upload: UploadedFile
    content_type: str
    original_name: str


@dataclass(frozen=True)
class Stored:
    stored_name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class PrivateStore:
    """One kind of private file: where it lives, which types it takes (type -> extension), how they are proven,
    the size limit and the refusal message (with %(name)s). `shard` files them under the first two characters
    of their name (directories stay small when they hold hundreds of thousands of files)."""

    directory: Callable[[], Path]
    extensions: Mapping[str, str]
    sniff: Callable[[bytes], str | None]
    max_bytes: Callable[[], int]
    refusal: str | Promise  # lazy: translated when used
    default_name: str = "document"
    shard: bool = True

    # Checking -----------------------------------------------------------------------------------------------

    def check(self, upload: UploadedFile) -> Checked:
        """The upload with its proven type; a ValidationError naming the file otherwise. Writes nothing."""
        name, content_type = check_file(
            upload,
            sniff=self._sniff,
            limit=self.max_bytes(),
            refusal=str(self.refusal),
            default_name=self.default_name,
        )
        return Checked(upload=upload, content_type=content_type, original_name=name)

    def _sniff(self, head: bytes) -> str | None:
        content_type = self.sniff(head)
        return content_type if content_type in self.extensions else None

    # Paths --------------------------------------------------------------------------------------------------

    def path_of(self, stored_name: str) -> Path:
        """Where a stored file lives; the name must be one of ours (hex and a known extension)."""
        stem, dot, extension = (stored_name or "").partition(".")
        if not stem or not dot or f".{extension}" not in self.extensions.values():
            raise ValueError("bad stored name")
        if len(stem) != 32 or any(c not in "0123456789abcdef" for c in stem):
            raise ValueError("bad stored name")
        directory = Path(self.directory())
        return directory / stored_name[:2] / stored_name if self.shard else directory / stored_name

    def content_type_of(self, stored_name: str) -> str:
        """The type the content proved when it was stored (the stored name's extension was chosen from it)."""
        extension = "." + stored_name.rpartition(".")[2]
        return next(content_type for content_type, known in self.extensions.items() if known == extension)

    # Writing ------------------------------------------------------------------------------------------------

    def save(self, checked: Checked) -> Stored:
        """Write a checked upload under a fresh random name; the caller discards it if its transaction fails.

        The size and type are checked again on the bytes really written (the declared size can lie); the
        file appears under its name only once complete, and nothing is left behind when anything fails."""
        stored_name = secrets.token_hex(16) + self.extensions[checked.content_type]
        target = self.path_of(stored_name)
        temporary = target.with_name(f"{stored_name}.part")
        digest = hashlib.sha256()
        size = 0
        limit = self.max_bytes()
        head = b""
        try:
            target.parent.mkdir(mode=0o750, parents=True, exist_ok=True)
            with open(temporary, "xb") as out:
                for chunk in checked.upload.chunks():
                    size += len(chunk)
                    if size > limit:
                        raise ValidationError(
                            _("“%(name)s” is too large.") % {"name": checked.original_name}, code="too_large"
                        )
                    if len(head) < 16:
                        head += chunk[: 16 - len(head)]
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            if not size:
                raise ValidationError(_("“%(name)s” is empty.") % {"name": checked.original_name}, code="empty")
            if self._sniff(head) != checked.content_type:
                raise ValidationError(str(self.refusal) % {"name": checked.original_name}, code="bad_type")
            os.chmod(temporary, 0o640)
            os.replace(temporary, target)
        except OSError as error:
            temporary.unlink(missing_ok=True)
            if error.errno in DISK_FULL:
                raise ValidationError(
                    _(
                        "“%(name)s” could not be saved: the server's disk is full. Nothing was kept; try again "
                        "later and tell your technical support."
                    )
                    % {"name": checked.original_name},
                    code="disk_full",
                ) from error
            raise
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return Stored(stored_name=stored_name, size=size, sha256=digest.hexdigest())

    @contextmanager
    def atomic(self) -> Iterator[list[str]]:
        """A database transaction for a write that stores files of this store: the write appends each stored
        name to the list given here, and if the transaction fails they are removed, so that no file is left that
        no row names (a database has no hook on rollback: this is the one place that cleans up after one). It
        must be the write's outermost transaction: a rollback around it would leave the files. When the commit
        itself fails, the files are kept (logged): the database may have kept the rows."""
        written: list[str] = []
        committing = False
        try:
            with transaction.atomic():
                yield written
                committing = True
        except BaseException:
            if not committing:  # the write itself failed: rolled back, its files named by nothing
                self.discard(written)
            else:
                # The commit failed, or something run after it: the rows may well be in the database (a server
                # that stops during COMMIT may have made it durable and lost only its answer). Their files stay:
                # a file no row names is only space, a row whose file is gone is a lost document.
                logger.warning("Files kept after a failed or uncertain commit: %s", ", ".join(written))
            raise

    def discard(self, stored_names: list[str]) -> None:
        """Remove stored files (those of a transaction that failed, or replaced ones once the new are saved)."""
        for stored_name in stored_names:
            if stored_name:
                self.path_of(stored_name).unlink(missing_ok=True)

    # Serving ------------------------------------------------------------------------------------------------

    def download_name(self, name: str, content_type: str) -> str:
        """The name a file is handed out under: `name` without its own extension, with the proven one."""
        return download_name(name, self.extensions.get(content_type, ""), default=self.default_name)

    def serve(
        self,
        stored_name: str,
        *,
        record: Callable[[], object] | None,
        uploaded_name: str | None = None,
        stem: str = "",
        inline: bool = False,
        private_max_age: int = 0,
    ) -> FileResponse:
        """The file for a viewer the caller has allowed: as a download (or `inline`, for media a page plays), with
        the type its content proved, never sniffed, never cached (unless `private_max_age`, for content that is
        not personal). Its name is the uploader's (`uploaded_name`, its own extension replaced) or ours (`stem`),
        with the proven extension. `record` (the audit call) runs only when the file is there to send; None says
        on purpose that this reading is not audited. 404 when the file is missing."""
        try:
            path = self.path_of(stored_name)
        except ValueError as error:
            raise Http404 from error
        if not path.is_file():
            raise Http404
        content_type = self.content_type_of(stored_name)
        handle = open(path, "rb")  # noqa: SIM115 - FileResponse closes it
        if record is not None:
            try:
                record()
            except BaseException:
                handle.close()
                raise
        response = FileResponse(
            handle,
            content_type=content_type,
            as_attachment=not inline,
            filename=(
                self.download_name(uploaded_name, content_type)
                if uploaded_name is not None
                else f"{stem or self.default_name}{self.extensions[content_type]}"
            ),
        )
        response["X-Content-Type-Options"] = "nosniff"
        if not inline:
            response["Content-Security-Policy"] = DOWNLOAD_POLICY
        if private_max_age:
            patch_cache_control(response, private=True, max_age=private_max_age)
        else:
            add_never_cache_headers(response)
        return response
