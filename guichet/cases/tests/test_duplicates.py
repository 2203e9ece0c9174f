"""No accidental duplicates: a second open request for a service, required documents missing, a form sent
twice, and a request's reference typed in the person search."""

import re
import threading
import uuid

import pytest
from django.db import connection, transaction
from django.urls import reverse

from guichet.audit.models import AuditEntry
from guichet.cases import services
from guichet.cases.models import Request
from guichet.common.exceptions import ValidationError
from guichet.network.models import ServiceDocument
from guichet.network.tests.factories import ServiceFactory
from guichet.registry.tests.factories import PersonFactory

from .conftest import MONDAY
from .helpers import act


def file(personas, people, service, **kwargs):
    kwargs.setdefault("documents", list(service.documents.all()))
    return services.request_file(
        actor=kwargs.pop("actor", personas["agent"]),
        person=kwargs.pop("person", people["casa"]),
        service=service,
        language="fr",
        today=MONDAY,
        **kwargs,
    )


def token_of(html: str) -> str:
    found = re.search(r'name="token" value="([0-9a-f-]+)"', html)
    assert found is not None, "the filing form carries no token"
    return found.group(1)


# A second open request for the same service


def test_a_second_open_request_for_the_service_is_refused_naming_the_open_one(filed, personas, people, catalogue):
    with pytest.raises(ValidationError) as caught:
        file(personas, people, catalogue["card"])
    (message,) = caught.value.message_dict["duplicate_reason"]
    assert filed.reference_display in message and "already has an open request" in message
    assert Request.objects.count() == 1


def test_with_a_reason_the_second_request_is_filed_and_the_reason_kept_audited_and_shown(
    client, filed, personas, people, catalogue
):
    second = file(personas, people, catalogue["card"], duplicate_reason="  The first card was lost.  ")
    assert second.pk != filed.pk and second.duplicate_reason == "The first card was lost."
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CREATE, object_id=str(second.pk))
    assert entry.changes["duplicate_reason"] == [None, "The first card was lost."]
    client.force_login(personas["centre"])
    html = client.get(reverse("cases:detail", args=[second.reference])).content.decode()
    assert "Filed while another request for the service was open" in html and "The first card was lost." in html


def test_a_closed_request_or_another_service_needs_no_reason(filed, personas, people, catalogue):
    file(personas, people, catalogue["project"], justification="Il la demande pour sa fille.")
    act(personas["centre"], filed, "reject")
    assert file(personas, people, catalogue["card"]).duplicate_reason == ""
    assert Request.objects.count() == 3


def test_the_filing_page_warns_with_a_link_to_the_open_request_and_asks_why(client, filed, personas, people):
    client.force_login(personas["agent"])
    url = reverse("cases:file", args=[people["casa"].social_id])
    html = client.get(url, {"service": "disability-card"}).content.decode()
    assert "A request for this service is already open" in html
    assert f'href="{reverse("cases:detail", args=[filed.reference])}"' in html
    assert 'name="duplicate_reason"' in html
    documents = [document.pk for document in filed.service.documents.all()]
    response = client.post(
        url, {"service": "disability-card", "language": "fr", "documents": documents, "token": token_of(html)}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "error-summary" in page and "already has an open request for this service" in page
    assert 'href="#id_duplicate_reason"' in page
    assert Request.objects.count() == 1
    response = client.post(
        url,
        {
            "service": "disability-card",
            "language": "fr",
            "documents": documents,
            "token": token_of(html),
            "duplicate_reason": "Renouvellement anticipé.",
        },
    )
    assert response.status_code == 302 and Request.objects.count() == 2


def test_without_an_open_request_the_page_neither_warns_nor_asks(client, personas, people, catalogue):
    client.force_login(personas["agent"])
    url = reverse("cases:file", args=[people["casa"].social_id])
    html = client.get(url, {"service": "disability-card"}).content.decode()
    assert "already open" not in html and 'name="duplicate_reason"' not in html


def test_the_warning_in_arabic(client, filed, personas, people):
    client.force_login(personas["agent"])
    client.cookies["django_language"] = "ar"
    html = client.get(reverse("cases:file", args=[people["casa"].social_id]), {"service": "disability-card"})
    assert "يوجد طلب مفتوح لهذه الخدمة" in html.content.decode()


# Required documents


def test_required_documents_must_be_ticked_or_their_absence_explained(personas, people, catalogue):
    card = catalogue["card"]
    certificate = card.documents.get(name_en="Medical certificate")
    with pytest.raises(ValidationError) as caught:
        file(personas, people, card, documents=[certificate])
    (message,) = caught.value.message_dict["missing_documents_reason"]
    assert "Copy of the CNIE" in message and "Medical certificate" not in message
    assert not Request.objects.exists()
    filed = file(personas, people, card, documents=[certificate], missing_documents_reason="Carte en renouvellement.")
    assert filed.missing_documents_reason == "Carte en renouvellement."
    assert [document.name_en for document in filed.missing_documents()] == ["Copy of the CNIE"]


def test_the_request_page_shows_the_documents_missing_and_why(client, personas, people, catalogue):
    card = catalogue["card"]
    filed = file(personas, people, card, documents=[], missing_documents_reason="Rien apporté ce jour.")
    client.force_login(personas["centre"])
    html = client.get(reverse("cases:detail", args=[filed.reference])).content.decode()
    missing = html[html.index("Required documents missing when filed") :]
    assert "Medical certificate" in missing and "Copy of the CNIE" in missing and "Rien apporté ce jour." in missing


def test_an_optional_document_needs_no_reason(personas, people, catalogue):
    leaflet = ServiceDocument.objects.create(
        service=catalogue["card"], name_fr="Photo", name_en="Photo", required=False, position=3
    )
    required = [document for document in catalogue["card"].documents.all() if document.required]
    filed = file(personas, people, catalogue["card"], documents=required)
    assert leaflet not in filed.documents_received.all() and filed.missing_documents_reason == ""


def test_the_filing_page_asks_why_documents_are_missing_only_for_a_service_requiring_some(
    client, personas, people, catalogue
):
    client.force_login(personas["agent"])
    url = reverse("cases:file", args=[people["casa"].social_id])
    assert 'name="missing_documents_reason"' in client.get(url, {"service": "disability-card"}).content.decode()
    assert 'name="missing_documents_reason"' not in client.get(url, {"service": "income-project"}).content.decode()
    response = client.post(url, {"service": "disability-card", "language": "fr"})
    page = response.content.decode()
    assert response.status_code == 200 and "Required documents not ticked" in page
    assert 'href="#id_missing_documents_reason"' in page
    assert not Request.objects.exists()


# The same form sent twice


def test_the_same_form_sent_twice_files_once(client, personas, people, catalogue):
    client.force_login(personas["agent"])
    url = reverse("cases:file", args=[people["casa"].social_id])
    token = token_of(client.get(url, {"service": "disability-card"}).content.decode())
    data = {
        "service": "disability-card",
        "language": "fr",
        "documents": [document.pk for document in catalogue["card"].documents.all()],
        "token": token,
    }
    first = client.post(url, data)
    second = client.post(url, data)
    request = Request.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("cases:detail", args=[request.reference])
    assert str(request.idempotency_key) == token
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, object_id=str(request.pk)).count() == 1


