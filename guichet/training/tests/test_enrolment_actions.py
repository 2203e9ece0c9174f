"""The learner's page and the cohort board post their actions to their own address: a refused action comes back on
the page with its errors in the summary; revoking a code and withdrawing a woman are confirmed first."""

from django.urls import reverse

from guichet.training import services
from guichet.training.models import Enrollment


def _enrolled(staff, cohort, woman) -> Enrollment:
    return services.enrollment_create(actor=staff["coordinator"], cohort=cohort, person=woman).enrollment


def test_the_learner_page_posts_every_action_to_its_own_address(client, staff, cohort, women):
    enrollment = _enrolled(staff, cohort, women[0])
    client.force_login(staff["facilitator"])

    html = client.get(reverse("training:enrollment_detail", args=[enrollment.pk])).content.decode()

    assert "action=" not in html.split("<main", 1)[1].split("</main>", 1)[0].replace('name="action"', "")
    for action in ("complete", "reissue", "revoke", "withdraw"):
        assert f'name="action" value="{action}"' in html


def test_revoking_her_code_asks_for_confirmation_first_and_changes_nothing(client, staff, cohort, women):
    enrollment = _enrolled(staff, cohort, women[0])
    client.force_login(staff["facilitator"])
    url = reverse("training:enrollment_detail", args=[enrollment.pk])

    response = client.post(url, {"action": "revoke"})

    html = response.content.decode()
    assert response.status_code == 200
    assert f"Révoquer le code d’accès de {women[0].full_name} ?" in html
    assert 'name="confirm" value="1"' in html and '<input type="hidden" name="action" value="revoke">' in html
    assert f'href="{url}"' in html  # Cancel goes back to her page
    enrollment.refresh_from_db()
    assert enrollment.code_hash


def test_a_confirmed_revocation_revokes_her_code(client, staff, cohort, women):
    enrollment = _enrolled(staff, cohort, women[0])
    client.force_login(staff["facilitator"])
    url = reverse("training:enrollment_detail", args=[enrollment.pk])

    response = client.post(url, {"action": "revoke", "confirm": "1"})

    assert response.status_code == 302 and response["Location"] == url
    enrollment.refresh_from_db()
    assert enrollment.code_hash is None


def test_withdrawing_her_is_confirmed_then_done(client, staff, cohort, women):
    enrollment = _enrolled(staff, cohort, women[0])
    client.force_login(staff["facilitator"])
    url = reverse("training:enrollment_detail", args=[enrollment.pk])

    asked = client.post(url, {"action": "withdraw"})
    enrollment.refresh_from_db()
    assert f"Retirer {women[0].full_name} de la cohorte ?" in asked.content.decode()
    assert enrollment.status == Enrollment.Status.ENROLLED

    done = client.post(url, {"action": "withdraw", "confirm": "1"})
    enrollment.refresh_from_db()
    assert done.status_code == 302 and enrollment.status == Enrollment.Status.WITHDRAWN


def test_a_refused_action_comes_back_on_her_page_with_the_error_summary(client, staff, cohort, women):
    first, second = _enrolled(staff, cohort, women[0]), _enrolled(staff, cohort, women[1])
    waiting = _enrolled(staff, cohort, women[2])  # the cohort holds two: she waits, and has no code to reissue
    assert waiting.status == Enrollment.Status.WAITING and first and second
    client.force_login(staff["facilitator"])

    response = client.post(reverse("training:enrollment_detail", args=[waiting.pk]), {"action": "reissue"})

    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="error-summary"' in html and "Seule une apprenante inscrite a un code" in html


def test_an_action_the_page_does_not_have_is_a_bad_request(client, staff, cohort, women):
    enrollment = _enrolled(staff, cohort, women[0])
    client.force_login(staff["facilitator"])

    response = client.post(reverse("training:enrollment_detail", args=[enrollment.pk]), {"action": "delete"})

    assert response.status_code == 400
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ENROLLED


def test_attendance_without_a_date_comes_back_on_the_cohort_page_with_the_error(client, staff, cohort, women):
    _enrolled(staff, cohort, women[0])
    client.force_login(staff["facilitator"])

    response = client.post(reverse("training:cohort_detail", args=[cohort.pk]), {"action": "attendance"})

    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="error-summary"' in html and 'href="#id_held_on"' in html
    assert not cohort.sessions.exists()
