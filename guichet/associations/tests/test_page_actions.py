"""The association's page and the application page post their actions to their own address: a refused action comes
back on the page with its error summary; rejecting and removing a child are confirmed first."""

from django.urls import reverse

from guichet.associations import services_applications as services
from guichet.associations.models import Association, SupportedChild


def test_rejecting_a_registration_asks_for_confirmation_and_changes_nothing(client, officers, associations):
    association = associations["pending"]
    client.force_login(officers["officer"])
    url = reverse("associations:detail", args=[association.pk])

    response = client.post(url, {"action": "reject", "version": association.version, "reason": "Statuts illisibles"})

    html = response.content.decode()
    assert response.status_code == 200
    assert f"Rejeter l’inscription de {association.name} ?" in html and "Statuts illisibles" in html
    assert 'name="confirm" value="1"' in html and f'href="{url}"' in html
    association.refresh_from_db()
    assert association.status == Association.Status.PENDING


def test_a_rejection_without_a_reason_is_refused_before_any_confirmation(client, officers, associations):
    association = associations["pending"]
    client.force_login(officers["officer"])
    url = reverse("associations:detail", args=[association.pk])

    response = client.post(url, {"action": "reject", "version": association.version, "reason": " "})

    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="error-summary"' in html and 'href="#id_reason"' in html
    assert 'name="confirm"' not in html


def test_a_confirmed_rejection_rejects(client, officers, associations):
    association = associations["pending"]
    client.force_login(officers["officer"])
    url = reverse("associations:detail", args=[association.pk])

    data = {"action": "reject", "version": association.version, "reason": "Statuts illisibles", "confirm": "1"}
    response = client.post(url, data)

    assert response.status_code == 302 and response["Location"] == url
    association.refresh_from_db()
    assert association.status == Association.Status.REJECTED


def test_removing_a_child_is_confirmed_first(client, associations, people):
    manager = associations["casa_manager"]
    draft = services.application_create(actor=manager, association=associations["casa"], school_year="2026-2027")
    child = services.child_add(
        actor=manager,
        application=draft,
        person=people["casa"],
        school="École Anfa",
        support_kind="inclusion",
        amount_requested=1000,
        disability={"kind": "motor", "degree": "light", "card_number": ""},
    )
    client.force_login(manager)
    url = reverse("associations:application", args=[draft.pk])

    asked = client.post(url, {"action": "child_remove", "child": child.pk})
    assert asked.status_code == 200 and 'name="confirm" value="1"' in asked.content.decode()
    assert SupportedChild.objects.filter(pk=child.pk).exists()

    done = client.post(url, {"action": "child_remove", "child": child.pk, "confirm": "1"})
    assert done.status_code == 302 and not SupportedChild.objects.filter(pk=child.pk).exists()


def test_a_child_of_another_application_is_a_bad_request(client, associations, submitted, people):
    manager = associations["casa_manager"]
    draft = services.application_create(actor=manager, association=associations["casa"], school_year="2027-2028")
    client.force_login(manager)

    response = client.post(
        reverse("associations:application", args=[draft.pk]),
        {"action": "child_remove", "child": submitted["first"].pk, "confirm": "1"},
    )

    assert response.status_code == 400
    assert SupportedChild.objects.filter(pk=submitted["first"].pk).exists()


def test_a_refused_submission_comes_back_on_the_application_page(client, associations):
    manager = associations["casa_manager"]
    draft = services.application_create(actor=manager, association=associations["casa"], school_year="2026-2027")
    client.force_login(manager)

    response = client.post(
        reverse("associations:application", args=[draft.pk]), {"action": "submit", "version": draft.version}
    )

    assert response.status_code == 400  # no child listed yet
    assert 'id="error-summary"' in response.content.decode()
