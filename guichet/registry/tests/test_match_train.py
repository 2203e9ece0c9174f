"""manage.py match_train: the matching model trained on the registry itself, stored with a version."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from guichet.matching.models import MatchModel
from guichet.matching.records import phone_e164
from guichet.matching.tests.population import population
from guichet.registry.models import Person
from guichet.registry.tests.factories import PersonFactory
from guichet.territory.tests.factories import CommuneFactory


def _register(records, commune):
    for record in records:
        year_only = record["birth_date_approx"] == "year"
        PersonFactory(
            given_name_latin=record["given_name_latin"],
            family_name_latin=record["family_name_latin"],
            given_name_ar=record["given_name_arabic"],
            family_name_ar=record["family_name_arabic"],
            sex=record["sex"] or "F",
            birth_date=datetime.date(int(record["birth_date"][:4]), 1, 1)
            if year_only
            else datetime.date.fromisoformat(record["birth_date"]),
            birth_date_approximate=year_only,
            cnie=None if record["record_id"].startswith("d") else record["cnie"] or None,
            phone=phone_e164(record["phone"]) or "",
            commune=commune,
        )


def _parameters(model):
    return [
        [(level.get("m_probability"), level.get("u_probability")) for level in comparison["comparison_levels"]]
        for comparison in model.settings["comparisons"]
    ]


@pytest.mark.django_db
def test_training_twice_with_the_same_seed_stores_two_versions_with_the_same_parameters():
    records, _truth = population(150, 30, seed=4)
    _register(records, CommuneFactory())
    call_command("match_train", "--seed", "9", "--u-pairs", "50000", "--by", "steward", stdout=None)
    call_command("match_train", "--seed", "9", "--u-pairs", "50000")
    first, second = MatchModel.objects.order_by("version")
    assert (first.version, second.version) == (1, 2)
    assert first.record_count == second.record_count == 180
    assert first.seed == 9 and first.trained_by == "steward" and second.trained_by
    assert _parameters(first) == _parameters(second)
    assert (
        first.settings["probability_two_random_records_match"]
        == second.settings["probability_two_random_records_match"]
    )
    same_date = first.settings["comparisons"][2]["comparison_levels"][1]
    assert same_date["m_probability"] > 100 * same_date["u_probability"]  # really learnt from the registry


@pytest.mark.django_db
def test_a_person_merged_into_another_is_not_trained_on():
    records, _truth = population(60, 0, seed=5)
    _register(records, CommuneFactory())
    first, second = Person.objects.order_by("pk")[:2]
    Person.objects.filter(pk=second.pk).update(merged_into=first)
    call_command("match_train", "--u-pairs", "20000")
    assert MatchModel.objects.get().record_count == 59


@pytest.mark.django_db
def test_a_registry_too_small_is_refused_in_french_and_nothing_is_stored():
    _register(population(10, 0, seed=6)[0], CommuneFactory())
    with translation.override("fr"), pytest.raises(CommandError, match="au moins 50"):
        call_command("match_train")
    assert not MatchModel.objects.exists()
