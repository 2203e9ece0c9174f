"""Documents attached to requests: PDF, JPEG or PNG proven by their first bytes (a renamed executable, or a web
page named .pdf, is refused whatever its name says), kept in the private store under GUICHET_ATTACHMENTS_DIR,
which no web server serves: staff get them through a view that checks they may see the request."""

from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy

from guichet.common.private_files import (
    DOCUMENT_EXTENSIONS,
    JPEG,
    PDF,
    PNG,
    Checked,
    PrivateStore,
    Stored,
    sniff_document,
)

__all__ = ["EXTENSIONS", "JPEG", "PDF", "PNG", "STORE", "Checked", "Stored", "check_upload", "discard", "path_of"]

EXTENSIONS = DOCUMENT_EXTENSIONS

STORE = PrivateStore(
    directory=lambda: Path(settings.GUICHET_ATTACHMENTS_DIR),
    extensions=DOCUMENT_EXTENSIONS,
    sniff=sniff_document,
    max_bytes=lambda: settings.GUICHET_ATTACHMENT_MAX_BYTES,
    refusal=gettext_lazy(
        "“%(name)s” is not a PDF, JPEG or PNG file. Scan or photograph the document in one of these formats."
    ),
)

check_upload = STORE.check
store = STORE.save
discard = STORE.discard
atomic = STORE.atomic
path_of = STORE.path_of
