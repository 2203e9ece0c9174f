"""J7/J9, client systems: the administrator registers another system with the keyboard, copies its token from the
one page that shows it (never again, not even on reload), then revokes it after a confirmation; the pages are
axe-clean in French and Arabic, errors included."""

import re

import pytest
from playwright.sync_api import expect

from guichet.accounts.api_clients import api_client_for_token
from guichet.accounts.models import ApiClient

from .conftest import login, switch_language
from .test_small_screens import PHONE, WIDE_ELEMENTS

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = {
    "fr": {"menu": "Systèmes clients", "revoked": "Révoqué", "gone": "ne l’est plus"},
    "ar": {"menu": "الأنظمة العميلة", "revoked": "ملغى", "gone": "لن يُعرض مجددًا"},
}


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_administrator_registers_a_client_copies_its_token_once_and_revokes_it(
    page, live_server, personas, axe_check, language
):
    words = WORDS[language]
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    login(page, live_server, username="t_admin")
    if language != "fr":
        switch_language(page, language)

    # The staff menu leads there.
    page.goto(f"{live_server.url}/accounts/staff/")
    page.get_by_role("navigation").get_by_role("link", name=words["menu"]).click()
    expect(page.locator("h1")).to_have_text(words["menu"])
    axe_check(page, f"client list {language}")

    # Sent empty: each refusal named on its field, the summary first.
    page.goto(f"{live_server.url}/accounts/clients/new/")
    axe_check(page, f"client form {language}")
    page.locator("#id_name").press("Enter")
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#id_name_error")).to_be_visible()
    axe_check(page, f"client form with errors {language}")

    # Keyboard only: typed, chosen and ticked, sent with Enter.
    page.locator("#id_name").focus()
    page.keyboard.type("RSU national")
    page.keyboard.press("Tab")
    page.keyboard.type("Équipe RSU, it@rsu.example.ma")
    page.locator("#id_national").focus()
    page.keyboard.press("Space")
    page.locator("#id_permissions_0").focus()
    page.keyboard.press("Space")
    page.locator("#id_permissions_3").focus()
    page.keyboard.press("Space")
    page.locator("#id_callback_urls").focus()
    page.keyboard.type("https://rsu.example.ma/dci/on-search")
    page.locator("#id_name").press("Enter")

    # The token, once: copied with its button (the clipboard holds it), and it opens the API.
    token_field = page.locator("#api-token")
    expect(token_field).to_be_visible()
    token = token_field.input_value()
    assert re.fullmatch(r"gch_[0-9a-f]{8}_[\w-]{43}", token)
    client = ApiClient.objects.get(name="RSU national")
    assert api_client_for_token(token) == client and client.user.national
    axe_check(page, f"token page {language}")
    copy = page.locator("button[data-copy=api-token]")
    copy.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".copy-status")).not_to_be_empty()
    assert page.evaluate("navigator.clipboard.readText()") == token

    # A reload shows it no more, nor does the page's source.
    page.reload()
    expect(page.locator("#api-token")).to_have_count(0)
    expect(page.locator("main")).to_contain_text(words["gone"])
    assert token not in page.content()

    # Revoked from its page, after a confirmation step.
    page.goto(f"{live_server.url}/accounts/clients/{client.pk}/")
    axe_check(page, f"client page {language}")
    page.locator("form.action:has(input[value=revoke]) button").focus()
    page.keyboard.press("Enter")
    expect(page.locator("form.confirm")).to_be_visible()
    axe_check(page, f"revoke confirmation {language}")
    assert api_client_for_token(token) == client  # not before it is confirmed
    page.locator("form.confirm button[name=confirm]").focus()
    page.keyboard.press("Enter")
    expect(page.locator("p.lead .tag")).to_have_text(words["revoked"])
    assert api_client_for_token(token) is None
    axe_check(page, f"client page revoked {language}")


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_client_pages_do_not_scroll_sideways_on_a_phone(page, live_server, personas, api_clients, language):
    client, _ = api_clients("read_persons", "subscribe", name="Registre social unifié (RSU) — plateforme nationale")
    ApiClient.objects.filter(pk=client.pk).update(
        public_key="MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=",
        callback_urls=["https://rsu-plateforme-nationale.example.ma/api/dci/v1/registry/on-search/callback-endpoint"],
    )
    page.set_viewport_size(PHONE)
    login(page, live_server, username="t_admin")
    if language != "fr":
        switch_language(page, language)
    page.goto(f"{live_server.url}/accounts/clients/new/")
    page.locator("#id_name").fill("Système de suivi des programmes")
    page.locator("#id_contact").fill("it@example.ma")
    page.locator("#id_national").check()
    page.locator("#id_permissions_0").check()
    page.locator("#id_name").press("Enter")
    expect(page.locator("#api-token")).to_be_visible()
    for path in (
        page.url,
        "/accounts/clients/",
        f"/accounts/clients/{client.pk}/",
        f"/accounts/clients/{client.pk}/edit/",
    ):
        if path != page.url:
            page.goto(f"{live_server.url}{path}")
        expect(page.locator("h1")).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (
            f"{path} ({language}) scrolls sideways: {width}px, {page.evaluate(WIDE_ELEMENTS)}"
        )
