"""J1, first half: an agent logs in, switches to Arabic, searches, registers a person, opens the file."""

import re

import pytest
from playwright.sync_api import expect

from guichet.registry.models import Person

from .conftest import login, switch_language

pytestmark = pytest.mark.django_db(transaction=True)


def test_agent_journey_in_arabic(page, live_server, territory, personas, people, axe_check):
    page.goto(f"{live_server.url}/accounts/login/")
    axe_check(page, "login fr")
    switch_language(page, "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    axe_check(page, "login ar")
    login(page, live_server)

    # Search: by keyboard, a Latin spelling variant finds the person recorded in both scripts.
    search = page.locator("#q")
    search.fill("Mohammed Idrissi")
    search.press("Enter")
    expect(page.locator("#results")).to_contain_text("الإدريسي")
    axe_check(page, "search ar")

    # Register a new person.
    page.goto(f"{live_server.url}/persons/new/")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    axe_check(page, "person form ar")
    page.locator("#id_given_name_latin").fill("Zineb")
    page.locator("#id_family_name_latin").fill("Chraibi")
    page.locator("#id_given_name_ar").fill("زينب")
    page.locator("#id_family_name_ar").fill("الشرايبي")
    page.locator("#id_sex_0").check()
    page.locator("#id_birth_date").fill("1994-07-21")
    page.locator("#id_cnie").fill("bh 445566")
    page.locator("#id_phone").fill("0661 22 33 44")
    page.select_option("#id_commune", value=str(territory["anfa"].pk))
    page.locator("form[method=post] button[type=submit].primary").click()

    person = Person.objects.get(family_name_latin="Chraibi")
    expect(page).to_have_url(re.compile(f"/persons/{person.social_id}/$"))
    expect(page.locator("h1")).to_contain_text("زينب")
    expect(page.locator("main")).to_contain_text("BH445566")
    axe_check(page, "person ar")

    # The form reports bad input on the field, in Arabic, and keeps the page accessible.
    page.goto(f"{live_server.url}/persons/new/")
    page.locator("#id_idcs").fill("123")
    page.locator("form[method=post] button[type=submit].primary").click()
    expect(page.locator("#id_idcs_error")).to_be_visible()
    axe_check(page, "person form with errors ar")


def test_pages_in_french_are_accessible(page, live_server, personas, people, axe_check):
    login(page, live_server)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.goto(f"{live_server.url}/persons/?q=Fatma+Benani")
    expect(page.locator("#results")).to_contain_text("Bennani")
    axe_check(page, "search fr")
    page.goto(f"{live_server.url}/persons/new/")
    axe_check(page, "person form fr")
    page.goto(f"{live_server.url}/persons/{people['casa'].social_id}/")
    expect(page.locator("main")).to_contain_text("BE123456")
    axe_check(page, "person fr")
    page.goto(f"{live_server.url}/persons/{people['casa'].social_id}/edit/")
    axe_check(page, "edit fr")


def test_keyboard_alone_finds_and_opens_a_file(page, live_server, personas, people):
    login(page, live_server)
    expect(page.locator("#q")).to_be_focused()  # the search field takes the focus on arrival
    page.keyboard.type("Youcef Alaoui")
    page.keyboard.press("Enter")
    expect(page.locator("#results")).to_contain_text("Youssef")
    page.goto(f"{live_server.url}/persons/?q=Mohamed+Idrissi")
    page.locator("#results a").first.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(f"/persons/{people['casa'].social_id}/$"))
    page.keyboard.press("Tab")
    expect(page.locator(".skip")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
