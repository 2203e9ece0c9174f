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


@pytest.mark.django_db(transaction=True)
def test_files_of_a_committed_sending_stay_when_what_follows_the_commit_fails(filed, personas, settings):
    """A server that stops during COMMIT may have kept the rows and lost only its answer (bench/faults.py,
    pg-restart): the attachment rows must never be left without their files. Here the transaction commits, then
    a hook run after the commit fails: the rows are there, and so are their files."""
    from django.db import transaction
    from django.db.models.signals import post_save

    def failing_after_the_commit(**_):
        def fail():
            raise ConnectionError("the answer to COMMIT was lost")

        transaction.on_commit(fail)

    post_save.connect(failing_after_the_commit, sender=Attachment, dispatch_uid="test-after-commit")
    try:
        with pytest.raises(ConnectionError):
            services.request_attach(
                actor=personas["agent"], request=filed, uploads=[SimpleUploadedFile("cnie.pdf", SMALL)]
            )
    finally:
        post_save.disconnect(dispatch_uid="test-after-commit", sender=Attachment)

    (attachment,) = Attachment.objects.filter(request=filed)
    stored = [path.name for path in settings.GUICHET_ATTACHMENTS_DIR.rglob("*") if path.is_file()]
    assert stored == [attachment.stored_name]
