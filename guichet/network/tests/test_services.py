"""The service catalogue: create and edit a service with its documents and its rule; bad rules refused."""

import datetime

import pytest
from django.urls import reverse

from guichet.audit.models import AuditEntry
from guichet.cases.models import Request
from guichet.network.models import Service, ServiceDocument
from guichet.network.tests.factories import CentreFactory, ServiceFactory

CNIE = {"name_fr": "Copie de la CNIE", "name_ar": "نسخة من البطاقة الوطنية", "name_en": "Copy of the CNIE"}
PHOTO = {"name_fr": "Photo d'identité", "name_ar": "صورة شمسية", "name_en": "Passport photo"}


def service_data(*, documents=(), conditions=(), combine="all", extra_documents=1, extra_conditions=1, **changes):
    data = {
        "code": "income-generating-support",
        "category": "economic",
        "name_fr": "Appui aux activités génératrices de revenus",
        "name_ar": "دعم الأنشطة المدرة للدخل",
        "name_en": "Support for income-generating activities",
        "description_fr": "",
        "description_ar": "",
        "description_en": "",
        "centre_kinds": ["incubator"],
        "due_working_days": "30",
        "channel_window": "on",
        "is_active": "on",
        "rule-combine": combine,
    }
    data.update(formset("documents", [*documents, *[{}] * extra_documents], initial=changes.pop("initial_docs", 0)))
    data.update(formset("conditions", [*conditions, *[{}] * extra_conditions], initial=changes.pop("initial_conds", 0)))
    return {**data, **changes}


