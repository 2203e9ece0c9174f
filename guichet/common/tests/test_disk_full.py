"""A disk that fills up while a private file is written: a clear message naming the file, and nothing left."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext_lazy

from guichet.common.private_files import DOCUMENT_EXTENSIONS, PrivateStore, sniff_document

from .disk import disk_full_after

PDF = b"%PDF-1.4\n" + b"0" * 300_000 + b"\n%%EOF\n"


@pytest.fixture
def store(tmp_path):
    return PrivateStore(
        directory=lambda: tmp_path / "private",
        extensions=DOCUMENT_EXTENSIONS,
        sniff=sniff_document,
        max_bytes=lambda: 1_000_000,
        refusal=gettext_lazy("“%(name)s” is not a PDF, JPEG or PNG file."),
    )


def files_under(store) -> list[Path]:
    root = Path(store.directory())
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def test_a_file_cut_by_a_full_disk_is_refused_by_name_and_leaves_nothing(store):
    checked = store.check(SimpleUploadedFile("certificat-medical.pdf", PDF))

    with translation.override("en"), disk_full_after(100_000), pytest.raises(ValidationError) as caught:
        store.save(checked)

    assert caught.value.code == "disk_full"
    assert "“certificat-medical.pdf” could not be saved: the server's disk is full" in caught.value.messages[0]
    assert files_under(store) == []  # neither the file nor its partial .part


@pytest.mark.parametrize(("language", "words"), [("fr", "le disque du serveur est plein"), ("ar", "القرص")])
def test_the_message_is_translated(store, language, words):
    checked = store.check(SimpleUploadedFile("scan.pdf", PDF))
    with translation.override(language), disk_full_after(100_000), pytest.raises(ValidationError) as caught:
        store.save(checked)
    assert words in caught.value.messages[0]
    assert "scan.pdf" in caught.value.messages[0]


def test_once_there_is_room_again_the_same_file_is_kept_whole(store):
    checked = store.check(SimpleUploadedFile("scan.pdf", PDF))
    with disk_full_after(100_000), pytest.raises(ValidationError):
        store.save(checked)

    stored = store.save(checked)

    (written,) = files_under(store)
    assert written.read_bytes() == PDF
    assert stored.size == len(PDF)
