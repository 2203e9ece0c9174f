"""Documents attached while the disk fills up: the agent reads which file could not be kept, and no
attachment row, event or file is left, not even the files of the same sending that did fit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from guichet.cases import services
from guichet.cases.models import Attachment, Event
from guichet.common.exceptions import ValidationError
from guichet.common.tests.disk import disk_full_after

SMALL = b"%PDF-1.4\n%%EOF\n"
LARGE = b"%PDF-1.4\n" + b"0" * 300_000 + b"\n%%EOF\n"


def test_a_full_disk_during_an_attachment_refuses_the_sending_whole(filed, personas, settings):
    settings.GUICHET_ATTACHMENT_MAX_BYTES = 1_000_000
    events = filed.events.count()
    uploads = [SimpleUploadedFile("cnie.pdf", SMALL), SimpleUploadedFile("dossier-medical.pdf", LARGE)]

    with translation.override("en"), disk_full_after(100_000), pytest.raises(ValidationError) as caught:
        services.request_attach(actor=personas["agent"], request=filed, uploads=uploads)

    (message,) = caught.value.message_dict["files"]
    assert "“dossier-medical.pdf” could not be saved: the server's disk is full" in message
    assert not Attachment.objects.exists()
    assert filed.events.count() == events
    assert not filed.events.filter(kind=Event.Kind.ATTACHMENT).exists()
    assert [path for path in settings.GUICHET_ATTACHMENTS_DIR.rglob("*") if path.is_file()] == []
