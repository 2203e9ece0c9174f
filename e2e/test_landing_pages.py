"""The public home and each role's landing page: French, Arabic and English, by keyboard, zero axe violations."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from guichet.cases.models import Request
from guichet.network.tests.factories import ServiceFactory, WindowFactory

from .conftest import login, switch_language

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_the_public_home_by_keyboard(page, live_server, territory, axe_check, language):
    WindowFactory(name="Guichet Anfa", name_ar="شباك أنفا", commune=territory["anfa"], opening_hours="8h30-16h30")
    WindowFactory(name="Guichet Agdal", name_ar="شباك أكدال", commune=territory["agdal"])
    page.goto(f"{live_server.url}/")
    if language != "fr":
        switch_language(page, language)
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    axe_check(page, f"public home {language}")
    # Choose a province and show its windows with the keyboard alone (no script on the page).
    page.locator("#province").focus()
    page.keyboard.press("ArrowDown")  # the first province with an open window: Rabat (MA-04 comes first)
    page.locator("#province").press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("أكدال" if language == "ar" else "Agdal")
    expect(page.locator("main")).not_to_contain_text("أنفا" if language == "ar" else "Guichet Anfa")
    axe_check(page, f"public home filtered {language}")


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("t_agent", "/desk/window/"),
        ("t_sup_region", "/desk/territory/"),
        ("t_steward", "/desk/registry/"),
        ("t_admin", "/desk/network/"),
    ],
)
def test_each_landing_page_is_accessible(page, live_server, personas, people, axe_check, username, path, language):
    # A request filed today at the agent's window, late at its centre: the tables have a row to check.
    Request.objects.create(
        reference="1000000001",
        person=people["casa"],
        service=ServiceFactory(name_fr="Carte de handicap", name_ar="بطاقة الإعاقة", name_en="Disability card"),
        centre=personas["centre"].centre,
        window=personas["agent"].window,
        filed_by=personas["agent"],
        due_date=timezone.localdate() - datetime.timedelta(days=2),
    )
    login(page, live_server, username=username)
    if language != "fr":
        switch_language(page, language)
    expect(page).to_have_url(f"{live_server.url}{path}")
    axe_check(page, f"{path} {language}")
    if path == "/desk/registry/":
        page.goto(f"{live_server.url}{path}?list=phone")
        axe_check(page, f"{path} incomplete {language}")
