"""Attached documents: PDF, JPEG and PNG recognised by content, size-limited, kept outside the web root."""

import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from guichet.cases import services
from guichet.cases.attachments import path_of
from guichet.cases.models import Attachment, Event
from guichet.common.exceptions import NotAllowed, ValidationError

from .conftest import MONDAY
from .helpers import act

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
LINUX_EXE = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64
WEB_PAGE = b"<html><script>alert(1)</script></html>"


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def add(personas, request, *files, actor="agent"):
    return services.request_attach(actor=personas[actor], request=request, uploads=list(files))


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [("certificat.pdf", PDF, "application/pdf"), ("photo.jpg", JPEG, "image/jpeg"), ("scan.png", PNG, "image/png")],
)
def test_pdf_jpeg_and_png_are_accepted_and_kept_with_their_hash(filed, personas, name, content, content_type):
    (attachment,) = add(personas, filed, upload(name, content, "application/octet-stream"))
    assert attachment.content_type == content_type  # from the content, not from what the browser said
    assert attachment.original_name == name
    assert attachment.size == len(content)
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    stored = path_of(attachment.stored_name)
    assert stored.read_bytes() == content
    assert name not in attachment.stored_name
    assert filed.events.filter(kind=Event.Kind.ATTACHMENT).exists()


def test_files_are_stored_outside_the_web_roots(filed, personas):
    (attachment,) = add(personas, filed, upload("a.pdf", PDF))
    stored = path_of(attachment.stored_name).resolve()
    assert stored.is_relative_to(Path(settings.GUICHET_ATTACHMENTS_DIR).resolve())
    for root in [settings.STATIC_ROOT, *settings.STATICFILES_DIRS, settings.MEDIA_ROOT or None]:
        if root:
            assert not stored.is_relative_to(Path(root).resolve())


@pytest.mark.parametrize(
    ("name", "content"),
    [("scan.pdf", WINDOWS_EXE), ("photo.jpg", LINUX_EXE), ("certificat.pdf", WEB_PAGE), ("vide.pdf", b"")],
)
def test_a_renamed_executable_or_anything_else_is_refused(filed, personas, name, content):
    with pytest.raises(ValidationError) as caught:
        add(personas, filed, upload(name, content))
    assert name in " ".join(caught.value.message_dict["files"])
    assert not Attachment.objects.exists()


def test_a_file_over_the_size_limit_is_refused(filed, personas, settings):
    settings.GUICHET_ATTACHMENT_MAX_BYTES = len(PDF) - 1
    with pytest.raises(ValidationError) as caught:
        add(personas, filed, upload("gros.pdf", PDF))
    assert "too large" in " ".join(caught.value.message_dict["files"])
    assert not Attachment.objects.exists()


def test_one_bad_file_refuses_them_all_and_leaves_no_file_behind(filed, personas):
    with pytest.raises(ValidationError):
        add(personas, filed, upload("bon.pdf", PDF), upload("mauvais.pdf", WINDOWS_EXE))
    assert not Attachment.objects.exists()
    directory = Path(settings.GUICHET_ATTACHMENTS_DIR)
    assert not directory.exists() or not any(path.is_file() for path in directory.rglob("*"))


def test_files_uploaded_when_filing_are_attached(personas, people, catalogue):
    request = services.request_file(
        actor=personas["agent"],
        person=people["casa"],
        service=catalogue["card"],
        language="fr",
        documents=list(catalogue["card"].documents.all()),
        uploads=[upload("certificat.pdf", PDF), upload("cnie.png", PNG)],
        today=MONDAY,
    )
    assert sorted(a.original_name for a in request.attachments.all()) == ["certificat.pdf", "cnie.png"]


def test_a_refused_file_when_filing_files_nothing(personas, people, catalogue):
    with pytest.raises(ValidationError):
        services.request_file(
            actor=personas["agent"],
            person=people["casa"],
            service=catalogue["card"],
            language="fr",
            documents=list(catalogue["card"].documents.all()),
            uploads=[upload("virus.pdf", WINDOWS_EXE)],
        )
    from guichet.cases.models import Request

    assert not Request.objects.exists()


def test_documents_cannot_be_added_to_a_closed_request_or_by_outsiders(filed, personas):
    with pytest.raises(NotAllowed):
        add(personas, filed, upload("a.pdf", PDF), actor="centre_rabat")
    act(personas["centre"], filed, "reject")
    with pytest.raises(ValidationError):
        add(personas, filed, upload("a.pdf", PDF), actor="centre")


def test_the_file_is_served_with_its_type_as_a_download_and_never_sniffed(client, filed, personas):
    (attachment,) = add(personas, filed, upload("certificat médical.pdf", PDF))
    client.force_login(personas["centre"])
    response = client.get(reverse("cases:attachment", args=[filed.reference, attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF


def test_a_file_of_another_request_is_not_served_under_this_one(client, filed, personas, people, catalogue):
    (attachment,) = add(personas, filed, upload("a.pdf", PDF))
    other = services.request_file(
        actor=personas["agent"],
        person=people["casa"],
        service=catalogue["card"],
        language="fr",
        documents=list(catalogue["card"].documents.all()),
        duplicate_reason="Une seconde carte, pour le test.",
    )
    client.force_login(personas["centre"])
    response = client.get(reverse("cases:attachment", args=[other.reference, attachment.pk]))
    assert response.status_code == 404
