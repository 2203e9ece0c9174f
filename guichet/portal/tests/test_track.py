"""The public tracking page: the right reference and date of birth show the status, and nothing personal."""

import datetime
import re

import pytest
from django.urls import reverse

from guichet.cases.references import format_reference
from guichet.network.models import Centre
from guichet.notify.tests.factories import make_person, make_request
from guichet.portal.selectors import tracked_request

pytestmark = pytest.mark.django_db

TRACK = reverse("portal:track")
BIRTH = {"day": "14", "month": "3", "year": "1985"}


@pytest.fixture
def centre(personas):
    centre = Centre.objects.get(name="Centre Anfa")
    centre.name_ar = "مركز أنفا"
    centre.phone = "+212522112233"
    centre.email = "anfa@centres.example.ma"
    centre.address = "12 boulevard d'Anfa, Casablanca"
    centre.save()
    return centre


@pytest.fixture
def person(territory):
    return make_person(
        given_name_latin="Khadija",
        family_name_latin="Ouazzani",
        given_name_ar="خديجة",
        family_name_ar="الوزاني",
        birth_date=datetime.date(1985, 3, 14),
        cnie="BK998877",
        phone="+212611223344",
        address="5 rue des Orangers",
    )


@pytest.fixture
def tracked(person, centre):
    return make_request(person=person, centre=centre, status="info_requested", due_date=datetime.date(2027, 2, 3))


def _alert(response) -> str:
    match = re.search(r'<div class="alert" role="alert">(.*?)</div>', response.content.decode(), re.S)
    return match[1] if match else ""


def test_right_pair_shows_status_next_step_due_date_and_centre_contact(client, tracked):
    response = client.post(TRACK, {"reference": tracked.reference, **BIRTH}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    body = response.content.decode()
    assert format_reference(tracked.reference) in body
    assert "Waiting for information from you." in body
    assert "Contact the centre below" in body
    assert "3 February 2027" in body or "Feb. 3, 2027" in body or "February 3, 2027" in body
    assert "Centre Anfa" in body
    assert 'href="tel:+212522112233"' in body
    assert "anfa@centres.example.ma" in body
    # The address in its own direction, its house number kept left-to-right (guichet/common/l10n.py).
    assert '<bdi dir="ltr"><bdi dir="ltr">12</bdi> boulevard d&#x27;Anfa, Casablanca</bdi>' in body
    assert 'role="status"' in body
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]


