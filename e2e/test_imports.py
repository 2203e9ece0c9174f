"""The data steward imports a file of persons from /imports/: sends it, reads the bad rows and downloads the report,
sends it corrected, decides the row that may be a registered person, starts the import and sees it done without
reloading the page; every page is axe-clean in French and in Arabic, and worked by keyboard."""

import re

import pytest
from playwright.sync_api import expect

from guichet.interop.imports.models import ImportJob
from guichet.interop.imports.tests.files import csv_bytes, person_row
from guichet.notify.tests.test_worker import run_worker_once
from guichet.registry.models import Person

from .conftest import login, switch_language

pytestmark = pytest.mark.django_db(transaction=True)

READY = {"fr": "vérifié, prêt à importer", "ar": "تم التحقق، جاهز للاستيراد"}
DONE = {"fr": "importé", "ar": "تم الاستيراد"}
BAD = {"fr": "Ce n'est pas une date", "ar": "هذا ليس تاريخًا"}


def _rows(birth_date: str) -> list[dict]:
    fatima = person_row(
        given_name_latin="Fatima",
        family_name_latin="Bennani",
        given_name_ar="فاطمة",
        family_name_ar="بناني",
        birth_date="1985-03-14",
        commune="C-SETTAT",
    )
    return [person_row(cnie="BK7", birth_date=birth_date), fatima]


def _send(page, path) -> None:
    page.locator("#id_file").set_input_files(str(path))
    button = page.locator("form button[type=submit].primary")
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_steward_imports_a_file_after_correcting_it(
    page, live_server, personas, people, axe_check, language, tmp_path, settings
):
    settings.DATA_DIR = tmp_path
    login(page, live_server, "t_steward")
    if language != "fr":
        switch_language(page, language)
    page.goto(f"{live_server.url}/")
    page.locator("nav a[href='/imports/']").click()
    page.wait_for_load_state()
    axe_check(page, f"imports list, {language}")
    page.locator("a[href='/imports/new/']").first.click()
    page.wait_for_load_state()
    axe_check(page, f"import form, {language}")

    bad = tmp_path / "persons-bad.csv"
    bad.write_bytes(csv_bytes(_rows("31/02/1990")))
    _send(page, bad)
    job = ImportJob.objects.get()
    expect(page.locator("#import[hx-trigger]")).to_have_count(1)  # updates itself while the worker checks
    axe_check(page, f"import being checked, {language}")
    run_worker_once()
    expect(page.locator("#import")).to_contain_text(BAD[language], timeout=20_000)
    expect(page.locator("#import[hx-trigger]")).to_have_count(0)
    expect(page.locator("#import tbody tr th").first).to_have_text("2")
    with page.expect_download() as download:
        page.locator(f"a[href='/imports/{job.pk}/report.csv']").click()
    report = download.value.path().read_text(encoding="utf-8-sig")
    assert BAD[language] in report and report.splitlines()[1].startswith("2,birth_date,")
    axe_check(page, f"import with bad rows, {language}")
    assert not Person.objects.filter(cnie="BK7").exists()

    page.locator("a[href='/imports/new/']").first.click()
    page.wait_for_load_state()
    good = tmp_path / "persons.csv"
    good.write_bytes(csv_bytes(_rows("28/02/1990")))
    _send(page, good)
    run_worker_once()
    expect(page.locator(".import-status")).to_have_text(READY[language], timeout=20_000)
    axe_check(page, f"import to decide, {language}")

    # The Fatima of the file may be the one registered in Settat: the steward says it is her, by keyboard.
    page.locator("#decision-3-link").focus()
    page.keyboard.press("Space")
    with page.expect_navigation():
        page.locator("form:has(input[value=decide]) button[type=submit]").press("Enter")
    with page.expect_navigation():
        page.locator("form.actions button[type=submit]").press("Enter")
    expect(page.locator("#import progress")).to_be_visible()
    axe_check(page, f"import running, {language}")
    run_worker_once()

    expect(page.locator(".import-status")).to_have_text(DONE[language], timeout=20_000)
    expect(page.locator("#import[hx-trigger]")).to_have_count(0)
    axe_check(page, f"import done, {language}")
    assert Person.objects.filter(cnie="BK7").exists()
    assert Person.objects.filter(family_name_latin="Bennani").count() == 1  # linked, not created again
    assert re.search(r"1\b", page.locator("dl.summary dd").first.inner_text())
