"""A child registered on the spot and listed on the application: both or neither."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from guichet.associations import services_applications as services
from guichet.associations.models import SchoolingApplication, SupportedChild
from guichet.associations.tests.factories import SchoolingApplicationFactory
from guichet.common.exceptions import ValidationError
from guichet.registry.models import DisabilityRecord, Person


def _new_child(territory) -> dict:
    return {
        "given_name_latin": "Salma",
        "family_name_latin": "Ouazzani",
        "sex": "F",
        "birth_date": "2016-03-02",
        "commune": territory["anfa"].pk,
        "consent": "on",
        "kind": "hearing",
        "degree": "severe",
        "card_number": "C-1234",
        "school": "École Anfa, CM1",
        "support_kind": "educator",
        "amount_requested": "6000.50",
    }


@pytest.fixture
def draft_application(associations):
    return SchoolingApplicationFactory(association=associations["casa"], school_year="2026-2027")


def test_a_refused_listing_leaves_no_new_person_behind(associations, territory, draft_application):
    manager = associations["casa_manager"]
    # The page was opened on the draft; meanwhile the application was submitted from another tab.
    SchoolingApplication.objects.filter(pk=draft_application.pk).update(status=SchoolingApplication.Status.SUBMITTED)
    persons_before = Person.objects.count()
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.child_register_and_add(
            actor=manager,
            application=draft_application,
            person_data={
                "given_name_latin": "Salma",
                "family_name_latin": "Ouazzani",
                "sex": "F",
                "birth_date": "2016-03-02",
                "commune": territory["anfa"],
            },
            school="École Anfa, CM1",
            support_kind="educator",
            amount_requested=Decimal("6000.50"),
            disability={"kind": "hearing", "degree": "severe", "card_number": "C-1234"},
        )
    assert "no longer be changed" in " ".join(caught.value.messages)
    assert Person.objects.count() == persons_before
    assert not Person.objects.filter(given_name_latin="Salma").exists()
    assert not DisabilityRecord.objects.filter(card_number="C-1234").exists()
    assert not SupportedChild.objects.exists()


def test_the_page_registers_and_lists_the_child_in_one_step(client, associations, territory, draft_application):
    client.force_login(associations["casa_manager"])
    persons_before = Person.objects.count()
    response = client.post(reverse("associations:child_add", args=[draft_application.pk]), _new_child(territory))
    assert response.status_code == 302
    assert Person.objects.count() == persons_before + 1
    child = SupportedChild.objects.get(application=draft_application)
    assert child.person.given_name_latin == "Salma"
    assert DisabilityRecord.objects.get(person=child.person).card_number == "C-1234"


def test_a_child_refused_on_the_page_leaves_no_person_and_names_the_field(
    client, associations, territory, draft_application
):
    client.force_login(associations["casa_manager"])
    persons_before = Person.objects.count()
    data = {**_new_child(territory), "amount_requested": "0"}
    response = client.post(
        reverse("associations:child_add", args=[draft_application.pk]), data, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "The amount asked must be at least 1 MAD." in response.content.decode()
    assert Person.objects.count() == persons_before
    assert not SupportedChild.objects.exists()
