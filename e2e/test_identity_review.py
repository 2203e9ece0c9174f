"""J8: the data steward opens the queue, compares a pair, merges it, opens the old social ID and lands on the
surviving file, then undoes the merge — by keyboard, each page axe-clean, in French and in Arabic (right to left)."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from guichet.cases.models import Request
from guichet.cases.tests.factories import RequestFactory
from guichet.identity.models import Merge
from guichet.identity.tests.proposals import propose
from guichet.registry.tests.factories import PersonFactory

from .conftest import login, switch_language

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def twin(people, territory):
    """The man of people["casa"], registered a second time at another window with another spelling."""
    casa = people["casa"]
    twin = PersonFactory(
        given_name_latin="Mohammed",
        family_name_latin="Idrissi",
        given_name_ar="محمد",
        family_name_ar="الادريسي",
        sex="M",
        birth_date=casa.birth_date,
        commune=territory["anfa"],
        address="Derb Sultan, rue 12",
    )
    propose(casa, twin, probability=0.9974)
    return twin


def _press(page, locator):
    """Activate a link or a button by the keyboard alone."""
    locator.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_steward_merges_a_pair_then_undoes_it(page, live_server, personas, people, twin, axe_check, language):
    casa = people["casa"]
    request = RequestFactory(person=twin, delivered_on=datetime.date(2026, 5, 4))
    login(page, live_server, "t_steward")
    if language != "fr":
        switch_language(page, language)
    direction = "rtl" if language == "ar" else "ltr"

    # The queue, reached from the menu.
    _press(page, page.locator("nav a[href='/identity/']"))
    expect(page.locator("html")).to_have_attribute("dir", direction)
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Mohammed Idrissi")
    expect(rows.first).to_contain_text("الإدريسي")
    axe_check(page, f"queue {language}")

    # The pair: both files side by side, the differences marked, the reasons in words.
    _press(page, rows.first.locator("a"))
    expect(page).to_have_url(re.compile(f"/identity/pair/{casa.social_id}/{twin.social_id}/$"))
    expect(page.locator("table.compare mark").first).to_be_visible()
    expect(page.locator("section[aria-labelledby=reasons-title] tbody tr")).to_have_count(3)
    axe_check(page, f"pair {language}")

    # Merge with the choices made for the steward, confirmed on a step of its own.
    _press(page, page.locator("section[aria-labelledby=merge-title] button.primary"))
    expect(page.locator("h1")).to_contain_text(casa.social_id_display)
    axe_check(page, f"merge confirmation {language}")
    assert not Merge.objects.exists()
    _press(page, page.locator("form.confirm button[name=confirm]"))
    merge = Merge.objects.get()
    expect(page).to_have_url(re.compile(f"/identity/merge/{merge.pk}/$"))
    expect(page.locator(".messages")).to_contain_text(twin.social_id_display)
    axe_check(page, f"merge {language}")
    assert Request.objects.get(pk=request.pk).person_id == casa.pk

    # The old social ID leads to the file that remains.
    page.goto(f"{live_server.url}/persons/{twin.social_id}/")
    expect(page).to_have_url(re.compile(f"/persons/{casa.social_id}/$"))
    expect(page.locator(".messages")).to_be_visible()
    expect(page.locator(f"a[href='/identity/merge/{merge.pk}/']")).to_be_visible()

    # Undo the merge, confirmed first: everything is back where it was.
    page.goto(f"{live_server.url}/identity/merge/{merge.pk}/")
    _press(page, page.locator("section[aria-labelledby=unmerge-title] button"))
    axe_check(page, f"unmerge confirmation {language}")
    _press(page, page.locator("form.confirm button[name=confirm]"))
    expect(page).to_have_url(re.compile(f"/identity/merge/{merge.pk}/$"))
    expect(page.locator("section[aria-labelledby=unmerge-title]")).to_have_count(0)
    axe_check(page, f"merge undone {language}")
    merge.refresh_from_db()
    assert merge.undone_at is not None
    assert Request.objects.get(pk=request.pk).person_id == twin.pk
    page.goto(f"{live_server.url}/persons/{twin.social_id}/")
    expect(page).to_have_url(re.compile(f"/persons/{twin.social_id}/$"))


def test_a_refused_merge_is_shown_on_the_pair_page(page, live_server, personas, people, twin, axe_check):
    from guichet.identity.services import pair_decide

    pair_decide(actor=personas["steward"], a=people["casa"], b=twin, decision="not_same")
    login(page, live_server, "t_steward")
    switch_language(page, "ar")
    page.goto(f"{live_server.url}/identity/pair/{people['casa'].social_id}/{twin.social_id}/")
    _press(page, page.locator("section[aria-labelledby=merge-title] button.primary"))
    _press(page, page.locator("form.confirm button[name=confirm]"))
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#error-summary")).to_be_focused()
    axe_check(page, "merge refused ar")
    assert not Merge.objects.exists()
