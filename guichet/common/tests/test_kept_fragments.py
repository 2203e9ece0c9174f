"""The menus kept once per process ({% cache %} fragments) are kept per language and per menu flags: what one
reader saw is never shown to a reader of another role or language."""

from django.urls import reverse

SEARCH = reverse("registry:search")
TRACK = reverse("portal:track")


def test_a_menu_kept_for_an_administrator_is_not_shown_to_an_agent(client, personas):
    staff_accounts = f'href="{reverse("accounts:staff_list")}"'
    client.force_login(personas["admin"])
    assert staff_accounts in client.get(SEARCH, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    client.force_login(personas["agent"])
    page = client.get(SEARCH, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert staff_accounts not in page
    assert "Rechercher une personne" in page


def test_the_menus_and_the_citizens_links_follow_the_language(client, personas):
    client.force_login(personas["agent"])
    french = client.get(SEARCH, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    arabic = client.get(SEARCH, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "Rechercher une personne" in french and "Rechercher une personne" not in arabic
    assert "Suivre une demande" in french and "Suivre une demande" not in arabic
    client.logout()
    assert "Suivre une demande" not in client.get(TRACK, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "Suivre une demande" in client.get(TRACK, HTTP_ACCEPT_LANGUAGE="fr").content.decode()


def test_the_language_switcher_keeps_its_choices_per_language_and_its_form_per_page(client):
    """The languages offered are kept per language (the one selected differs), the form's token and the page to
    come back to are the visitor's own."""
    french = client.get(TRACK, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    arabic = client.get(TRACK, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<option value="fr" lang="fr" selected>' in french and '<option value="ar" lang="ar">' in french
    assert '<option value="ar" lang="ar" selected>' in arabic and '<option value="fr" lang="fr">' in arabic
    assert '<label for="language">Langue</label>' in french and "Langue" not in arabic
    other = client.get(reverse("training:verify_form"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert f'name="next" type="hidden" value="{TRACK}"' in french
    assert f'name="next" type="hidden" value="{reverse("training:verify_form")}"' in other
