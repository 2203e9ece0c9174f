"""The enrolment slip: printed in the learner's language whatever the staff member's, with the learning space's
public address and its QR code."""

import html
import re

import pytest
from django.urls import reverse

from guichet.common.links import qr_data_uri
from guichet.training.models import Enrollment


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.GUICHET_PUBLIC_URL = "https://guichet.example.ma"


def enrol(client, cohort, woman, *, learner_language, staff_language):
    """Enrols her through the page, as a coordinator reading the site in staff_language; returns the slip page."""
    url = reverse("training:enrol_person", args=[cohort.pk, woman.social_id])
    headers = {"accept-language": staff_language}
    response = client.post(url, {"language": learner_language}, headers=headers, follow=True)
    assert response.redirect_chain[-1][0] == reverse("training:slip", args=[Enrollment.objects.get(person=woman).pk])
    return response.content.decode()


def slip_part(content: str) -> str:
    found = re.search(r"<section class=\"slip\".*?</section>", content, re.S)
    assert found, "the page shows no slip"
    return html.unescape(found.group(0))


def test_the_slip_is_in_arabic_for_a_learner_who_chose_arabic_though_the_coordinator_reads_french(
    client, staff, cohort, women
):
    client.force_login(staff["coordinator"])
    content = enrol(client, cohort, women[0], learner_language="ar", staff_language="fr")
    slip = slip_part(content)
    assert slip.startswith('<section class="slip" lang="ar" dir="rtl"')
    assert "بطاقة التسجيل" in slip  # "Enrolment slip"
    assert "تسيير تعاونية" in slip  # the course's Arabic title
    assert "فاطمة" in slip and "Aicha" not in slip  # her name as written in Arabic
    assert "1 يناير 2026" in slip  # the cohort's dates, in Arabic
    assert "Fiche d'inscription" not in slip and "Gestion d'une coopérative" not in slip
    # The coordinator's own page around the slip stays in French.
    assert '<html lang="fr" dir="ltr">' in content
    assert "La fiche est dans la langue qu’elle a choisie : Arabe." in html.unescape(content)


def test_the_slip_is_in_french_for_a_learner_who_chose_french_though_the_coordinator_reads_arabic(
    client, staff, cohort, women
):
    client.force_login(staff["coordinator"])
    content = enrol(client, cohort, women[1], learner_language="fr", staff_language="ar")
    slip = slip_part(content)
    assert slip.startswith('<section class="slip" lang="fr" dir="ltr"')
    assert "Fiche d'inscription" in slip
    assert "Gestion d'une coopérative" in slip
    assert "Khadija" in slip
    assert "1 janvier 2026" in slip
    assert "بطاقة التسجيل" not in slip
    assert '<html lang="ar" dir="rtl">' in content


def test_the_slip_shows_her_code_and_the_public_address_of_the_learning_space_with_its_qr_code(
    client, staff, cohort, women
):
    client.force_login(staff["coordinator"])
    slip = slip_part(enrol(client, cohort, women[0], learner_language="fr", staff_language="fr"))
    learn_url = "https://guichet.example.ma/learn/"
    assert learn_url in slip
    assert f'<img src="{qr_data_uri(learn_url)}"' in slip
    assert re.search(r'class="access-code" dir="ltr">\w{4} \w{4}<', slip)
    # The address printed is the configured public one, never the host the request came through.
    assert "testserver" not in slip


def test_the_slip_opened_again_later_has_no_code_but_still_the_address_and_qr_code(client, staff, cohort, women):
    client.force_login(staff["coordinator"])
    enrol(client, cohort, women[0], learner_language="ar", staff_language="fr")
    client.session.flush()
    client.force_login(staff["coordinator"])
    enrollment = Enrollment.objects.get(person=women[0])
    slip = slip_part(client.get(reverse("training:slip", args=[enrollment.pk])).content.decode())
    assert "access-code" not in slip
    assert qr_data_uri("https://guichet.example.ma/learn/") in slip
    assert 'lang="ar"' in slip
