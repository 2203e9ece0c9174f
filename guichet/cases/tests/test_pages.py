"""The request pages as staff use them: file from the person's file, act on the request page, refer."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from guichet.cases.models import Attachment, Referral, Request, Status

from .conftest import fresh
from .helpers import act


def test_the_persons_file_offers_to_file_a_request_to_agents_only(client, personas, people):
    url = reverse("registry:detail", args=[people["casa"].social_id])
    client.force_login(personas["agent"])
    assert reverse("cases:file", args=[people["casa"].social_id]) in client.get(url).content.decode()
    client.force_login(personas["centre"])
    assert reverse("cases:file", args=[people["casa"].social_id]) not in client.get(url).content.decode()


def test_filing_shows_the_eligibility_condition_by_condition_first(client, personas, people, catalogue):
    client.force_login(personas["agent"])
    url = reverse("cases:file", args=[people["casa"].social_id])
    html = client.get(url).content.decode()
    assert 'for="id_service"' in html and catalogue["card"].name_en in html
    html = client.get(url, {"service": "income-project"}).content.decode()
    assert "does not meet the service" in html
    assert "A woman" in html and ">no<" in html
    assert 'name="justification"' in html  # not eligible: the justification is asked
    assert 'name="language"' in html and 'name="documents"' not in html  # this service asks for no document


def test_filing_without_the_justification_is_refused_with_the_field_named(client, personas, people, catalogue):
    client.force_login(personas["agent"])
    url = reverse("cases:file", args=[people["casa"].social_id])
    response = client.post(url, {"service": "income-project", "language": "ar"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not Request.objects.exists()


def test_filing_end_to_end_leads_to_the_request_page_with_the_receipt_link(client, personas, people, catalogue):
    client.force_login(personas["agent"])
    card = catalogue["card"]
    document = card.documents.first()
    url = reverse("cases:file", args=[people["casa"].social_id])
    html = client.get(url, {"service": card.code}).content.decode()
    assert "meets the service" in html or "no eligibility condition" in html
    response = client.post(
        url,
        {
            "service": card.code,
            "language": "ar",
            "documents": [document.pk],
            "missing_documents_reason": "La copie de la CNIE sera apportée demain.",
            "files": [SimpleUploadedFile("certificat.pdf", b"%PDF-1.4 x", content_type="application/pdf")],
        },
    )
    request = Request.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("cases:detail", args=[request.reference])
    assert request.language == "ar" and list(request.documents_received.all()) == [document]
    assert Attachment.objects.filter(request=request).count() == 1
    html = client.get(response["Location"]).content.decode()
    assert request.reference_display in html
    assert reverse("cases:receipt", args=[request.reference]) in html
    assert "Print the receipt" in html


def test_a_renamed_executable_is_refused_on_the_filing_page(client, personas, people, catalogue):
    client.force_login(personas["agent"])
    url = reverse("cases:file", args=[people["casa"].social_id])
    response = client.post(
        url,
        {
            "service": "disability-card",
            "language": "fr",
            "documents": [document.pk for document in catalogue["card"].documents.all()],
            "files": [SimpleUploadedFile("scan.pdf", b"MZ\x90\x00binary", content_type="application/pdf")],
        },
    )
    assert response.status_code == 200
    assert "scan.pdf" in response.content.decode()
    assert not Request.objects.exists()


def test_the_request_page_shows_the_actions_of_the_current_status_to_the_handling_centre(client, personas, filed):
    client.force_login(personas["centre"])
    html = client.get(reverse("cases:detail", args=[filed.reference])).content.decode()
    for action in ("request_info", "approve", "reject", "withdraw"):
        assert f'name="transition" value="{action}"' in html
    for action in ("deliver", "resume", "accept", "decline"):
        assert f'name="transition" value="{action}"' not in html
    assert f'name="version" value="{filed.version}"' in html
    assert reverse("cases:refer", args=[filed.reference]) in html
    assert "Timeline" in html and "Filed" in html


def test_read_only_viewers_see_no_action(client, personas, filed):
    client.force_login(personas["supervisor_region"])
    html = client.get(reverse("cases:detail", args=[filed.reference])).content.decode()
    assert 'name="transition"' not in html and "Actions" not in html


def test_approving_from_the_page(client, personas, filed):
    client.force_login(personas["centre"])
    url = reverse("cases:detail", args=[filed.reference])
    response = client.post(
        url, {"action": "transition", "transition": "approve", "version": filed.version, "note": "Complet."}
    )
    assert response.status_code == 302
    assert fresh(filed).status == Status.APPROVED


def test_a_reason_left_blank_is_named(client, personas, filed):
    client.force_login(personas["centre"])
    url = reverse("cases:detail", args=[filed.reference])
    response = client.post(url, {"action": "transition", "transition": "reject", "version": filed.version, "note": ""})
    assert response.status_code == 400
    assert "Reason for the rejection" in response.content.decode()
    assert fresh(filed).status == Status.SUBMITTED


def test_an_impossible_transition_is_refused_with_a_clear_message(client, personas, filed):
    client.force_login(personas["centre"])
    url = reverse("cases:detail", args=[filed.reference])
    response = client.post(url, {"action": "transition", "transition": "deliver", "version": filed.version})
    assert response.status_code == 400
    assert "is not possible while the request is" in response.content.decode()
    assert fresh(filed).status == Status.SUBMITTED


def test_two_staff_on_the_same_page_the_second_gets_the_conflict_message(client, personas, filed):
    client.force_login(personas["centre"])
    seen = filed.version
    url = reverse("cases:detail", args=[filed.reference])
    client.post(url, {"action": "transition", "transition": "approve", "version": seen})
    response = client.post(
        url,
        {"action": "transition", "transition": "reject", "version": seen, "note": "Revenu trop élevé.", "confirm": "1"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this record" in html
    assert fresh(filed).status == Status.APPROVED


def test_comment_assign_and_attach_from_the_page(client, personas, filed):
    client.force_login(personas["centre"])
    url = reverse("cases:detail", args=[filed.reference])
    client.post(url, {"action": "comment", "comment-text": "Appel prévu lundi."})
    client.post(url, {"action": "assign", "assign-version": filed.version, "assign-assignee": personas["centre"].pk})
    client.post(
        url,
        {
            "action": "attach",
            "attach-files": [SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\nxxxx", content_type="image/png")],
        },
    )
    saved = fresh(filed)
    assert saved.assignee == personas["centre"]
    assert saved.attachments.count() == 1
    html = client.get(reverse("cases:detail", args=[filed.reference])).content.decode()
    assert "Appel prévu lundi." in html and "photo.png" in html


def test_referring_from_the_page_and_accepting_on_the_other_side(client, personas, filed, catalogue):
    client.force_login(personas["centre"])
    url = reverse("cases:refer", args=[filed.reference])
    html = client.get(url).content.decode()
    assert 'for="id_service"' in html and 'for="id_reason"' in html and 'for="id_centre"' in html
    response = client.post(
        url, {"version": filed.version, "service": catalogue["project"].pk, "reason": "Projet de couture."}
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    html = client.get(reverse("cases:detail", args=[filed.reference])).content.decode()
    assert referral.to_request.reference_display in html and "Referred to" in html

    client.force_login(personas["incubator"])
    page = client.get(reverse("cases:detail", args=[referral.to_request.reference])).content.decode()
    assert "Referred by" in page and filed.reference_display in page
    assert 'name="transition" value="accept"' in page
    response = client.post(
        reverse("cases:detail", args=[referral.to_request.reference]),
        {"action": "transition", "transition": "accept", "version": referral.to_request.version},
    )
    assert response.status_code == 302
    assert fresh(referral.to_request).status == Status.SUBMITTED


def test_the_persons_file_lists_requests_and_services_received(client, personas, people, filed):
    act(personas["centre"], filed, "approve")
    act(personas["centre"], filed, "deliver")
    client.force_login(personas["centre"])
    html = client.get(reverse("registry:detail", args=[people["casa"].social_id])).content.decode()
    assert filed.reference_display in html
    received = html[html.index('id="received-title"') :]
    assert "Disability card" in received and re.search(r"20\d\d", received)


@pytest.mark.parametrize("events", [1, 12])
def test_the_request_page_queries_do_not_grow_with_the_timeline(
    events, client, personas, filed, django_assert_max_num_queries
):
    from guichet.cases import services

    for index in range(events):
        services.request_comment(actor=personas["centre"], request=filed, text=f"Note {index}")
    client.force_login(personas["centre"])
    client.get(reverse("cases:detail", args=[filed.reference]))  # the catalogue (service, centre, window) is kept
    with django_assert_max_num_queries(12):
        response = client.get(reverse("cases:detail", args=[filed.reference]))
    assert response.status_code == 200


def test_the_assign_and_attach_choices_are_the_centres_staff_and_the_services_documents_of_now(
    client, personas, filed, catalogue
):
    """The choices are shown from rows read by SQL kept per centre and per service, never kept themselves: a
    colleague who joins or leaves is listed or not at the next page, and the posted choice is still checked."""
    from guichet.accounts.models import Role
    from guichet.accounts.tests.factories import UserFactory

    client.force_login(personas["centre"])
    url = reverse("cases:detail", args=[filed.reference])
    html = client.get(url, headers={"Accept-Language": "fr"}).content.decode()
    assert "Certificat médical" in html[html.index('name="attach-document"') :]
    newcomer = UserFactory(
        username="t_newcomer",
        first_name="Amal",
        last_name="Idrissi",
        role=Role.CENTRE_STAFF,
        centre=personas["centre"].centre,
    )
    chooser = client.get(url).content.decode()
    chooser = chooser[chooser.index('name="assign-assignee"') :]
    assert f'value="{newcomer.pk}">Amal Idrissi</option>' in chooser
    newcomer.is_active = False
    newcomer.save(update_fields=["is_active"])
    assert "Amal Idrissi" not in client.get(url).content.decode()
    response = client.post(url, {"action": "assign", "assign-version": filed.version, "assign-assignee": newcomer.pk})
    assert response.status_code == 400 and fresh(filed).assignee is None  # no longer a choice
