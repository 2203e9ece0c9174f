"""seed_demo: a reproducible synthetic population that search finds, and the demo logins."""

import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from guichet.accounts.models import Role, User
from guichet.common.checkdigit import damm_is_valid, is_valid_social_id
from guichet.demo.population import Population
from guichet.demo.staff import DEMO_ACCOUNTS
from guichet.registry.models import Consent, Household, Membership, Person, PersonNameKey, Relationship
from guichet.registry.selectors import person_search
from guichet.registry.tests.name_index_checks import assert_pairs_follow_keys
from guichet.territory.models import Commune


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def generate(seed_value: int, persons: int = 200) -> list[tuple]:
    communes = list(Commune.objects.select_related("province__region"))
    population = Population(rng=random.Random(seed_value), communes=communes)
    return [household.as_tuple() for household in population.persons(persons)]


@pytest.fixture
def admin_user(db):
    return User.objects.create(username="t_seed_admin", role=Role.ADMIN)


def test_same_seed_gives_the_same_population_and_another_seed_another(territory):
    first = generate(7)
    assert first == generate(7)
    assert first != generate(8)
    assert sum(len(household) - 3 for household in first) == 200


def test_seeded_persons_have_valid_unique_social_ids(territory):
    seed("--persons", "200", "--seed", "3")
    social_ids = list(Person.objects.values_list("social_id", flat=True))
    assert len(social_ids) == 200
    assert len(set(social_ids)) == 200
    assert all(damm_is_valid(social_id) and is_valid_social_id(social_id) for social_id in social_ids)


def test_every_person_lives_in_a_household_and_consented_to_registration(territory):
    seed("--persons", "200", "--seed", "3")
    persons = Person.objects.annotate(
        current=Count("memberships", filter=Q(memberships__ended_on__isnull=True), distinct=True),
        registration=Count("consents", filter=Q(consents__purpose=Consent.Purpose.REGISTRATION), distinct=True),
    )
    assert {(person.current, person.registration) for person in persons} == {(1, 1)}
    heads = Household.objects.annotate(
        heads=Count("memberships", filter=Q(memberships__relationship=Relationship.HEAD))
    )
    assert {household.heads for household in heads} == {1}
    for membership in Membership.objects.select_related("person", "household"):
        assert membership.person.commune_id == membership.household.commune_id


def test_territory_is_copied_from_the_commune(territory):
    seed("--persons", "200", "--seed", "3")
    for person in Person.objects.select_related("commune__province"):
        assert person.province_id == person.commune.province_id
        assert person.region_id == person.commune.province.region_id
        assert person.name_sort


def test_search_finds_a_seeded_person_by_latin_names(territory, admin_user):
    seed("--persons", "200", "--seed", "3")
    assert PersonNameKey.objects.exists()
    assert assert_pairs_follow_keys() >= 200  # each person has a given and a family name
    person = Person.objects.exclude(given_name_latin="").exclude(family_name_latin="").order_by("pk")[17]
    page = person_search(viewer=admin_user, text=f"{person.given_name_latin} {person.family_name_latin}")
    assert person.social_id in [row["social_id"] for row in page.page.object_list]


def test_some_persons_have_only_arabic_names_and_some_only_latin(territory):
    seed("--persons", "200", "--seed", "3")
    assert Person.objects.filter(given_name_latin="", family_name_latin="").exclude(given_name_ar="").exists()
    assert Person.objects.filter(given_name_ar="", family_name_ar="").exclude(given_name_latin="").exists()


def test_if_empty_adds_nobody_the_second_time(territory):
    seed("--persons", "50", "--seed", "3", "--if-empty")
    before = set(Person.objects.values_list("social_id", "updated_at"))
    out = seed("--persons", "50", "--seed", "3", "--if-empty")
    assert "none added" in out
    assert set(Person.objects.values_list("social_id", "updated_at")) == before


def test_without_if_empty_new_households_are_added_beside_the_existing_ones(territory):
    seed("--persons", "50", "--seed", "3")
    before = set(Person.objects.values_list("social_id", "updated_at", "given_name_latin"))
    households = set(Household.objects.values_list("pk", flat=True))
    seed("--persons", "50", "--seed", "3")
    after = set(Person.objects.values_list("social_id", "updated_at", "given_name_latin"))
    assert len(after) == 100
    assert before < after
    new_memberships = Membership.objects.exclude(person__social_id__in=[row[0] for row in before])
    assert not new_memberships.filter(household__in=households).exists()


def test_staff_flag_creates_the_five_demo_logins(territory, client):
    seed("--persons", "0", "--staff")
    seed("--persons", "0", "--staff")  # a second run resets them, it does not fail
    for username, (role, _, _) in DEMO_ACCOUNTS.items():
        user = User.objects.get(username=username)
        assert user.role == role
        assert client.login(username=username, password="demo"), username
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="agent").window.commune.province.code == "MA-CAS"
    assert User.objects.get(username="supervisor").region.code == "MA-06"


def test_demo_logins_exist_only_with_the_staff_flag(territory):
    seed("--persons", "20", "--seed", "3")
    assert not User.objects.filter(username__in=list(DEMO_ACCOUNTS)).exists()
