"""Registry search: identifiers first, spelling variants in both scripts, minimal identity, few queries."""

import pytest
from django.urls import reverse

from guichet.common.checkdigit import format_social_id
from guichet.registry.models import Person
from guichet.registry.selectors import person_search
from guichet.registry.tests.factories import PersonFactory


def found(viewer, text):
    return [row["social_id"] for row in person_search(viewer=viewer, text=text).page.object_list]


@pytest.mark.parametrize(
    "text",
    [
        "Mohamed El Idrissi",
        "Mohammed Idrissi",
        "Muhammad Al-Idrissi",
        "mhamed el-idrissi",
        "محمد الإدريسي",
        "مُحَمَّد الادريسي",
        "محمد إدريسي",
    ],
)
def test_name_variants_find_the_person(personas, people, text):
    assert people["casa"].social_id in found(personas["agent"], text)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Youcef Alaoui", "rabat"),
        ("Yousef العلوي", "rabat"),
        ("Fatma Benani", "settat"),
        ("فاطمه بناني", "settat"),
    ],
)
def test_more_variants(personas, people, text, key):
    assert people[key].social_id in found(personas["agent"], text)


def test_latin_finds_a_person_recorded_only_in_arabic_and_the_reverse(personas, territory):
    arabic_only = PersonFactory(
        given_name_latin="",
        family_name_latin="",
        given_name_ar="محمد",
        family_name_ar="بناني",
        commune=territory["anfa"],
    )
    latin_only = PersonFactory(
        given_name_latin="Karim",
        family_name_latin="Bennani",
        given_name_ar="",
        family_name_ar="",
        commune=territory["anfa"],
    )
    assert arabic_only.social_id in found(personas["agent"], "Mohamed Bennani")
    assert latin_only.social_id in found(personas["agent"], "كريم بناني")


def test_other_names_are_not_found(personas, people):
    assert found(personas["agent"], "Ahmed Tazi") == []


@pytest.mark.parametrize(
    "text",
    ["be 123456", "BE123456", "1234567890", "0612345678", "06 12 34 56 78", "+212 6 12 34 56 78"],
)
def test_identifiers_find_the_person(personas, people, text):
    assert found(personas["agent"], text)[0] == people["casa"].social_id


def test_social_id_typed_with_spaces_or_dashes(personas, people):
    social_id = people["rabat"].social_id
    assert found(personas["agent"], format_social_id(social_id)) == [social_id]
    assert found(personas["agent"], f"{social_id[:3]}-{social_id[3:6]}-{social_id[6:]}") == [social_id]


def test_exact_identifier_ranks_before_names(personas, territory, people):
    # A person whose family name is the query, and another whose CNIE is the query.
    PersonFactory(given_name_latin="Said", family_name_latin="Be", commune=territory["anfa"])
    assert found(personas["agent"], "BE123456")[0] == people["casa"].social_id


def test_exact_spelling_ranks_before_variants(personas, territory):
    variant = PersonFactory(
        given_name_latin="Mhamed",
        family_name_latin="Tazi",
        given_name_ar="",
        family_name_ar="",
        commune=territory["anfa"],
    )
    exact = PersonFactory(
        given_name_latin="Mohamed",
        family_name_latin="Tazi",
        given_name_ar="",
        family_name_ar="",
        commune=territory["anfa"],
    )
    assert found(personas["agent"], "Mohamed Tazi") == [exact.social_id, variant.social_id]


