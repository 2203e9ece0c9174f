"""Downloads are named with the extension their content proved; one upload holds a limited number of files."""

import pytest
from django.urls import reverse

from guichet.cases import services
from guichet.cases.models import Attachment
from guichet.common.uploads import download_name

from .test_attachments import JPEG, PDF, PNG, upload


@pytest.mark.parametrize(
    ("uploaded", "extension", "downloaded"),
    [
        ("certificat médical.pdf", ".pdf", "certificat médical.pdf"),
        ("cv.exe", ".png", "cv.png"),
        ("facture\u202efdp.exe", ".pdf", "facturefdp.pdf"),  # would read "factureexe.pdf" on screen
        ("photo.html", ".jpg", "photo.jpg"),
        ("../../etc/passwd", ".pdf", "passwd.pdf"),
        ("C:\\Users\\a\\scan.PNG.exe", ".png", "scan.PNG.png"),
        ("line\r\nbreak.pdf", ".pdf", "linebreak.pdf"),
        ("", ".pdf", "document.pdf"),
        ("...", ".jpg", "document.jpg"),
    ],
)
def test_the_download_name_keeps_the_uploaders_words_and_the_proven_extension(uploaded, extension, downloaded):
    assert download_name(uploaded, extension) == downloaded


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [("scan.exe", PNG, "scan.png"), ("photo.pdf", JPEG, "photo.jpg"), ("rapport\u202egpj.pdf", PDF, "rapportgpj.pdf")],
)
def test_an_attachment_downloads_under_the_extension_of_its_content(client, filed, personas, name, content, expected):
    (attachment,) = services.request_attach(actor=personas["agent"], request=filed, uploads=[upload(name, content)])
    client.force_login(personas["centre"])

    response = client.get(reverse("cases:attachment", args=[filed.reference, attachment.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{expected}"'


def test_too_many_files_in_one_upload_are_refused_with_a_clear_message_and_none_kept(client, filed, personas, settings):
    settings.GUICHET_UPLOAD_MAX_FILES = 3
    client.force_login(personas["agent"])
    before = Attachment.objects.count()

    response = client.post(
        reverse("cases:detail", args=[filed.reference]),
        {"action": "attach", "attach-files": [upload(f"page{n}.pdf", PDF) for n in range(4)]},
    )

    assert response.status_code == 400
    assert "Send at most 3 files at once (you chose 4)." in response.content.decode()
    assert Attachment.objects.count() == before


def test_as_many_files_as_allowed_are_taken(client, filed, personas, settings):
    settings.GUICHET_UPLOAD_MAX_FILES = 3
    client.force_login(personas["agent"])

    client.post(
        reverse("cases:detail", args=[filed.reference]),
        {"action": "attach", "attach-files": [upload(f"page{n}.pdf", PDF) for n in range(3)]},
    )

    assert filed.attachments.count() == 3
