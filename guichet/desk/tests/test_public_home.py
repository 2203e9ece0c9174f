"""The public home at /: citizens find the public pages and the open windows near them; staff go to their work."""

import pytest
from django.test import override_settings
from django.urls import reverse

from guichet.network.models import Window
from guichet.network.tests.factories import WindowFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def windows(territory):
    return {
        "anfa": WindowFactory(
            name="Guichet Anfa", name_ar="شباك أنفا", commune=territory["anfa"], opening_hours="Lun-Ven 8h30-16h30"
        ),
        "settat": WindowFactory(name="Guichet Settat", name_ar="شباك سطات", commune=territory["settat_city"]),
        "agdal": WindowFactory(name="Guichet Agdal", name_ar="شباك أكدال", commune=territory["agdal"]),
        "planned": WindowFactory(
            name="Guichet Futur", commune=territory["anfa"], status=Window.Status.PLANNED, opened_on=None
        ),
    }


def test_an_anonymous_visitor_gets_the_public_home_not_the_login(client, windows):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    for url in (
        reverse("portal:track"),
        reverse("training:learn"),
        reverse("training:verify_form"),
        reverse("associations:register"),
        reverse("accounts:login"),
    ):
        assert f'href="{url}"' in html, url
    assert "Connexion du personnel" in html


def test_open_windows_are_listed_by_region_then_province_and_planned_ones_never(client, windows):
    html = client.get("/").content.decode()
    assert "Guichet Anfa" in html and "Guichet Settat" in html and "Guichet Agdal" in html
    assert "Guichet Futur" not in html
    assert "Lun-Ven 8h30-16h30" in html
    # Casablanca-Settat (MA-06) comes after Rabat-Salé-Kénitra (MA-04), Casablanca before Settat.
    assert html.index("Guichet Agdal") < html.index("Guichet Anfa") < html.index("Guichet Settat")


def test_the_place_filter_works_without_javascript(client, windows):
    html = client.get("/", {"region": "MA-06"}).content.decode()
    assert "Guichet Anfa" in html and "Guichet Settat" in html and "Guichet Agdal" not in html
    html = client.get("/", {"region": "MA-04", "province": "MA-SET"}).content.decode()
    assert "Guichet Settat" in html and "Guichet Anfa" not in html and "Guichet Agdal" not in html
    assert '<option value="MA-SET" selected>' in html


def test_an_unknown_place_is_ignored_not_an_error(client, windows):
    response = client.get("/", {"region": "<script>", "province": "MA-99"})
    assert response.status_code == 200 and "Guichet Agdal" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "title", "direction"),
    [
        ("fr", "Guichets sociaux : vos services en un seul lieu", "ltr"),
        ("ar", "الشبابيك الاجتماعية: خدماتكم في مكان واحد", "rtl"),
        ("en", "Social windows: your services in one place", "ltr"),
    ],
)
def test_the_public_home_speaks_the_three_languages(client, windows, language, title, direction):
    client.cookies.load({"django_language": language})
    html = client.get("/").content.decode()
    assert f'lang="{language}" dir="{direction}"' in html
    assert title in html
    if language == "ar":
        assert "شباك أنفا" in html and "أنفا" in html


def test_the_public_home_is_light_and_has_no_script(client, windows):
    response = client.get("/")
    html = response.content.decode()
    assert "<script" not in html
    assert len(response.content) < 20_000


@override_settings(LANGUAGE_CODE="fr")
def test_the_windows_list_is_paginated_with_the_filter_kept(client, territory):
    for n in range(35):
        WindowFactory(name=f"Guichet {n:02d}", commune=territory["anfa"])
    html = client.get("/", {"region": "MA-06"}).content.decode()
    assert "35 guichets ouverts" in html
    assert "region=MA-06" in html and "page=2" in html


def test_the_public_home_reads_a_fixed_number_of_queries(client, windows, django_assert_max_num_queries, territory):
    for n in range(20):
        WindowFactory(name=f"Guichet {n:02d}", commune=territory["settat_city"])
    with django_assert_max_num_queries(6):
        client.get("/")


def test_a_signed_in_staff_member_is_sent_to_their_landing_page(client, personas):
    client.force_login(personas["agent"])
    assert client.get("/")["Location"] == reverse("desk:window")


@pytest.mark.parametrize(
    ("language", "first", "second"), [("fr", "Guichet Alpha", "Guichet Zeta"), ("ar", "شباك زيتا", "شباك ألفا")]
)
def test_provinces_of_a_region_are_sorted_by_their_name_in_the_language_shown(client, language, first, second):
    from guichet.territory.tests.factories import CommuneFactory, ProvinceFactory, RegionFactory

    region = RegionFactory()
    alpha = ProvinceFactory(region=region, name_fr="Aïn Alpha", name_ar="يوسفية")
    zeta = ProvinceFactory(region=region, name_fr="Zeta", name_ar="أزيلال")
    WindowFactory(name="Guichet Alpha", name_ar="شباك ألفا", commune=CommuneFactory(province=alpha))
    WindowFactory(name="Guichet Zeta", name_ar="شباك زيتا", commune=CommuneFactory(province=zeta))
    client.cookies["django_language"] = language
    html = client.get("/", {"region": region.code}, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert html.index(first) < html.index(second)
    options = html[html.index('name="province"') :]
    if language == "ar":
        assert options.index(zeta.name_ar) < options.index(alpha.name_ar)
    else:
        assert options.index(alpha.name_fr) < options.index(zeta.name_fr)
