"""The public registration form and the review: approve, reject, correction round trip."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from guichet.accounts.models import Role, User
from guichet.associations import services_registration as services
from guichet.associations.models import Association
from guichet.common.exceptions import NotAllowed, StaleEdit, ValidationError

from .conftest import PDF, PNG, pdf

URL = reverse("associations:register")


def form_data(territory, **changes):
    data = {
        "name_fr": "Association Al Amal pour l'inclusion",
        "name_ar": "جمعية الأمل للإدماج",
        "registration_number": "ASS-2024/118",
        "province": territory["casablanca"].pk,
        "address": "12 rue des Écoles, Casablanca",
        "president": "Amina Berrada",
        "phone": "0522 12 34 56",
        "email": "contact@alamal.ma",
        "statutes": pdf(),
        "receipt": SimpleUploadedFile("recu.png", PNG, content_type="image/png"),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_it_registers_an_association_waiting_for_review(client, territory):
    response = client.post(URL, form_data(territory))
    assert response.status_code == 302
    association = Association.objects.get()
    assert association.status == Association.Status.PENDING
    assert association.registration_number == "ASS-2024/118"
    assert association.phone == "+212522123456"
    assert association.region == territory["casa_settat"]
    assert association.manager is None
    assert "Al Amal" in client.get(response.url).content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name_fr", "", "Enter the association's name in French."),
        ("name_fr", "جمعية", "Write the French name in Latin letters."),
        ("name_ar", "", "Enter the association's name in Arabic."),
        ("name_ar", "Al Amal", "Write the Arabic name in Arabic letters."),
        ("registration_number", "", "Enter the legal registration number."),
        ("registration_number", "#!", "Enter the registration number as on the receipt"),
        ("province", "", "Choose the province."),
        ("province", "999999", "Select a valid choice"),
        ("address", "", "Enter the address."),
        ("address", "ab", "Enter the full address."),
        ("president", "", "Enter the president&#x27;s name."),
        ("president", "A", "Enter the president&#x27;s full name."),
        ("phone", "", "Enter a phone number."),
        ("phone", "12", "Enter a valid phone number"),
        ("email", "", "Enter an e-mail address."),
        ("email", "not-an-address", "Enter a valid e-mail address"),
    ],
)
def test_every_field_is_checked_with_a_message(client, territory, field, value, message):
    response = client.post(URL, form_data(territory, **{field: value}), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert not Association.objects.exists()


@pytest.mark.parametrize("field", ["statutes", "receipt"])
def test_each_document_is_required(client, territory, field):
    response = client.post(URL, form_data(territory, **{field: None}))
    assert response.status_code == 400
    assert not Association.objects.exists()


def test_a_renamed_executable_is_refused(client, territory):
    exe = SimpleUploadedFile("statuts.pdf", b"MZ\x90\x00" + b"\x00" * 60, content_type="application/pdf")
    response = client.post(URL, form_data(territory, statutes=exe))
    assert response.status_code == 400
    assert "is not a PDF, JPEG or PNG file" in response.content.decode() or "PDF" in response.content.decode()
    assert not Association.objects.exists()


def test_a_too_large_document_is_refused(client, territory, settings):
    settings.GUICHET_ATTACHMENT_MAX_BYTES = 10
    response = client.post(URL, form_data(territory))
    assert response.status_code == 400
    assert not Association.objects.exists()


def test_a_duplicate_registration_number_is_refused(client, territory):
    assert client.post(URL, form_data(territory)).status_code == 302
    response = client.post(URL, form_data(territory, registration_number="ass-2024/118"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "already registered" in response.content.decode()
    assert Association.objects.count() == 1


def test_registrations_are_rate_limited_per_client_address(client, territory, settings):
    settings.GUICHET_ASSOCIATION_REGISTRATIONS_PER_HOUR = 2
    for _ in range(2):
        client.post(URL, form_data(territory, name_fr=""))
    response = client.post(URL, form_data(territory))
    assert response.status_code == 429
    assert not Association.objects.exists()


def test_approval_creates_the_manager_and_sends_the_credentials(
    client, officers, associations, django_capture_on_commit_callbacks
):
    association = associations["pending"]
    client.force_login(officers["officer"])
    url = reverse("associations:detail", args=[association.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "approve", "version": association.version})
    assert response.status_code == 200
    association.refresh_from_db()
    assert association.status == Association.Status.APPROVED
    manager = association.manager
    assert manager.role == Role.ASSOCIATION_MANAGER
    password = response.context["password"]
    assert password in response.content.decode()
    assert manager.check_password(password)
    assert password not in manager.password
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [association.email]
    assert password in mail.outbox[0].body and manager.username in mail.outbox[0].body
    # Shown once: the association's page does not show it again.
    assert password not in client.get(reverse("associations:detail", args=[association.pk])).content.decode()


def test_rejection_needs_a_reason(client, officers, associations, django_capture_on_commit_callbacks):
    association = associations["pending"]
    client.force_login(officers["officer"])
    url = reverse("associations:detail", args=[association.pk])
    response = client.post(url, {"action": "reject", "version": association.version, "reason": ""})
    assert response.status_code == 400
    association.refresh_from_db()
    assert association.status == Association.Status.PENDING
    rejection = {"action": "reject", "version": association.version, "reason": "Statuts illisibles"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**rejection, "confirm": "1"})
    association.refresh_from_db()
    assert association.status == Association.Status.REJECTED
    assert association.review_note == "Statuts illisibles"
    assert "Statuts illisibles" in mail.outbox[0].body
    assert not User.objects.filter(role=Role.ASSOCIATION_MANAGER, association=association).exists()


def test_correction_round_trip_with_the_token(
    client, officers, associations, territory, django_capture_on_commit_callbacks
):
    association = associations["pending"]
    with django_capture_on_commit_callbacks(execute=True):
        _, token = services.association_ask_correction(
            actor=officers["officer"],
            association=association,
            expected_version=1,
            note="Adresse incomplète",
            link_of=lambda t: f"http://testserver/associations/correct/{t}/",
        )
    assert token in mail.outbox[0].body
    association.refresh_from_db()
    assert association.status == Association.Status.CORRECTION
    assert token not in association.correction_token_hash
    url = reverse("associations:correct", args=[token])
    page = client.get(url)
    assert "Adresse incomplète" in page.content.decode()
    data = form_data(territory, registration_number=association.registration_number, statutes=None, receipt=None)
    data.update(address="15 boulevard Anfa, Casablanca", version=association.version)
    response = client.post(url, data)
    assert response.status_code == 302
    association.refresh_from_db()
    assert association.status == Association.Status.PENDING
    assert association.address == "15 boulevard Anfa, Casablanca"
    assert association.statutes_file  # the documents already sent are kept
    # The link works once.
    assert client.get(url).status_code == 404
    assert client.get(reverse("associations:correct", args=["x" * 32])).status_code == 404


def test_a_stale_review_is_refused(officers, associations):
    association = associations["pending"]
    services.association_reject(actor=officers["officer"], association=association, expected_version=1, reason="Non")
    with pytest.raises(StaleEdit):
        services.association_approve(actor=officers["officer_national"], association=association, expected_version=1)


def test_an_officer_of_another_region_cannot_review(client, officers, associations):
    association = associations["pending"]
    with pytest.raises(NotAllowed):
        services.association_approve(actor=officers["officer_rabat"], association=association, expected_version=1)
    client.force_login(officers["officer_rabat"])
    assert client.get(reverse("associations:detail", args=[association.pk])).status_code == 404
    response = client.post(reverse("associations:detail", args=[association.pk]), {"action": "approve", "version": 1})
    assert response.status_code == 404


def test_a_decided_association_cannot_be_approved_again(officers, associations):
    with pytest.raises(ValidationError):
        services.association_approve(actor=officers["officer"], association=associations["casa"], expected_version=1)


def test_documents_are_served_only_to_those_who_see_the_association(client, territory, officers):
    client.post(URL, form_data(territory))
    association = Association.objects.get()
    url = reverse("associations:file", args=[association.pk, "statutes"])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(officers["officer"])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    client.force_login(officers["officer_rabat"])
    assert client.get(url).status_code == 404


def test_a_stale_correction_is_refused(client, officers, associations, territory):
    association = associations["pending"]
    _, token = services.association_ask_correction(
        actor=officers["officer"],
        association=association,
        expected_version=1,
        note="Adresse",
        link_of=lambda t: t,
    )
    data = form_data(territory, registration_number=association.registration_number, statutes=None, receipt=None)
    response = client.post(
        reverse("associations:correct", args=[token]), {**data, "version": 1}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()
    association.refresh_from_db()
    assert association.status == Association.Status.CORRECTION


def test_a_correction_with_a_renamed_executable_is_refused(client, officers, associations, territory):
    association = associations["pending"]
    _, token = services.association_ask_correction(
        actor=officers["officer"],
        association=association,
        expected_version=1,
        note="Statuts",
        link_of=lambda t: t,
    )
    association.refresh_from_db()
    exe = SimpleUploadedFile("statuts.pdf", b"MZ\x90\x00" + b"\x00" * 60)
    data = form_data(territory, registration_number=association.registration_number, statutes=exe, receipt=None)
    response = client.post(reverse("associations:correct", args=[token]), {**data, "version": association.version})
    assert response.status_code == 200
    association.refresh_from_db()
    assert association.status == Association.Status.CORRECTION
