"""The referral form lists only the centres offering the chosen service, nearest to the person first."""

import re

import pytest
from django.urls import reverse

from guichet.cases.models import Referral
from guichet.cases.selectors import referral_centres
from guichet.network.models import Centre
from guichet.network.tests.factories import CentreFactory
from guichet.territory.tests.factories import CommuneFactory


@pytest.fixture
def incubators(personas, catalogue, territory):
    """The project support offered, beyond the Anfa incubator, in Casablanca's province, in Settat (same region),
    in Rabat (another region), and by a closed incubator; a centre nearby offers only the card."""
    project = catalogue["project"]
    ain_chock = CommuneFactory(code="C-AINCHOCK", province=territory["casablanca"], name_fr="Aïn Chock")
    return {
        "anfa": personas["incubator"].centre,
        "province": CentreFactory(
            name="Incubateur Aïn Chock", kind=Centre.Kind.INCUBATOR, commune=ain_chock, offers=[project]
        ),
        "region": CentreFactory(
            name="Incubateur Settat", kind=Centre.Kind.INCUBATOR, commune=territory["settat_city"], offers=[project]
        ),
        "nation": CentreFactory(
            name="Incubateur Agdal", kind=Centre.Kind.INCUBATOR, commune=territory["agdal"], offers=[project]
        ),
        "closed": CentreFactory(
            name="Incubateur fermé",
            kind=Centre.Kind.INCUBATOR,
            commune=territory["anfa"],
            offers=[project],
            is_active=False,
        ),
        "card_only": CentreFactory(name="Centre Aïn Chock", kind=Centre.Kind.DISABILITY, commune=ain_chock),
    }


def options(html: str) -> list[str]:
    select = html[html.index('name="centre"') : html.index("</select>", html.index('name="centre"'))]
    return re.findall(r"<option value=\"(\d+)\"", select)


def test_the_centres_of_a_service_come_nearest_first_without_the_referring_centre(filed, incubators, catalogue):
    found = referral_centres(request=filed)
    expected = [incubators[place] for place in ("anfa", "province", "region", "nation")]
    assert found.for_service(catalogue["project"]) == expected
    # The card: the referring centre (Anfa) is left out, Rabat's remains.
    assert [centre.name for centre in found.for_service(catalogue["card"])] == ["Centre Agdal"]


def test_the_form_with_a_service_chosen_lists_only_its_centres_nearest_first(
    client, filed, personas, incubators, catalogue
):
    client.force_login(personas["centre"])
    url = reverse("cases:refer", args=[filed.reference])
    html = client.get(url, {"service": catalogue["project"].pk}).content.decode()
    assert options(html) == [str(incubators[place].pk) for place in ("anfa", "province", "region", "nation")]
    assert "<optgroup" not in html


def test_without_a_service_the_centres_are_grouped_by_service(client, filed, personas, incubators, catalogue):
    client.force_login(personas["centre"])
    html = client.get(reverse("cases:refer", args=[filed.reference])).content.decode()
    group = html[html.index('<optgroup label="Income-generating project support">') :]
    group = group[: group.index("</optgroup>")]
    assert re.findall(r">([^<]+) — ", group) == [
        "Incubateur Anfa",
        "Incubateur Aïn Chock",
        "Incubateur Settat",
        "Incubateur Agdal",
    ]
    card = html[html.index('<optgroup label="Disability card">') :]
    card = card[: card.index("</optgroup>")]
    assert "Centre Agdal" in card and "Centre Anfa" not in card  # not the referring centre
    assert "Incubateur fermé" not in html and "Centre Aïn Chock" not in html


@pytest.mark.parametrize(
    "language, message",
    [
        ("en", "This centre does not offer the service chosen."),
        ("fr", "Ce centre ne propose pas le service choisi."),
        ("ar", "لا يقدم هذا المركز الخدمة المختارة."),
    ],
)
def test_a_centre_not_offering_the_service_is_refused_with_a_translated_error(
    client, filed, personas, incubators, catalogue, language, message
):
    client.force_login(personas["centre"])
    client.cookies["django_language"] = language
    response = client.post(
        reverse("cases:refer", args=[filed.reference]),
        {
            "version": filed.version,
            "service": catalogue["project"].pk,
            "centre": personas["centre_rabat"].centre.pk,
            "reason": "Projet de couture.",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_centre"' in html
    assert message in html
    assert not Referral.objects.exists()


def test_a_centre_of_the_service_chosen_receives_the_referral(client, filed, personas, incubators, catalogue):
    client.force_login(personas["centre"])
    response = client.post(
        reverse("cases:refer", args=[filed.reference]),
        {
            "version": filed.version,
            "service": catalogue["project"].pk,
            "centre": incubators["region"].pk,
            "reason": "Projet de couture à Settat.",
        },
    )
    assert response.status_code == 302
    assert Referral.objects.get().to_centre == incubators["region"]


def test_the_referring_centre_is_never_offered_nor_accepted(client, filed, personas, catalogue):
    client.force_login(personas["centre"])
    response = client.post(
        reverse("cases:refer", args=[filed.reference]),
        {
            "version": filed.version,
            "service": catalogue["card"].pk,
            "centre": personas["centre"].centre.pk,
            "reason": "Renvoi à soi-même.",
        },
    )
    assert response.status_code == 200 and not Referral.objects.exists()


def test_the_centre_list_costs_the_same_few_queries_however_many_centres(
    client, filed, personas, incubators, catalogue, django_assert_max_num_queries, territory
):
    for _number in range(20):
        CentreFactory(kind=Centre.Kind.INCUBATOR, commune=territory["agdal"], offers=[catalogue["project"]])
    with django_assert_max_num_queries(4):
        found = referral_centres(request=filed)
        assert len(found.for_service(catalogue["project"])) == 24
