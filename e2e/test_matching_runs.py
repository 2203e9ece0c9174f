"""The data steward starts a run of the matching model from /identity/runs/ and watches it finish without reloading
the page, then goes to the review queue; the page is axe-clean in French and in Arabic."""

import re

import pytest
from playwright.sync_api import expect

from guichet.identity.models import CandidatePair, MatchRun
from guichet.identity.tests.batch_registry import model_trained, small_registry
from guichet.notify.tests.test_worker import run_worker_once

from .conftest import login, switch_language

pytestmark = pytest.mark.django_db(transaction=True)

FINISHED = {"fr": "terminé", "ar": "انتهى"}


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_steward_starts_a_run_and_sees_it_finish(page, live_server, personas, territory, axe_check, language):
    registry = small_registry(territory)
    model_trained()
    login(page, live_server, "t_steward")
    if language != "fr":
        switch_language(page, language)
    page.goto(f"{live_server.url}/identity/runs/")
    axe_check(page, f"runs page, no run yet, {language}")

    start = page.locator("form.actions button[type=submit]")
    start.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    run = MatchRun.objects.get()
    assert run.status == MatchRun.Status.QUEUED
    expect(page.locator("#runs progress")).to_have_attribute("value", "0")
    expect(page.locator("#runs[hx-trigger]")).to_have_count(1)  # the table updates itself while the run waits
    axe_check(page, f"runs page, a run waiting, {language}")

    run_worker_once()

    # No reload: the table fetches itself again and shows the run finished, then stops polling.
    expect(page.locator("#runs tbody tr").first).to_contain_text(FINISHED[language], timeout=20_000)
    expect(page.locator("#runs progress")).to_have_attribute("value", "100")
    expect(page.locator("#runs[hx-trigger]")).to_have_count(0)
    proposed = str(CandidatePair.objects.count())
    assert CandidatePair.objects.filter(person_a=min(registry.youssef.pk, registry.youssef_latin.pk)).exists()
    expect(page.locator("#runs tbody tr").first.locator("td").nth(5)).to_have_text(proposed)
    axe_check(page, f"runs page, a run finished, {language}")

    page.get_by_role("link", name=re.compile("Examiner les paires|مراجعة الأزواج")).click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/identity/"