def test_a_visit_costs_one_query(client, tracked, django_assert_num_queries):
    """The request and its person's date of birth in one read (portal/selectors.py writes it once); the centre
    comes from the catalogue kept for every visitor."""
    client.post(TRACK, {"reference": tracked.reference, **BIRTH})  # the catalogue is read once, then kept
    with django_assert_num_queries(1):
        response = client.post(TRACK, {"reference": tracked.reference, **BIRTH}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Waiting for information from you." in response.content.decode()


def test_nothing_about_the_person_is_shown(client, tracked, person):
    body = client.post(TRACK, {"reference": tracked.reference, **BIRTH}).content.decode()

    for secret in (
        "Khadija",
        "Ouazzani",
        "خديجة",
        "الوزاني",
        person.social_id,
        person.social_id_display,
        "BK998877",
        "611223344",
        "Orangers",
        "1985",
        "Carte de handicap",
    ):
        assert secret not in body, secret


@pytest.mark.parametrize(
    "typed",
    [
        lambda ref: f"{ref[:5]} {ref[5:]}",
        lambda ref: f"{ref[:3]}-{ref[3:6]}-{ref[6:]}",
        lambda ref: ref.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")),
        lambda ref: f"  {ref}  ",
    ],
)
def test_the_reference_is_read_however_it_is_typed(client, tracked, typed):
    response = client.post(TRACK, {"reference": typed(tracked.reference), **BIRTH})

    assert 'role="status"' in response.content.decode()


def test_the_date_may_be_typed_with_arabic_digits_and_leading_zeros(client, tracked):
    response = client.post(TRACK, {"reference": tracked.reference, "day": "١٤", "month": "03", "year": "١٩٨٥"})

    assert 'role="status"' in response.content.decode()


def test_wrong_date_and_wrong_reference_get_the_same_message(client, tracked):
    wrong_date = client.post(TRACK, {"reference": tracked.reference, **BIRTH, "day": "15"})
    other = "1234567890" if tracked.reference != "1234567890" else "9876543210"
    wrong_reference = client.post(TRACK, {"reference": other, **BIRTH})
    bad_check_digit = client.post(
        TRACK, {"reference": tracked.reference[:-1] + str((int(tracked.reference[-1]) + 1) % 10), **BIRTH}
    )

    assert wrong_date.status_code == wrong_reference.status_code == bad_check_digit.status_code == 200
    assert _alert(wrong_date) == _alert(wrong_reference) == _alert(bad_check_digit)
    assert "Nous n'avons trouvé aucune demande" in _alert(wrong_date)
    for response in (wrong_date, wrong_reference, bad_check_digit):
        assert 'role="status"' not in response.content.decode()


def test_a_missing_or_impossible_date_is_explained_and_nothing_is_looked_up(client, tracked):
    missing = client.post(TRACK, {"reference": tracked.reference, "day": "", "month": "3", "year": "1985"})
    impossible = client.post(TRACK, {"reference": tracked.reference, "day": "31", "month": "2", "year": "1985"})
    short_reference = client.post(TRACK, {"reference": "12345", **BIRTH})

    assert "Saisissez votre date de naissance" in missing.content.decode()
    assert "Cette date n&#x27;existe pas" in impossible.content.decode()
    assert "Un numéro de référence a 10 chiffres" in short_reference.content.decode()
    assert 'aria-invalid="true"' in short_reference.content.decode()


def test_the_receipt_address_asks_only_for_the_date_of_birth(client, tracked):
    url = reverse("portal:track_reference", args=[tracked.reference])

    page = client.get(url).content.decode()
    assert 'name="reference"' not in page
    assert format_reference(tracked.reference) in page
    assert 'name="day"' in page and 'name="month"' in page and 'name="year"' in page

    response = client.post(url, BIRTH)
    assert "En attente d&#x27;informations de votre part." in response.content.decode()

    wrong = client.post(url, {**BIRTH, "year": "1986"})
    assert "Nous n'avons trouvé aucune demande" in wrong.content.decode()


def test_a_person_known_only_by_year_tracks_with_the_first_of_january(client, centre, territory):
    person = make_person(birth_date=datetime.date(1962, 1, 1), birth_date_approximate=True)
    request = make_request(person=person, centre=centre)

    page = client.get(TRACK).content.decode()
    assert "Si seule votre année de naissance est connue, saisissez 1 pour le jour, 1 pour le mois" in page
    response = client.post(TRACK, {"reference": request.reference, "day": "1", "month": "1", "year": "1962"})
    assert 'role="status"' in response.content.decode()


def test_a_merged_persons_request_is_tracked_with_the_surviving_files_date(centre, territory):
    survivor = make_person(birth_date=datetime.date(1990, 6, 2))
    merged = make_person(birth_date=datetime.date(1990, 2, 6), merged_into=survivor)
    request = make_request(person=merged, centre=centre)

    assert tracked_request(reference=request.reference, birth_date=datetime.date(1990, 6, 2)) == request
    assert tracked_request(reference=request.reference, birth_date=datetime.date(1990, 2, 6)) is None


def test_closed_requests_show_no_due_date(client, person, centre):
    request = make_request(person=person, centre=centre, status="rejected")

    body = client.post(TRACK, {"reference": request.reference, **BIRTH}, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Not approved." in body
    assert "Answer expected by" not in body


@pytest.mark.parametrize(
    ("language", "direction", "expected"),
    [
        ("fr", "ltr", "En attente d&#x27;informations de votre part."),
        ("ar", "rtl", "في انتظار معلومات منكم."),
        ("en", "ltr", "Waiting for information from you."),
    ],
)
def test_the_page_speaks_french_arabic_and_english(client, tracked, language, direction, expected):
    client.cookies["django_language"] = language

    form = client.get(TRACK).content.decode()
    result = client.post(TRACK, {"reference": tracked.reference, **BIRTH}).content.decode()

    assert f'<html lang="{language}" dir="{direction}">' in form
    assert expected in result
    title = {"fr": "Suivre votre demande", "ar": "تتبع طلبكم", "en": "Track your request"}[language]
    assert f"<h1>{title}</h1>" in form


def test_the_language_switch_posts_to_set_language_and_comes_back(client):
    page = client.get(TRACK).content.decode()
    assert f'action="{reverse("set_language")}" method="post"' in page

    response = client.post(reverse("set_language"), {"language": "ar", "next": TRACK})
    assert response.status_code == 302
    assert response["Location"] == TRACK
    assert 'dir="rtl"' in client.get(TRACK).content.decode()


def test_the_page_is_usable_without_javascript_and_labels_every_field(client):
    page = client.get(TRACK).content.decode()

    assert "<script" not in page
    for field_id in ("id_reference", "id_day", "id_month", "id_year", "language"):
        assert f'<label for="{field_id}">' in page
    assert "<legend>" in page
    assert 'inputmode="numeric"' in page
