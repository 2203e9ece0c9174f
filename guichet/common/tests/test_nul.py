"""A NUL character in an address or a query parameter gets a clear 400 page, on every database."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    "url", ["/accounts/staff/?q=%00", "/audit/?actor=a%00b", "/associations/?q=%00", "/persons/?q=Fati%00ma"]
)
def test_a_nul_in_a_search_or_filter_gets_a_clear_page(client, personas, url):
    client.force_login(personas["admin"])

    response = client.get(url, headers={"accept-language": "en"})

    assert response.status_code == 400
    assert "invisible control character" in response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_a_nul_in_an_address_gets_a_clear_page(client, personas):
    client.force_login(personas["agent"])
    response = client.get("/persons/12%0034/", headers={"accept-language": "en"})
    assert response.status_code == 400


@pytest.mark.parametrize(("language", "words"), [("fr", "Demande incomprise"), ("ar", "تعذّر فهم الطلب")])
def test_the_page_is_translated(client, db, language, words):
    response = client.get(reverse("portal:track") + "?reference=%00", headers={"accept-language": language})
    assert response.status_code == 400
    assert words in response.content.decode()


def test_an_ordinary_query_is_served(client, personas):
    client.force_login(personas["admin"])
    assert client.get("/accounts/staff/?q=Fatima").status_code == 200
