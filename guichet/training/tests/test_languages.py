"""No French in an Arabic page of the programme: cohorts are named in each language, and a lesson's transcript is
read in the page's language, else in the learner's, else the page says there is none."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from guichet.audit.models import AuditEntry
from guichet.audit.story import describe
from guichet.training.models import Cohort
from guichet.training.tests.factories import CertificateFactory, ModuleFactory
from guichet.training.tests.factories import enrolled as enrolment

COHORT = {"name_fr": "Anfa — printemps", "name_ar": "أنفا — الربيع", "name_en": "Anfa — spring"}


def in_language(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def cohort_data(staff, territory, **names):
    return {
        **COHORT,
        **names,
        "communes": [territory["anfa"].pk],
        "facilitator": staff["facilitator"].pk,
        "starts_on": "2026-01-05",
        "ends_on": "2026-06-30",
        "capacity": "20",
    }


def test_a_cohort_is_opened_with_a_name_in_each_language_and_shown_in_the_page_language(
    client, staff, course, territory
):
    client.force_login(staff["coordinator"])
    response = client.post(reverse("training:cohort_create", args=[course.pk]), cohort_data(staff, territory))
    cohort = Cohort.objects.get()
    assert response.status_code == 302
    assert (cohort.name_fr, cohort.name_ar, cohort.name_en) == tuple(COHORT.values())
    for language, name in [("ar", "أنفا — الربيع"), ("en", "Anfa — spring"), ("fr", "Anfa — printemps")]:
        page = in_language(client, language).get(reverse("training:cohort_detail", args=[cohort.pk])).content.decode()
        assert f"<h1>{name}</h1>" in page
        assert all(other not in page for other in COHORT.values() if other != name)


def test_a_cohort_without_its_arabic_name_is_not_opened(client, staff, course, territory):
    client.force_login(staff["coordinator"])
    response = in_language(client, "ar").post(
        reverse("training:cohort_create", args=[course.pk]), cohort_data(staff, territory, name_ar="")
    )
    assert response.status_code == 200
    assert "name_ar" in response.context["form"].errors
    assert not Cohort.objects.exists()


def test_the_cohort_form_offers_the_communes_with_a_search_box(client, staff, course):
    client.force_login(staff["coordinator"])
    page = in_language(client, "ar").get(reverse("training:cohort_create", args=[course.pk])).content.decode()
    assert '<optgroup label="الدار البيضاء">' in page
    assert 'data-list-filter="id_communes"' in page
    assert 'lang="ar"' in page and 'id="id_name_ar"' in page


@pytest.fixture
def learner(client, staff, cohort, women):
    """A woman enrolled in Arabic, signed in."""
    signed = enrolment(cohort=cohort, person=women[0], enrolled_by=staff["coordinator"], language="ar")
    client.post(reverse("training:learn"), {"code": signed.code})
    return signed.enrollment


def lesson(client, module, language):
    return in_language(client, language).get(reverse("training:learn_lesson", args=[module.pk])).content.decode()


def audio_lesson(course, **transcripts):
    return ModuleFactory(course=course, kind="audio", media="0123abcd.mp3", media_type="audio/mpeg", **transcripts)


def test_the_transcript_is_read_in_the_page_language(client, course, learner):
    module = audio_lesson(course, transcript_fr="Bonjour.", transcript_ar="مرحبا.", transcript_en="Hello.")
    assert '<div class="lesson" lang="en" dir="ltr">Hello.</div>' in lesson(client, module, "en")
    assert '<div class="lesson" lang="ar" dir="rtl">مرحبا.</div>' in lesson(client, module, "ar")


def test_a_transcript_missing_in_the_page_language_falls_back_to_the_learners(client, course, learner):
    module = audio_lesson(course, transcript_fr="Bonjour.", transcript_ar="مرحبا.")
    page = lesson(client, module, "en")
    assert '<div class="lesson" lang="ar" dir="rtl">مرحبا.</div>' in page
    assert "Bonjour." not in page


def test_a_transcript_in_neither_language_is_said_to_be_missing(client, course, learner):
    module = audio_lesson(course, transcript_fr="Bonjour.")
    page = lesson(client, module, "ar")
    assert "لا يوجد نص مكتوب لهذا الدرس." in page
    assert "Bonjour." not in page
    assert "No transcript exists for this lesson." in lesson(client, module, "en")


def test_a_text_lesson_without_transcript_says_nothing_of_one(client, course, learner):
    module = ModuleFactory(course=course, text_ar="نص الدرس.")
    page = lesson(client, module, "ar")
    assert "نص الدرس." in page
    assert "لا يوجد نص مكتوب" not in page


def test_the_lesson_text_is_read_in_the_page_language_else_in_hers(client, course, learner):
    module = ModuleFactory(course=course, text_fr="Notez vos dépenses.", text_ar="سجّلي مصاريفك.", text_en="")
    page = lesson(client, module, "en")
    assert '<div class="lesson" lang="ar" dir="rtl">سجّلي مصاريفك.</div>' in page
    assert "Notez" not in page


def test_a_lesson_written_in_neither_language_says_so_instead_of_showing_french(client, course, learner):
    module = ModuleFactory(course=course, text_fr="Notez vos dépenses.")
    page = lesson(client, module, "ar")
    assert "هذا الدرس غير مكتوب بلغتك بعد." in page
    assert "Notez" not in page


def test_her_language_is_offered_in_the_coordinators_language(client, staff, cohort):
    client.force_login(staff["coordinator"])
    page = in_language(client, "ar").get(reverse("training:enrol_list", args=[cohort.pk])).content.decode()
    assert '<option value="fr" selected>الفرنسية</option>' in page
    assert "Français" not in page


@pytest.mark.parametrize(
    ("language", "reading"),
    [("ar", "طريقة الاطلاع: في صفحة التحقق"), ("fr", "Comment il a été consulté : sur la page de vérification")],
)
def test_the_audit_log_says_in_its_readers_language_how_a_certificate_was_read(db, client, language, reading):
    certificate = CertificateFactory()
    client.get(reverse("training:verify", args=[certificate.code]))
    entry = AuditEntry.objects.get(object_type="training.certificate", action=AuditEntry.Action.VIEW)
    with translation.override(language):
        assert reading in describe([entry])[0].text()
