import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from guichet.training import media, services_courses
from guichet.training.models import Module

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 100
MZ = b"MZ\x90\x00" + b"\x00" * 100


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"ID3\x04\x00", media.MP3),
        (b"\xff\xfb\x90\x00", media.MP3),
        (b"OggS\x00\x02", media.OGG),
        (b"\x00\x00\x00\x20ftypM4A \x00\x00", media.M4A),
        (b"\x00\x00\x00\x20ftypisom\x00\x00", media.MP4),
        (b"\x1a\x45\xdf\xa3\x01", media.WEBM),
        (b"%PDF-1.7", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n", "image/png"),
        (ELF, None),
        (MZ, None),
        (b"<html>", None),
    ],
)
def test_media_are_recognised_by_their_content(head, expected):
    assert media.sniff(head) == expected


@pytest.mark.parametrize("payload", [ELF, MZ])
def test_a_renamed_executable_is_refused(staff, course, payload):
    with pytest.raises(ValidationError):
        services_courses.module_save(
            actor=staff["coordinator"],
            course=course,
            module=None,
            data={"title_fr": "x", "title_ar": "x", "title_en": "x", "kind": "audio"},
            upload=SimpleUploadedFile("lesson.mp3", payload),
        )
    assert not Module.objects.exists()


def test_too_large_a_file_is_refused(settings, staff, course):
    settings.GUICHET_TRAINING_MEDIA_MAX_BYTES = 100
    with pytest.raises(ValidationError) as refused:
        media.check_media(SimpleUploadedFile("big.mp3", b"ID3" + b"\x00" * 200))
    assert refused.value.code == "too_large"


def test_the_module_form_names_the_refused_file(client, staff, course):
    client.force_login(staff["coordinator"])
    response = client.post(
        reverse("training:module_create", args=[course.pk]),
        {
            "title_fr": "Leçon",
            "title_ar": "درس",
            "title_en": "Lesson",
            "kind": "audio",
            "media_file": SimpleUploadedFile("setup.mp3", MZ),
        },
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200
    assert "setup.mp3" in response.content.decode()
    assert not Module.objects.exists()
