"""The queue of candidate pairs: best first, filtered by region and probability, decided pairs gone for good."""

import pytest
from django.urls import reverse

from guichet.common.checkdigit import damm_check_digit
from guichet.identity import selectors
from guichet.identity.models import CandidatePair
from guichet.identity.services import pair_decide, person_merge
from guichet.registry.tests.factories import PersonFactory

from .proposals import propose

QUEUE = reverse("identity:queue")


@pytest.fixture
def steward_client(client, personas):
    client.force_login(personas["steward"])
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def namesake(territory):
    """Another Mohamed El Idrissi of Casablanca, registered apart."""
    return PersonFactory(
        given_name_latin="Mohammed",
        family_name_latin="Idrissi",
        given_name_ar="محمد",
        family_name_ar="الادريسي",
        sex="M",
        commune=territory["anfa"],
    )


def test_it_lists_the_pairs_best_first_with_both_names_ids_and_probability(steward_client, people, namesake):
    propose(people["settat"], people["rabat"], probability=0.62)
    propose(people["casa"], namesake, probability=0.9973)

    html = steward_client.get(QUEUE).content.decode()

    assert "2 pairs to decide" in html
    assert html.index("Mohammed Idrissi") < html.index("Youssef Alaoui")
    for text in ("Mohamed El Idrissi", "محمد الإدريسي", "محمد الادريسي", people["casa"].social_id_display):
        assert text in html
    assert "99.7 %" in html and "62.0 %" in html
    assert reverse("identity:pair", args=[people["casa"].social_id, namesake.social_id]) in html


def test_it_says_when_there_is_nothing_to_decide(steward_client, db):
    html = steward_client.get(QUEUE).content.decode()
    assert "0 pairs to decide" in html
    assert "No pair to decide: every pair the model proposed has been decided." in html


def test_a_pair_decided_not_the_same_leaves_the_queue_and_never_comes_back(steward_client, personas, people, namesake):
    pair = propose(people["casa"], namesake)
    url = reverse("identity:pair", args=[people["casa"].social_id, namesake.social_id])

    response = steward_client.post(url, {"action": "decide", "decision": "not_same"})

    assert response.status_code == 302 and response["Location"] == QUEUE
    assert "Mohammed Idrissi" not in steward_client.get(QUEUE).content.decode()
    # A later run proposes the same pair again: the decision holds.
    CandidatePair.objects.filter(pk=pair.pk).delete()
    propose(namesake, people["casa"], probability=0.999)
    html = steward_client.get(QUEUE).content.decode()
    assert "Mohammed Idrissi" not in html and "0 pairs to decide" in html


def test_a_pair_decided_the_same_or_merged_leaves_the_queue(steward_client, personas, people, namesake, territory):
    other = PersonFactory(given_name_latin="Khadija", commune=territory["anfa"])
    propose(people["casa"], namesake)
    propose(people["settat"], other)
    pair_decide(actor=personas["steward"], a=people["casa"], b=namesake, decision="same")
    person_merge(
        actor=personas["steward"],
        survivor=people["settat"],
        absorbed=other,
        survivor_version=people["settat"].version,
        absorbed_version=other.version,
    )
    assert "0 pairs to decide" in steward_client.get(QUEUE).content.decode()


def test_it_filters_by_the_region_of_either_file_and_by_probability(steward_client, people, namesake, territory):
    propose(people["casa"], namesake, probability=0.995)  # Casablanca-Settat
    propose(people["rabat"], PersonFactory(given_name_latin="Karim", commune=territory["agdal"]), probability=0.7)

    rabat = steward_client.get(QUEUE, {"region": "MA-04"}).content.decode()
    assert "Youssef Alaoui" in rabat and "Mohammed Idrissi" not in rabat
    sure = steward_client.get(QUEUE, {"band": "sure"}).content.decode()
    assert "Mohammed Idrissi" in sure and "Youssef Alaoui" not in sure
    possible = steward_client.get(QUEUE, {"band": "possible", "region": "MA-06"}).content.decode()
    assert "0 pairs to decide" in possible and "No pair to decide matches these filters." in possible
    # An unknown filter value is ignored, never an error.
    assert steward_client.get(QUEUE, {"band": "all", "region": "XX"}).status_code == 200


def test_it_pages_a_long_queue(steward_client, people, territory, monkeypatch):
    monkeypatch.setattr(selectors, "QUEUE_PAGE_SIZE", 2)
    for probability in (0.91, 0.92, 0.93):
        propose(
            PersonFactory(commune=territory["anfa"]), PersonFactory(commune=territory["anfa"]), probability=probability
        )
    first = steward_client.get(QUEUE).content.decode()
    second = steward_client.get(QUEUE, {"page": 2}).content.decode()
    assert "3 pairs to decide" in first and "93.0 %" in first and "91.0 %" not in first
    assert "91.0 %" in second and 'rel="prev"' in second


def test_two_files_are_compared_by_their_social_ids(steward_client, people):
    casa, rabat = people["casa"], people["rabat"]
    response = steward_client.get(QUEUE, {"first": casa.social_id_display, "second": rabat.social_id})
    assert response.status_code == 302
    assert response["Location"] == reverse("identity:pair", args=[casa.social_id, rabat.social_id])


def test_a_social_id_that_names_no_file_is_refused_on_the_queue(steward_client, people):
    response = steward_client.get(QUEUE, {"first": people["casa"].social_id, "second": "12345"})
    assert response.status_code == 400
    assert "This is not a social ID" in response.content.decode()
    unknown = "12345678" + damm_check_digit("12345678")
    html = steward_client.get(QUEUE, {"first": people["casa"].social_id, "second": unknown}).content.decode()
    assert "No file has this social ID." in html
