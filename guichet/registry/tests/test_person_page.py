"""The person's file: what it shows, the household, and a number of queries that does not grow."""

from django.urls import reverse

from guichet.registry.models import Membership, Relationship
from guichet.registry.tests.factories import PersonFactory


def add_members(head, count):
    household = Membership.objects.get(person=head).household
    members = []
    for index in range(count):
        child = PersonFactory(given_name_latin=f"Enfant{index}", family_name_latin="Idrissi", commune=head.commune)
        Membership.objects.filter(person=child).delete()
        Membership.objects.create(household=household, person=child, relationship=Relationship.CHILD)
        members.append(child)
    return members


def test_the_file_shows_identity_household_and_consent(client, personas, people):
    head = people["casa"]
    add_members(head, 2)
    client.force_login(personas["agent"])
    html = client.get(reverse("registry:detail", args=[head.social_id])).content.decode()
    for text in ("BE123456", "1234567890", "06 12 34 56 78", "Anfa", "Enfant0", "Enfant1"):
        assert text in html


def test_person_page_query_count_does_not_grow_with_the_household(
    client, personas, people, django_assert_max_num_queries
):
    head = people["casa"]
    add_members(head, 8)
    client.force_login(personas["centre"])
    client.get(reverse("registry:detail", args=[head.social_id]))  # the catalogue (services, centres) is kept
    # 9 for the file, + 2 for the person's requests and the services received (cases).
    with django_assert_max_num_queries(11):
        response = client.get(reverse("registry:detail", args=[head.social_id]))
    assert response.content.decode().count("Enfant") == 8


def test_unknown_social_id_is_a_clear_404(client, personas):
    client.force_login(personas["agent"])
    response = client.get(reverse("registry:detail", args=["000000000"]))
    assert response.status_code == 404