def test_each_showing_of_the_page_draws_a_new_token(client, personas, people, catalogue):
    client.force_login(personas["agent"])
    url = reverse("cases:file", args=[people["casa"].social_id])
    tokens = {token_of(client.get(url, {"service": "disability-card"}).content.decode()) for _ in range(2)}
    assert len(tokens) == 2


def test_a_token_already_used_cannot_file_for_someone_else(personas, people, catalogue, territory):
    token = uuid.uuid4()
    first = file(personas, people, catalogue["card"], token=token)
    assert file(personas, people, catalogue["card"], token=token) == first
    with pytest.raises(ValidationError):
        file(personas, people, catalogue["card"], token=token, person=PersonFactory(commune=territory["anfa"]))
    assert Request.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_two_submits_at_once_file_once_on_postgresql(personas, people, catalogue):
    """The second submit checks while the first is written but not committed: the unique token makes it wait,
    then find the first request instead of filing another."""
    token = uuid.uuid4()
    inserted, results = threading.Event(), {}

    def first() -> None:
        try:
            with transaction.atomic():
                results["first"] = file(personas, people, catalogue["card"], token=token)
                inserted.set()
                threading.Event().wait(1.0)  # the second submit runs into the uncommitted row meanwhile
        finally:
            inserted.set()
            connection.close()

    def second() -> None:
        try:
            inserted.wait(10)
            results["second"] = file(personas, people, catalogue["card"], token=token)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert results["first"].pk == results["second"].pk
    assert Request.objects.count() == 1


# A request's reference in the person search


def test_searching_a_reference_opens_the_request(client, filed, personas):
    client.force_login(personas["agent"])
    for typed in (filed.reference, filed.reference_display, f"{filed.reference[:5]}-{filed.reference[5:]}"):
        response = client.get(reverse("registry:search"), {"q": typed})
        assert response.status_code == 302
        assert response["Location"] == reverse("cases:detail", args=[filed.reference])


def test_searching_a_reference_with_htmx_sends_the_browser_to_the_request(client, filed, personas):
    client.force_login(personas["centre"])
    response = client.get(reverse("registry:search"), {"q": filed.reference_display}, headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == reverse("cases:detail", args=[filed.reference])


def test_a_reference_the_viewer_may_not_open_is_searched_as_usual(client, filed, personas):
    client.force_login(personas["agent_rabat"])
    response = client.get(reverse("registry:search"), {"q": filed.reference_display})
    assert response.status_code == 200
    assert reverse("cases:detail", args=[filed.reference]) not in response.content.decode()


def test_a_mistyped_reference_is_searched_as_usual(client, filed, personas):
    client.force_login(personas["agent"])
    mistyped = filed.reference[:-1] + str((int(filed.reference[-1]) + 1) % 10)
    assert client.get(reverse("registry:search"), {"q": mistyped}).status_code == 200


def test_an_unknown_service_document_list_needs_nothing(personas, people, catalogue):
    """A service without documents asks for no reason about them."""
    bare = ServiceFactory(code="bare-service")
    personas["centre"].centre.services.add(bare)
    assert file(personas, people, bare, documents=[]).missing_documents_reason == ""
