"""J4: a coordinator creates a course and a cohort and enrols a woman; she opens a lesson with her code on a
phone-size screen and marks it done; the facilitator marks completion; the certificate verifies publicly —
every page checked by axe, in French and in Arabic."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import UserFactory
from guichet.registry.tests.factories import PersonFactory
from guichet.training.models import Certificate, Enrollment, Progress

from .conftest import login, switch_language

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def actors(territory):
    return {
        "coordinator": UserFactory(username="t_coord", role=Role.COORDINATOR, region=territory["casa_settat"]),
        "facilitator": UserFactory(username="t_facil", role=Role.FACILITATOR, first_name="Samira", last_name="Ait"),
        "woman": PersonFactory(
            given_name_latin="Zineb",
            family_name_latin="Ouazzani",
            given_name_ar="زينب",
            family_name_ar="الوزاني",
            commune=territory["anfa"],
            phone="+212611223344",
        ),
    }


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_course_cohort_enrol_learn_complete_verify(page, live_server, territory, actors, axe_check, language):
    # The coordinator creates the course, with an eligibility rule, and a module.
    login(page, live_server, username="t_coord")
    if language != "fr":
        switch_language(page, language)
    page.goto(f"{live_server.url}/training/")
    axe_check(page, f"training home {language}")
    page.goto(f"{live_server.url}/training/courses/new/")
    axe_check(page, f"course form {language}")
    page.fill("#id_title_fr", "Éducation financière")
    page.fill("#id_title_ar", "التربية المالية")
    page.fill("#id_title_en", "Financial education")
    page.select_option("#id_conditions-0-field", "sex")
    page.select_option("#id_conditions-0-op", "is")
    page.select_option("#id_conditions-0-choice", "F")
    page.locator("main form button.primary").click()
    expect(page).to_have_url(re.compile(r"/training/courses/\d+/$"))
    axe_check(page, f"course page {language}")
    course_url = page.url
    page.goto(course_url + "modules/new/")
    axe_check(page, f"module form {language}")
    page.fill("#id_title_fr", "Le budget du foyer")
    page.fill("#id_title_ar", "ميزانية الأسرة")
    page.fill("#id_title_en", "The household budget")
    page.fill("#id_text_fr", "Notez chaque dépense pendant une semaine.")
    page.fill("#id_text_ar", "سجّلي كل مصروف لمدة أسبوع.")
    page.locator("main form button.primary").click()
    expect(page).to_have_url(course_url)

    # … opens a cohort in Anfa with a facilitator …
    page.goto(course_url + "cohorts/new/")
    axe_check(page, f"cohort form {language}")
    page.fill("#id_name_fr", "Anfa 2026")
    page.fill("#id_name_ar", "أنفا 2026")
    page.fill("#id_name_en", "Anfa 2026")
    page.select_option("#id_communes", str(territory["anfa"].pk))
    page.select_option("#id_facilitator", str(actors["facilitator"].pk))
    page.fill("#id_starts_on", "2026-01-05")
    page.fill("#id_ends_on", "2026-06-30")
    page.fill("#id_capacity", "25")
    page.locator("main form button.primary").click()
    expect(page).to_have_url(re.compile(r"/training/cohorts/\d+/$"))
    cohort_url = page.url
    axe_check(page, f"cohort page (empty) {language}")

    # … and enrols a woman found in the registry; the slip shows her code once.
    page.goto(cohort_url + "enrol/?q=Zineb+Ouazzani")
    axe_check(page, f"enrol search {language}")
    page.locator(f"a[href$='/enrol/{actors['woman'].social_id}/']").click()
    axe_check(page, f"eligibility {language}")
    page.select_option("#id_language", language)
    page.locator("main form button.primary").click()
    expect(page).to_have_url(re.compile(r"/training/enrolments/\d+/slip/$"))
    axe_check(page, f"slip {language}")
    code = page.locator(".access-code").inner_text().replace(" ", "")
    assert len(code) == 8
    page.locator("form.logout button").click()

    # The woman, on her phone, opens her course with her code, reads a lesson and marks it done.
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/learn/")
    axe_check(page, f"learner code page {language}")
    page.fill("#id_code", code[:4] + " " + code[4:])
    page.locator("main form button").click()
    expect(page).to_have_url(re.compile(r"/learn/course/$"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    axe_check(page, f"learner course {language}")
    page.locator("ol.modules a").first.click()
    expect(page).to_have_url(re.compile(r"/learn/lessons/\d+/$"))
    axe_check(page, f"lesson {language}")
    no_overflow = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert no_overflow, "the lesson page scrolls sideways on a phone"
    page.locator("main form button").click()
    expect(page).to_have_url(re.compile(r"/learn/course/$"))
    expect(page.locator(".state.done")).to_have_count(1)
    axe_check(page, f"learner course after progress {language}")
    enrollment = Enrollment.objects.get(person=actors["woman"])
    assert Progress.objects.filter(enrollment=enrollment, done_at__isnull=False).count() == 1
    page.locator("main form button").click()  # leave

    # The facilitator sees her progress and marks completion.
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, username="t_facil")
    page.goto(cohort_url)
    expect(page.locator("main table")).to_contain_text("زينب" if language == "ar" else "Zineb")
    axe_check(page, f"cohort page {language}")
    page.locator(f"a[href='/training/enrolments/{enrollment.pk}/']").click()
    axe_check(page, f"learner page {language}")
    page.locator("main button[name='action'][value='complete']").click()
    expect(page.locator(f"a[href='/training/enrolments/{enrollment.pk}/certificate.pdf']")).to_be_visible()
    certificate = Certificate.objects.get(enrollment=enrollment)
    assert certificate.issued_on == datetime.date.today()
    pdf = page.request.get(f"{live_server.url}/training/enrolments/{enrollment.pk}/certificate.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    page.locator("form.logout button").click()

    # Anyone checks the certificate.
    page.goto(f"{live_server.url}/verify/{certificate.code}/")
    expect(page.locator("main")).to_contain_text("زينب" if language == "ar" else "Zineb")
    expect(page.locator("main")).not_to_contain_text("Ouazzani")
    axe_check(page, f"verify {language}")
    page.goto(f"{live_server.url}/verify/1234567890/")
    axe_check(page, f"verify not valid {language}")
