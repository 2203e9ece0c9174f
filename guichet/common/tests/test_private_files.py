"""The one private file store and the one way to serve a private file."""

import os
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils.translation import gettext_lazy

from guichet.common.private_files import DOCUMENT_EXTENSIONS, PrivateStore, sniff_document

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
EXE = b"MZ\x90\x00" + b"\x00" * 40


@pytest.fixture
def store(tmp_path):
    return PrivateStore(
        directory=lambda: tmp_path / "private",
        extensions=DOCUMENT_EXTENSIONS,
        sniff=sniff_document,
        max_bytes=lambda: 1000,
        refusal=gettext_lazy("“%(name)s” is not a PDF, JPEG or PNG file."),
    )


def files_under(store) -> list[Path]:
    root = Path(store.directory())
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


class LyingUpload(SimpleUploadedFile):
    """An upload whose declared size (the one checked first) is smaller than what it streams."""

    def __init__(self, name, content, *, declared, chunks=None):
        super().__init__(name, content)
        self.size = declared
        self._chunks = chunks

    def chunks(self, chunk_size=None):
        yield from self._chunks or super().chunks(chunk_size)


def test_a_checked_file_is_written_whole_under_a_name_of_ours(store):
    stored = store.save(store.check(SimpleUploadedFile("../../etc/passwd.pdf", PDF)))
    assert stored.size == len(PDF)
    (written,) = files_under(store)
    assert written == store.path_of(stored.stored_name)
    assert written.read_bytes() == PDF
    assert written.name == stored.stored_name and "passwd" not in stored.stored_name
    assert written.is_relative_to(Path(store.directory()))
    assert stored.stored_name.endswith(".pdf")
    assert oct(written.stat().st_mode & 0o777) == "0o640"


def test_the_type_comes_from_the_content_not_from_the_name(store):
    checked = store.check(SimpleUploadedFile("photo.pdf", PNG, content_type="application/pdf"))
    assert checked.content_type == "image/png"
    assert store.save(checked).stored_name.endswith(".png")


@pytest.mark.parametrize(("name", "content", "code"), [("virus.pdf", EXE, "bad_type"), ("vide.pdf", b"", "empty")])
def test_wrong_type_or_empty_content_is_refused_before_anything_is_written(store, name, content, code):
    with pytest.raises(ValidationError) as refused:
        store.check(SimpleUploadedFile(name, content))
    assert refused.value.code == code and name in refused.value.messages[0]
    assert files_under(store) == []


def test_an_oversize_file_is_refused_by_its_declared_size(store):
    with pytest.raises(ValidationError) as refused:
        store.check(SimpleUploadedFile("gros.pdf", PDF + b"\x00" * 1000))
    assert refused.value.code == "too_large"
    assert files_under(store) == []


def test_a_file_larger_than_it_declared_is_refused_while_written_and_leaves_nothing(store):
    upload = LyingUpload("gros.pdf", PDF + b"\x00" * 2000, declared=len(PDF))
    checked = store.check(upload)  # the declared size passes
    with pytest.raises(ValidationError) as refused:
        store.save(checked)
    assert refused.value.code == "too_large"
    assert files_under(store) == []


def test_content_that_changes_after_the_check_is_refused_and_leaves_nothing(store):
    upload = LyingUpload("scan.pdf", PDF, declared=len(PDF), chunks=[EXE])
    checked = store.check(upload)  # the check read a PDF header
    with pytest.raises(ValidationError) as refused:
        store.save(checked)
    assert refused.value.code == "bad_type"
    assert files_under(store) == []


def test_a_write_that_fails_halfway_leaves_no_partial_file(store):
    def failing_chunks():
        yield PDF
        raise OSError("disk full")

    upload = LyingUpload("scan.pdf", PDF, declared=len(PDF))
    checked = store.check(upload)
    upload.chunks = lambda chunk_size=None: failing_chunks()
    with pytest.raises(OSError, match="disk full"):
        store.save(checked)
    assert files_under(store) == []


def test_a_file_appears_only_under_its_final_name(store):
    seen = []

    class Watching(LyingUpload):
        def chunks(self, chunk_size=None):
            yield PDF[:10]
            seen.extend(files_under(store))
            yield PDF[10:]

    stored = store.save(store.check(Watching("scan.pdf", PDF, declared=len(PDF))))
    assert [path.name for path in seen] == [f"{stored.stored_name}.part"]  # being written: not under its name
    assert [path.name for path in files_under(store)] == [stored.stored_name]


@pytest.mark.parametrize(
    "name", ["", "../secret.pdf", "ab/cd.pdf", ".hidden.pdf", "0" * 32 + ".exe", "cv.pdf", "0" * 32, "G" * 32 + ".pdf"]
)
def test_a_path_is_only_ever_built_from_a_name_of_ours(store, name):
    with pytest.raises(ValueError, match="bad stored name"):
        store.path_of(name)


def test_discard_removes_the_files(store):
    stored = store.save(store.check(SimpleUploadedFile("a.pdf", PDF)))
    store.discard([stored.stored_name, ""])
    assert files_under(store) == []


def serve(store, stored_name, **options):
    calls = []
    response = store.serve(stored_name, record=lambda: calls.append("audited"), **options)
    return response, calls


def test_a_download_is_served_with_its_proven_type_and_name_never_sniffed_nor_cached(store):
    stored = store.save(store.check(SimpleUploadedFile("cv\u202efdp.exe", PDF)))
    response, calls = serve(store, stored.stored_name, uploaded_name="cv\u202efdp.exe")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="cvfdp.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content) == PDF
    response.file_to_stream.close()
    assert calls == ["audited"]


def test_a_name_of_ours_gets_the_proven_extension(store):
    stored = store.save(store.check(SimpleUploadedFile("x.pdf", PNG)))
    response, _calls = serve(store, stored.stored_name, stem="statutes-12/2020.B")
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].endswith('.B.png"')
    assert b"".join(response.streaming_content) == PNG
    response.file_to_stream.close()


def test_media_played_in_a_page_is_served_inline_and_may_be_kept_privately(store):
    stored = store.save(store.check(SimpleUploadedFile("x.pdf", PDF)))
    response, _calls = serve(store, stored.stored_name, stem="lesson-1", inline=True, private_max_age=3600)
    assert response["Content-Disposition"] == 'inline; filename="lesson-1.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"] and "max-age=3600" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert b"".join(response.streaming_content) == PDF
    response.file_to_stream.close()


@pytest.mark.parametrize("stored_name", ["0" * 32 + ".pdf", "../../etc/passwd", ""])
def test_a_missing_or_forged_file_is_a_404_and_not_audited(store, stored_name):
    calls = []
    with pytest.raises(Http404):
        store.serve(stored_name, record=lambda: calls.append("audited"), uploaded_name="a.pdf")
    assert calls == []


def test_a_failed_audit_serves_nothing(store):
    stored = store.save(store.check(SimpleUploadedFile("a.pdf", PDF)))
    opened_before = len(os.listdir("/proc/self/fd"))

    def refuse():
        raise RuntimeError("audit log unavailable")

    with pytest.raises(RuntimeError):
        store.serve(stored.stored_name, record=refuse, uploaded_name="a.pdf")
    assert len(os.listdir("/proc/self/fd")) == opened_before  # the file handle was closed, not leaked
