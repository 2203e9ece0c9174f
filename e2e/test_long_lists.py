"""The commune list: a search box narrows it as one types (by commune or province, accents and hamza seats aside),
the keyboard goes from the box to the list, axe finds nothing; without JavaScript the box is not there and the list
is grouped by province — in French, Arabic and English."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import login, switch_language

pytestmark = pytest.mark.django_db(transaction=True)

SHOWN = "() => [...document.querySelectorAll('#id_commune option')].filter(o => o.value && !o.hidden).map(o => o.text)"
TYPED = {"fr": ("anf", "Anfa", "Communes affichées : 1"), "ar": ("انف", "أنفا", "الجماعات المعروضة: 1")}
TYPED["en"] = ("ANF", "Anfa", "Communes shown: 1")
PROVINCE = {"fr": "settat", "ar": "سطات", "en": "Settat"}
SETTAT = {"fr": "Settat", "ar": "سطات", "en": "Settat"}


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_typing_narrows_the_commune_list_and_the_keyboard_reaches_it(page, live_server, personas, axe_check, language):
    login(page, live_server)
    if language != "fr":
        switch_language(page, language)
    page.goto(f"{live_server.url}/persons/new/")
    search = page.locator("#id_commune-filter")
    expect(search).to_be_visible()
    assert len(page.evaluate(SHOWN)) == 3
    typed, commune, status = TYPED[language]
    search.press_sequentially(typed)
    expect(page.locator("#id_commune-shown")).to_have_text(status)
    assert page.evaluate(SHOWN) == [commune]
    axe_check(page, f"commune list narrowed {language}")
    search.press("Enter")  # to the list, not a submitted form
    assert page.evaluate("document.activeElement.id") == "id_commune"
    assert re.search(r"/persons/new/$", page.url)
    search.fill(PROVINCE[language])
    search.press("ArrowDown")
    assert page.evaluate(SHOWN) == [SETTAT[language]]
    search.fill("")
    search.dispatch_event("input")
    page.wait_for_function("() => document.querySelectorAll('#id_commune option[hidden]').length === 0")


def test_without_javascript_the_list_is_grouped_by_province_and_no_box_shows(chromium_browser, live_server, personas):
    context = chromium_browser.new_context(java_script_enabled=False, locale="ar")
    page = context.new_page()
    try:
        login(page, live_server)
        page.goto(f"{live_server.url}/persons/new/")
        expect(page.locator("#id_commune-filter")).to_be_hidden()
        groups = page.eval_on_selector_all("#id_commune optgroup", "gs => gs.map(g => g.label)")
        assert page.evaluate("document.documentElement.lang") == "ar"
        assert groups == ["الدار البيضاء", "الرباط", "سطات"]
        page.select_option("#id_commune", label="أنفا")
    finally:
        context.close()