def test_search_page_shows_minimal_identity_only(client, personas, people):
    client.force_login(personas["agent"])
    response = client.get(reverse("registry:search"), {"q": "Idrissi"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mohamed" in html and "1985" in html and "Anfa" in html
    for secret in ("BE123456", "1234567890", "612345678", "1985-03-14"):
        assert secret not in html


def test_search_is_national_but_the_file_link_is_scoped(client, personas, people):
    client.force_login(personas["agent"])
    html = client.get(reverse("registry:search"), {"q": "Youssef Alaoui"}).content.decode()
    assert "Youssef" in html
    assert reverse("registry:detail", args=[people["rabat"].social_id]) not in html
    html = client.get(reverse("registry:search"), {"q": "Mohamed Idrissi"}).content.decode()
    assert reverse("registry:detail", args=[people["casa"].social_id]) in html


def test_search_page_query_count_does_not_grow_with_results(client, personas, territory, django_assert_max_num_queries):
    for _ in range(25):
        PersonFactory(given_name_latin="Amina", family_name_latin="Tazi", commune=territory["anfa"])
    client.force_login(personas["agent"])
    client.get(reverse("registry:search"))  # the catalogue (the agent's window) is read once, then kept
    with django_assert_max_num_queries(5):
        response = client.get(reverse("registry:search"), {"q": "Amina Tazi"})
    assert response.status_code == 200
    assert response.content.decode().count("Amina") >= 20


def test_results_are_paginated(client, personas, territory):
    for _ in range(25):
        PersonFactory(given_name_latin="Amina", family_name_latin="Tazi", commune=territory["anfa"])
    client.force_login(personas["agent"])
    first = client.get(reverse("registry:search"), {"q": "Amina Tazi"}).content.decode()
    second = client.get(reverse("registry:search"), {"q": "Amina Tazi", "page": 2}).content.decode()
    assert first.count("<tr>") == 1 + 20
    assert 'rel="next"' in first and 'rel="next"' not in second
    assert second.count("<tr>") == 1 + 5  # header row + the 5 persons of page 2


def test_htmx_search_returns_the_results_fragment(client, personas, people):
    client.force_login(personas["agent"])
    response = client.get(reverse("registry:search"), {"q": "Idrissi"}, headers={"HX-Request": "true"})
    assert "<html" not in response.content.decode()
    assert "Mohamed" in response.content.decode()


def test_search_requires_login(client, db):
    response = client.get(reverse("registry:search"), {"q": "x"})
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_persons_the_viewer_may_open_come_first_among_equals(personas, territory):
    outside = PersonFactory(given_name_latin="Amina", family_name_latin="Alami", commune=territory["agdal"])
    inside = PersonFactory(given_name_latin="Amina", family_name_latin="Alami", commune=territory["anfa"])
    assert found(personas["agent"], "Amina Alami") == [inside.social_id, outside.social_id]
    assert found(personas["agent_rabat"], "Amina Alami") == [outside.social_id, inside.social_id]


def test_too_many_matches_ask_for_another_word(client, personas, territory, settings):
    settings.GUICHET_SEARCH_MAX_MATCHES = 10
    for _ in range(11):
        PersonFactory(given_name_latin="Amina", family_name_latin="Tazi", commune=territory["anfa"])
    results = person_search(viewer=personas["agent"], text="Amina")
    assert results.too_many and list(results.page.object_list) == []
    client.force_login(personas["agent"])
    client.cookies["django_language"] = "en"
    html = client.get(reverse("registry:search"), {"q": "Amina"}).content.decode()
    assert "More than 10 persons match" in html


def test_a_person_merged_into_another_is_neither_found_nor_counted_by_name(personas, territory, settings):
    """The whole registry searched by names alone reads the matches from the index of names: a file merged into
    another is left out there, and does not count towards the limit."""
    settings.GUICHET_SEARCH_MAX_MATCHES = 2
    kept, other = (
        PersonFactory(given_name_latin="Amina", family_name_latin="Tazi", commune=territory["anfa"]) for _ in "12"
    )
    merged = PersonFactory(given_name_latin="Amina", family_name_latin="Tazi", commune=territory["anfa"])
    Person.objects.filter(pk=merged.pk).update(merged_into=kept)
    results = person_search(viewer=personas["agent"], text="Amina Tazi")
    assert not results.too_many
    assert sorted(row["social_id"] for row in results.page.object_list) == sorted([kept.social_id, other.social_id])
    assert merged.social_id not in found(personas["agent"], "Tazi")


def test_exact_spelling_with_capitals_and_hamza_ranks_first(personas, territory):
    folded = PersonFactory(
        given_name_latin="",
        family_name_latin="",
        given_name_ar="محمد",
        family_name_ar="الادريسي",
        commune=territory["anfa"],
    )
    hamza = PersonFactory(
        given_name_latin="",
        family_name_latin="",
        given_name_ar="محمد",
        family_name_ar="الإدريسي",
        commune=territory["anfa"],
    )
    variant = PersonFactory(
        given_name_latin="Mhamed",
        family_name_latin="Idrissi",
        given_name_ar="",
        family_name_ar="",
        commune=territory["anfa"],
    )
    ranked = found(personas["agent"], "محمد الإدريسي")
    assert set(ranked[:2]) == {folded.social_id, hamza.social_id} and ranked[2] == variant.social_id
    ranked = found(personas["agent"], "MHAMED IDRISSI")
    assert ranked[0] == variant.social_id