def formset(prefix, rows, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for number, row in enumerate(rows):
        defaults = {"need": "required"} if prefix == "documents" else {}
        for name, value in {**defaults, **row}.items():
            data[f"{prefix}-{number}-{name}"] = value
    return data


WOMAN = {"field": "sex", "op": "is", "choice": "F"}
ADULT = {"field": "age", "op": "gte", "number": "18"}
POOR = {"field": "rsu_score", "op": "lte", "number": "9,3264"}


def test_administrator_creates_a_service_with_documents_and_a_rule(admin_client, personas):
    response = admin_client.post(
        reverse("network:service_create"),
        service_data(documents=[CNIE, {**PHOTO, "need": "optional"}], conditions=[WOMAN, ADULT, POOR]),
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    service = Service.objects.get(code="income-generating-support")
    assert response["Location"] == reverse("network:service_detail", args=[service.code])
    assert service.eligibility_rule == {
        "combine": "all",
        "conditions": [
            {"field": "sex", "op": "eq", "value": "F"},
            {"field": "age", "op": "gte", "value": 18},
            {"field": "rsu_score", "op": "lte", "value": 9.3264},
        ],
    }
    assert [(d.name_en, d.required, d.position) for d in service.documents.all()] == [
        ("Copy of the CNIE", True, 0),
        ("Passport photo", False, 1),
    ]
    entry = AuditEntry.objects.get(action="create", object_type="network.service")
    assert entry.changes["documents"] == [None, "Copie de la CNIE; Photo d'identité (optional)"]


def test_the_service_page_says_the_rule_in_words(admin_client, personas):
    admin_client.post(reverse("network:service_create"), service_data(conditions=[WOMAN, ADULT, POOR]))
    page = admin_client.get(reverse("network:service_detail", args=["income-generating-support"])).content.decode()
    assert "Eligible when the person is all of:" in page
    for text in ("a woman", "aged 18 or more", "household score (RSU) at most 9.3264"):
        assert f"<li>{text}</li>" in page


def test_places_are_chosen_by_code(admin_client, territory, personas):
    places = {"field": "province", "op": "is", "places": ["province:MA-CAS", "province:MA-RAB"]}
    rural = {"field": "commune_kind", "op": "is", "choice": "rural"}
    disabled = {"field": "disability", "op": "", "choice": "yes"}
    response = admin_client.post(
        reverse("network:service_create"), service_data(conditions=[places, rural, disabled], combine="any")
    )
    assert response.status_code == 302
    rule = Service.objects.get().eligibility_rule
    assert rule["combine"] == "any"
    assert rule["conditions"] == [
        {"field": "province", "op": "in", "value": ["MA-CAS", "MA-RAB"]},
        {"field": "commune_kind", "op": "eq", "value": "rural"},
        {"field": "disability", "op": "eq", "value": True},
    ]
    page = admin_client.get(reverse("network:service_detail", args=["income-generating-support"])).content.decode()
    assert "living in the province or prefecture of: Casablanca, Rabat" in page


@pytest.mark.parametrize(
    ("conditions", "message"),
    [
        ([WOMAN, {"field": "age", "op": "gte", "number": "adult"}], "Condition 2: an age is a whole number of years."),
        ([{"field": "sex", "op": "gte", "choice": "F"}], "Condition 1: this comparison does not apply."),
        ([{"field": "sex", "op": "is", "choice": "rural"}], "Condition 1: choose female or male."),
        ([{"field": "rsu_score", "op": "lte", "number": ""}], "Condition 1: the score is a number."),
        ([{"field": "region", "op": "is", "places": []}], "Condition 1: choose at least one place."),
        ([{"field": "region", "op": "is", "places": ["province:MA-CAS"]}], "Condition 1: choose at least one place."),
        ([{"field": "disability", "op": "is", "choice": "F"}], "Condition 1: choose yes or no."),
    ],
)
def test_a_bad_rule_is_refused_with_its_message_and_nothing_saved(
    admin_client, territory, personas, conditions, message
):
    response = admin_client.post(
        reverse("network:service_create"), service_data(documents=[CNIE], conditions=conditions)
    )
    assert response.status_code == 200
    assert response.context["rule_error"] == message
    assert message in response.content.decode()
    assert not Service.objects.exists() and not ServiceDocument.objects.exists()
    assert not AuditEntry.objects.filter(object_type="network.service").exists()


def test_a_service_needs_a_channel_and_a_type_of_centre(admin_client, personas):
    data = service_data(centre_kinds=[])
    del data["channel_window"]
    response = admin_client.post(reverse("network:service_create"), data)
    assert response.status_code == 200
    assert "centre_kinds" in response.context["form"].errors
    assert not Service.objects.exists()
    response = admin_client.post(reverse("network:service_create"), {**data, "centre_kinds": ["incubator"]})
    assert response.context["form"].errors["channel_window"] == [
        "A service can be asked for at a window, online, or both."
    ]
    assert not Service.objects.exists()


def test_a_document_needs_its_three_names(admin_client, personas):
    response = admin_client.post(reverse("network:service_create"), service_data(documents=[{**CNIE, "name_ar": ""}]))
    assert response.status_code == 200 and "Check the documents." in response.content.decode()
    assert not Service.objects.exists()


@pytest.fixture
def service(personas):
    service = ServiceFactory(
        code="income-generating-support",
        centre_kinds=["incubator"],
        eligibility_rule={"combine": "all", "conditions": [{"field": "sex", "op": "eq", "value": "F"}]},
    )
    ServiceDocument.objects.create(service=service, position=0, **CNIE)
    ServiceDocument.objects.create(service=service, position=1, **PHOTO)
    return service


def edit_data(service, **changes):
    documents = [
        {"pk": document.pk, "name_fr": document.name_fr, "name_ar": document.name_ar, "name_en": document.name_en}
        for document in service.documents.all()
    ]
    data = service_data(
        documents=changes.pop("documents", documents),
        initial_docs=len(documents),
        conditions=changes.pop("conditions", [WOMAN]),
        initial_conds=1,
        name_fr=service.name_fr,
        name_ar=service.name_ar,
        name_en=service.name_en,
        category=service.category,
        due_working_days=str(service.due_working_days),
        version=service.version,
    )
    data.pop("code")  # disabled on edit
    return {**data, **changes}


def test_editing_documents_changes_removes_and_adds(admin_client, service):
    cnie, photo = service.documents.all()
    documents = [
        {"pk": cnie.pk, **CNIE, "name_en": "Copy of the national identity card"},
        {"pk": photo.pk, **PHOTO, "DELETE": "on"},
        {"name_fr": "Attestation RSU", "name_ar": "شهادة السجل الاجتماعي الموحد", "name_en": "RSU certificate"},
    ]
    response = admin_client.post(
        reverse("network:service_edit", args=[service.code]), edit_data(service, documents=documents)
    )
    assert response.status_code == 302
    assert [(d.pk == cnie.pk, d.name_en) for d in service.documents.all()] == [
        (True, "Copy of the national identity card"),
        (False, "RSU certificate"),
    ]
    service.refresh_from_db()
    assert service.version == 2
    entry = AuditEntry.objects.get(action="update", object_type="network.service")
    assert entry.changes == {"documents": ["Copie de la CNIE; Photo d'identité", "Copie de la CNIE; Attestation RSU"]}


def test_the_code_of_a_service_does_not_change(admin_client, service):
    response = admin_client.post(
        reverse("network:service_edit", args=[service.code]), edit_data(service, code="another-code")
    )
    assert response.status_code == 302
    assert Service.objects.get().code == "income-generating-support"


def test_a_bad_rule_on_edit_leaves_the_service_as_it_was(admin_client, service):
    bad = [{"field": "age", "op": "gte", "number": "-3"}]
    response = admin_client.post(
        reverse("network:service_edit", args=[service.code]), edit_data(service, conditions=bad, name_en="Changed")
    )
    assert (
        response.status_code == 200 and "Condition 1: an age is a whole number of years." in response.content.decode()
    )
    service.refresh_from_db()
    assert service.version == 1 and service.name_en != "Changed"
    assert service.eligibility_rule["conditions"] == [{"field": "sex", "op": "eq", "value": "F"}]


def test_removing_every_condition_admits_everyone(admin_client, service):
    response = admin_client.post(
        reverse("network:service_edit", args=[service.code]),
        edit_data(service, conditions=[{**WOMAN, "DELETE": "on"}]),
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.eligibility_rule == {"combine": "all", "conditions": []}
    page = admin_client.get(reverse("network:service_detail", args=[service.code])).content.decode()
    assert "Everyone is eligible." in page


def test_the_edit_form_shows_the_current_rule(admin_client, territory, service):
    service.eligibility_rule = {
        "combine": "any",
        "conditions": [
            {"field": "region", "op": "in", "value": ["MA-04"]},
            {"field": "rsu_score", "op": "lte", "value": 9.3264},
        ],
    }
    service.save()
    response = admin_client.get(reverse("network:service_edit", args=[service.code]))
    forms = response.context["conditions"].forms
    assert forms[0].initial == {"field": "region", "op": "is", "places": ["region:MA-04"]}
    assert forms[1].initial == {"field": "rsu_score", "op": "lte", "number": "9.3264"}
    assert response.context["rule_form"].initial == {"combine": "any"}
    page = response.content.decode()
    assert '<option value="region:MA-04" selected>' in page


def test_stale_edit_is_refused_and_nothing_is_overwritten(admin_client, service):
    stale = edit_data(service, name_en="From the first form")
    admin_client.post(reverse("network:service_edit", args=[service.code]), edit_data(service, name_en="First"))
    response = admin_client.post(reverse("network:service_edit", args=[service.code]), stale)
    assert response.status_code == 200 and "Someone else saved this record" in response.content.decode()
    service.refresh_from_db()
    assert service.name_en == "First" and service.version == 2
    assert service.documents.count() == 2


def test_the_catalogue_list_costs_the_same_queries_for_any_number_of_services(
    admin_client, personas, django_assert_max_num_queries
):
    url = reverse("network:service_list")
    ServiceFactory()
    with django_assert_max_num_queries(4):
        assert admin_client.get(url).status_code == 200
    centre = CentreFactory(commune=personas["agent"].window.commune)
    for number in range(30):
        service = ServiceFactory(code=f"s-{number}")
        ServiceDocument.objects.create(service=service, **CNIE)
        centre.services.add(service)
    with django_assert_max_num_queries(4):
        response = admin_client.get(url)
    assert response.context["page"].paginator.count == 31
    rows = [row for row in response.context["page"] if row.code.startswith("s-")]
    assert len(rows) == 30 and all(row.document_count == 1 and row.centre_count == 1 for row in rows)


def test_a_document_received_with_a_request_is_kept(admin_client, service, people):
    cnie, photo = service.documents.all()
    request = Request.objects.create(
        reference="TEST0001",
        person=people["casa"],
        service=service,
        centre=CentreFactory(commune=people["casa"].commune, kind="incubator"),
        due_date=datetime.date(2026, 1, 30),
    )
    request.documents_received.add(photo)
    response = admin_client.post(
        reverse("network:service_edit", args=[service.code]),
        edit_data(service, documents=[{"pk": cnie.pk, **CNIE}, {"pk": photo.pk, **PHOTO, "DELETE": "on"}]),
    )
    assert response.status_code == 200
    assert "was received with requests and cannot be removed" in response.content.decode()
    assert service.documents.count() == 2 and list(request.documents_received.all()) == [photo]
    service.refresh_from_db()
    assert service.version == 1


def test_a_commune_condition_is_typed_as_codes_and_unknown_codes_are_refused(admin_client, territory):
    commune = {"field": "commune", "op": "is", "commune_codes": "C-ANFA, C-SETTAT"}
    response = admin_client.post(reverse("network:service_create"), service_data(conditions=[commune]))
    assert response.status_code == 302
    rule = Service.objects.get(code="income-generating-support").eligibility_rule
    assert rule["conditions"] == [{"field": "commune", "op": "in", "value": ["C-ANFA", "C-SETTAT"]}]
    page = admin_client.get(reverse("network:service_edit", args=["income-generating-support"])).content.decode()
    assert 'value="C-ANFA C-SETTAT"' in page
    assert "commune:" not in page  # no list of every commune in the page

    wrong = {"field": "commune", "op": "is", "commune_codes": "C-ANFA NOWHERE"}
    response = admin_client.post(
        reverse("network:service_create"), service_data(conditions=[wrong], code="another-service")
    )
    assert response.status_code == 200 and "NOWHERE" in response.content.decode()
    assert not Service.objects.filter(code="another-service").exists()
