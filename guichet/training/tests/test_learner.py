from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from guichet.training import services, services_courses
from guichet.training.models import Progress
from guichet.training.tests.factories import enrolled as enrolment


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()


@pytest.fixture
def enrolled(staff, cohort, women):
    return enrolment(cohort=cohort, person=women[0], enrolled_by=staff["coordinator"], language="ar")


def sign_in(client, code):
    return client.post(reverse("training:learn"), {"code": code})


def test_her_code_opens_her_course_and_a_lesson_records_progress(client, enrolled, modules):
    response = sign_in(client, enrolled.code[:4] + " " + enrolled.code[4:])
    assert response.status_code == 302
    page = client.get(reverse("training:learn_course"))
    assert "Leçon 1" in page.content.decode() or "الدرس 1" in page.content.decode()
    client.get(reverse("training:learn_lesson", args=[modules[0].pk]))
    progress = Progress.objects.get(enrollment=enrolled.enrollment, module=modules[0])
    assert progress.done_at is None
    client.post(reverse("training:learn_done", args=[modules[0].pk]))
    progress.refresh_from_db()
    assert progress.done_at is not None


def test_a_revoked_code_stops_working_at_once(client, staff, enrolled, modules):
    sign_in(client, enrolled.code)
    services.access_code_revoke(actor=staff["facilitator"], enrollment=enrolled.enrollment)
    response = client.get(reverse("training:learn_lesson", args=[modules[0].pk]))
    assert response.status_code == 302 and response.url == reverse("training:learn")
    assert sign_in(client, enrolled.code).status_code == 200  # refused: the form again


def test_a_reissued_code_replaces_the_old_one(client, staff, enrolled):
    new_code = services.access_code_reissue(actor=staff["facilitator"], enrollment=enrolled.enrollment)
    assert sign_in(client, enrolled.code).status_code == 200
    assert sign_in(client, new_code).status_code == 302


def test_guessing_codes_is_rate_limited_with_a_translated_message(client, settings):
    settings.GUICHET_LEARN_ATTEMPTS = 3
    for _ in range(3):
        sign_in(client, "12345678")
    response = client.post(reverse("training:learn"), {"code": "12345678"}, headers={"accept-language": "en"})
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert int(response["Retry-After"]) > 0


def test_the_code_page_is_light_and_has_no_script(client):
    response = client.get(reverse("training:learn"))
    css = sum(
        (Path(settings.BASE_DIR) / "guichet/static/css" / name).stat().st_size for name in ("brand.css", "portal.css")
    )
    assert len(response.content) + css < 60 * 1024
    assert b"<script" not in response.content


def test_the_lesson_offers_the_light_version_first_and_serves_audio_to_her_only(client, staff, course, enrolled):
    mp3 = b"ID3\x03\x00\x00\x00" + b"\x00" * 200
    module = services_courses.module_save(
        actor=staff["coordinator"],
        course=course,
        module=None,
        data={"title_fr": "Audio", "title_ar": "صوت", "title_en": "Audio", "kind": "audio"},
        upload=SimpleUploadedFile("full.mp3", mp3),
        light_upload=SimpleUploadedFile("light.ogg", b"OggS" + b"\x00" * 100),
    )
    media_url = reverse("training:learn_media", args=[module.pk, "light"])
    assert client.get(media_url).status_code == 403
    sign_in(client, enrolled.code)
    page = client.get(reverse("training:learn_lesson", args=[module.pk]))
    content = page.content.decode()
    assert f'<audio controls preload="none" src="{media_url}"' in content
    assert b"<script" not in page.content
    assert len(page.content) < 60 * 1024
    full = client.get(reverse("training:learn_lesson", args=[module.pk]) + "?light=0")
    assert "/full/media" in full.content.decode()
    saving = client.get(reverse("training:learn_lesson", args=[module.pk]), headers={"save-data": "on"})
    assert media_url in saving.content.decode()
    served = client.get(media_url)
    assert served.status_code == 200 and served["Content-Type"] == "audio/ogg"
    assert b"".join(served.streaming_content).startswith(b"OggS")


def test_the_learner_pages_open_in_her_language_and_direction(client, enrolled):
    sign_in(client, enrolled.code)  # enrolled in Arabic
    response = client.get(reverse("training:learn_course"))
    assert 'dir="rtl"' in response.content.decode()
    assert "تسيير تعاونية" in response.content.decode()
