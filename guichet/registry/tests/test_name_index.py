"""The index of names: each person's pairs of keys follow their keys through every writer, and a search of two
words or more finds exactly the persons who have a key of each word, by the pairs or, when words share a key, by
the keys."""

import importlib

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from guichet.registry import services
from guichet.registry.models import PersonNameKey, PersonNamePair
from guichet.registry.name_index import key_pairs, persons_with_keys
from guichet.registry.tests.name_index_checks import assert_pairs_follow_keys
from guichet.registry.tests.test_search_slips import found, person

pytestmark = pytest.mark.django_db


def test_pairs_are_each_two_different_keys_once_in_order():
    assert key_pairs(["mhmd", "aln", "mhmd", "fs"]) == ["aln fs", "aln mhmd", "fs mhmd"]
    assert key_pairs(["ftm"]) == []
    assert key_pairs(["a" * 45, "b"]) == ["a" * 40 + " b"]  # cut to the key's column, as the keys are


def test_registration_and_an_edit_write_the_pairs_of_the_keys(territory):
    someone = person(territory, "Mohamed Amine", "El Fassi", "محمد أمين", "الفاسي")
    assert set(PersonNamePair.objects.filter(person=someone).values_list("pair", flat=True)) == set(
        key_pairs(PersonNameKey.objects.filter(person=someone).values_list("key", flat=True))
    )
    someone.family_name_latin, someone.family_name_ar = "Tazi", "التازي"
    services.person_derive(someone)
    someone.save()
    services.person_name_keys_write(someone)
    assert not PersonNamePair.objects.filter(person=someone, pair__contains="fs").exists()
    assert assert_pairs_follow_keys() == 3  # mhmd, amn (or its key), tz: three pairs


def test_the_pairs_find_exactly_the_persons_with_a_key_of_each_word(territory):
    both = person(territory, "Fatima", "Tazi")
    person(territory, "Fatima", "Alami")
    person(territory, "Karima", "Tazi")
    ftm, tz = sorted(PersonNameKey.objects.filter(person=both).values_list("key", flat=True), key=lambda k: k != "ftm")
    assert set(persons_with_keys([[ftm], [tz]]).values_list("person_id", flat=True)) == {both.pk}
    assert set(persons_with_keys([[tz], [ftm, "zzz"]]).values_list("person_id", flat=True)) == {both.pk}


def test_words_sharing_a_key_are_intersected_by_their_keys(personas, territory):
    twice = person(territory, "Mohamed", "Mohamed")  # one key, no pair
    assert not PersonNamePair.objects.filter(person=twice).exists()
    assert found(personas["agent"], "Mohamed Mohamed") == [twice.social_id]
    assert set(persons_with_keys([["mhmd"], ["mhmd"]]).values_list("person_id", flat=True)) == {twice.pk}


def test_a_search_of_three_words_needs_each_word(personas, territory):
    three = person(territory, "Mohamed Amine", "Berrada")
    person(territory, "Mohamed", "Berrada")
    person(territory, "Amine", "Berrada")
    assert found(personas["agent"], "Mohamed Amine Berrada") == [three.social_id]


def test_the_rebuild_command_writes_the_pairs_again(territory):
    someone = person(territory, "Nadia", "Chraibi")
    PersonNamePair.objects.all().delete()
    PersonNamePair.objects.create(person=someone, pair="aaa zzz")
    call_command("rebuild_name_keys", verbosity=0)
    assert assert_pairs_follow_keys() == 1


def test_the_migration_fills_the_pairs_of_the_keys_already_written(territory):
    for given, family in (("Nadia", "Chraibi"), ("Mohamed Amine", "El Fassi"), ("Ali", "Ali")):
        person(territory, given, family)
    expected = assert_pairs_follow_keys()
    PersonNamePair.objects.all().delete()
    migration = importlib.import_module("guichet.registry.migrations.0006_person_name_pairs")
    migration.fill(apps, connection.schema_editor())  # its one INSERT, in the test's transaction
    assert assert_pairs_follow_keys() == expected == 4  # 1 + 3 + 0
