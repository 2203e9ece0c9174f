"""J5: an association registers on the public form, a programme officer approves it, its manager applies for
three children (one registered on the spot), the officer decides — every page checked by axe, in French and
in Arabic."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import UserFactory
from guichet.associations.models import Association, SchoolingApplication, SupportedChild

from .conftest import login, switch_language

pytestmark = pytest.mark.django_db(transaction=True)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def officer(territory, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return UserFactory(username="t_officer", role=Role.PROGRAMME_OFFICER, region=territory["casa_settat"])


def logout(page):
    page.locator("form.logout button").click()


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_register_approve_apply_and_decide(
    page, live_server, officer, people, territory, axe_check, language, tmp_path
):
    statutes = tmp_path / "statuts.pdf"
    statutes.write_bytes(PDF)

    # The association registers, without an account.
    page.goto(f"{live_server.url}/associations/register/")
    if language != "fr":
        switch_language(page, language)
    axe_check(page, f"registration form {language}")
    page.locator("#id_name_fr").fill("Association Al Amal pour l'inclusion")
    page.locator("#id_name_ar").fill("جمعية الأمل للإدماج")
    page.locator("#id_registration_number").fill("ASS-2024/118")
    page.select_option("#id_province", str(territory["casablanca"].pk))
    page.locator("#id_address").fill("12 rue des Écoles, Casablanca")
    page.locator("#id_president").fill("Amina Berrada")
    page.locator("#id_phone").fill("0522123456")
    page.locator("#id_email").fill("bad-address")
    page.locator("#id_statutes").set_input_files(str(statutes))
    page.locator("#id_receipt").set_input_files(str(statutes))
    page.locator("main form button.primary").click()
    expect(page.locator("#error-summary")).to_be_visible()
    axe_check(page, f"registration errors {language}")
    page.locator("#id_email").fill("contact@alamal.ma")
    page.locator("#id_statutes").set_input_files(str(statutes))
    page.locator("#id_receipt").set_input_files(str(statutes))
    page.locator("main form button.primary").click()
    expect(page).to_have_url(re.compile(r"/associations/register/done/$"))
    axe_check(page, f"registration received {language}")
    association = Association.objects.get()

    # The programme officer approves; the first password is shown once.
    login(page, live_server, username="t_officer")
    page.goto(f"{live_server.url}/associations/")
    axe_check(page, f"association list {language}")
    page.locator(f"a[href='/associations/{association.pk}/']").click()
    axe_check(page, f"association review {language}")
    page.locator("button[name=action][value=approve]").click()
    expect(page.locator("#manager-password")).to_be_visible()
    axe_check(page, f"association approved {language}")
    username = page.locator("#manager-username").inner_text().strip()
    password = page.locator("#manager-password").inner_text().strip()
    assert password in mail.outbox[-1].body
    logout(page)

    # The manager applies for three children: two found in the registry by the social ID and date of birth their
    # families gave, one registered on the spot.
    login(page, live_server, username=username, password=password)
    page.goto(f"{live_server.url}/associations/applications/")
    axe_check(page, f"application list (manager) {language}")
    page.locator("a[href='/associations/applications/new/']").click()
    axe_check(page, f"new application {language}")
    page.locator("#id_school_year").fill("2026-2027")
    page.locator("main form button.primary").click()
    expect(page).to_have_url(re.compile(r"/associations/applications/\d+/$"))
    application = SchoolingApplication.objects.get()
    add_url = f"{live_server.url}/associations/applications/{application.pk}/children/add/"
    for index, person in enumerate([people["casa"], people["settat"]]):
        page.goto(add_url)
        page.locator("#lookup_person").fill(person.social_id)
        page.locator("#lookup_born").fill(person.birth_date.isoformat())
        page.locator("section[aria-labelledby=lookup-title] button").click()
        if index == 0:
            axe_check(page, f"child form, person chosen {language}")
        page.select_option("#id_kind", "motor")
        page.select_option("#id_degree", "moderate")
        page.locator("#id_card_number").fill(f"H-10{index}")
        page.locator("#id_school").fill("École Anfa, CE2")
        page.locator("input[name=support_kind][value=inclusion]").check()
        page.locator("#id_amount_requested").fill("5000")
        page.locator("main form[method=post] button.primary").click()
        expect(page).to_have_url(re.compile(r"/associations/applications/\d+/$"))
    page.goto(add_url)
    page.locator("#q").fill("Nobody Zzyzx")
    page.locator("form[role=search] button").click()
    axe_check(page, f"child form, nobody found {language}")
    page.locator("#id_given_name_latin").fill("Salma")
    page.locator("#id_family_name_latin").fill("Ouazzani")
    page.locator("input[name=sex][value=F]").check()
    page.locator("#id_birth_date").fill("2016-03-02")
    page.select_option("#id_commune", str(territory["anfa"].pk))
    page.locator("#id_consent").check()
    page.select_option("#id_kind", "hearing")
    page.select_option("#id_degree", "severe")
    page.locator("#id_school").fill("Classe intégrée Anfa")
    page.locator("input[name=support_kind][value=educator]").check()
    page.locator("#id_amount_requested").fill("8000")
    page.locator("main form[method=post] button.primary").click()
    expect(page).to_have_url(re.compile(r"/associations/applications/\d+/$"))
    assert SupportedChild.objects.filter(application=application).count() == 3
    axe_check(page, f"application draft {language}")
    page.locator("main button[name=action][value=submit]").click()
    expect(page.locator("main button[name=action][value=submit]")).to_have_count(0)
    logout(page)

    # The officer decides per child, then the application.
    login(page, live_server, username="t_officer")
    page.goto(f"{live_server.url}/associations/applications/{application.pk}/")
    axe_check(page, f"application to decide {language}")
    first, second, third = SupportedChild.objects.filter(application=application).order_by("pk")
    for child, decision in ((first, "approved"), (second, "partly"), (third, "rejected")):
        form = page.locator(f"section[aria-labelledby=decide-{child.pk}] form")
        form.locator(f"input[value={decision}]").check()
        if decision == "partly":
            form.locator(f"#id_c{child.pk}-amount_granted").fill("3000")
        if decision == "rejected":
            form.locator(f"#id_c{child.pk}-reason").fill("Hors critères")
        form.locator("button").click()
        expect(page.locator(".messages")).to_be_visible()
    axe_check(page, f"children decided {language}")
    page.locator("section[aria-labelledby=decide-application] form button").click()
    expect(page.locator("main input[name=action][value=decide]")).to_have_count(0)
    axe_check(page, f"application decided {language}")
    application.refresh_from_db()
    assert application.status == SchoolingApplication.Status.PARTLY
