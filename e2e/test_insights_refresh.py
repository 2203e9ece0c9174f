"""The administrator asks for a refresh of the dashboards at /insights/refresh/, the worker runs it, and the page
shows it done without a reload; the page is axe-clean in French and in Arabic."""

import pytest
from playwright.sync_api import expect

from guichet.insights.models import RollupRefresh
from guichet.insights.tests.scenario import build
from guichet.notify.tests.test_worker import run_worker_once

from .conftest import login, switch_language

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_administrator_refreshes_the_dashboards(page, live_server, territory, personas, axe_check, language):
    build(territory)
    login(page, live_server, username="t_admin")
    if language != "fr":
        switch_language(page, language)
    page.goto(f"{live_server.url}/insights/refresh/")
    axe_check(page, f"refresh page, none yet, {language}")

    page.locator("#kind-full").check()
    page.locator("main form[method=post] button[type=submit]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    refresh = RollupRefresh.objects.get()
    assert refresh.kind == RollupRefresh.Kind.FULL and refresh.status == RollupRefresh.Status.QUEUED
    axe_check(page, f"refresh page, one waiting, {language}")

    run_worker_once()
    refresh.refresh_from_db()
    assert refresh.status == RollupRefresh.Status.DONE and refresh.progress == 100
    # No reload: the table fetches itself again while a refresh waits or runs, and stops once it is done.
    progress = page.locator("#refreshes tbody tr").first.locator("progress")
    expect(progress).to_have_attribute("value", "100", timeout=20_000)
    expect(page.locator("#refreshes[hx-trigger]")).to_have_count(0)
    axe_check(page, f"refresh page, one done, {language}")
