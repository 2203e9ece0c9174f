"""Administrators list, create and edit centres: territory follows the commune, audited, stale edits refused."""

import pytest
from django.urls import reverse

from guichet.audit.models import AuditEntry
from guichet.network.models import Centre
from guichet.network.tests.factories import CentreFactory, ServiceFactory
from guichet.territory.tests.factories import CommuneFactory


def centre_data(territory, **changes):
    data = {
        "kind": "incubator",
        "code": "inc-cas-01",
        "name": "Incubateur d'autonomisation économique des femmes de Casablanca",
        "name_ar": "حاضنة التمكين الاقتصادي للنساء بالدار البيضاء",
        "commune": territory["anfa"].pk,
        "address": "12, Avenue Mohammed V",
        "phone": "0522 12 34 56",
        "email": "incubateur@example.org",
        "is_active": "on",
    }
    return {**data, **changes}


def edit_data(centre, **changes):
    data = {
        "kind": centre.kind,
        "code": centre.code,
        "name": centre.name,
        "name_ar": centre.name_ar,
        "commune": centre.commune_id,
        "address": centre.address,
        "phone": centre.phone,
        "email": centre.email,
        "services": [service.pk for service in centre.services.all()],
        "version": centre.version,
    }
    if centre.is_active:
        data["is_active"] = "on"
    return {**data, **changes}


def test_administrator_creates_a_centre(admin_client, territory, personas):
    service = ServiceFactory(centre_kinds=["incubator"])
    response = admin_client.post(reverse("network:centre_create"), centre_data(territory, services=[service.pk]))
    assert response.status_code == 302
    centre = Centre.objects.get(code="INC-CAS-01")
    assert centre.phone == "+212522123456"
    assert (centre.province, centre.region) == (territory["casablanca"], territory["casa_settat"])
    assert list(centre.services.all()) == [service]
    entry = AuditEntry.objects.get(action="create", object_type="network.centre", object_id=str(centre.pk))
    assert entry.actor == personas["admin"] and entry.changes["services"] == [None, service.code]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"phone": "12"}, "phone", "This is not a valid phone number."),
        ({"code": "CTR 1/2"}, "code", "Use only letters, digits and dashes."),
        ({"name": ""}, "name", "This field is required."),
        ({"commune": ""}, "commune", "This field is required."),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
    ],
)
def test_a_bad_field_is_named_and_nothing_saved(admin_client, territory, personas, changes, field, message):
    response = admin_client.post(reverse("network:centre_create"), centre_data(territory, **changes))
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert not Centre.objects.filter(kind="incubator", commune=territory["anfa"], code="INC-CAS-01").exists()


def test_a_code_already_taken_is_refused(admin_client, territory, personas):
    CentreFactory(code="INC-CAS-01", commune=territory["settat_city"])
    response = admin_client.post(reverse("network:centre_create"), centre_data(territory))
    assert response.status_code == 200 and "code" in response.context["form"].errors
    assert Centre.objects.filter(code="INC-CAS-01").count() == 1


def test_a_centre_cannot_offer_a_service_its_type_does_not_deliver(admin_client, territory, personas):
    card = ServiceFactory(name_en="Disability card", centre_kinds=["disability"])
    response = admin_client.post(reverse("network:centre_create"), centre_data(territory, services=[card.pk]))
    assert response.status_code == 200
    assert response.context["form"].errors["services"] == ["This type of centre does not deliver: Disability card."]
    assert not Centre.objects.filter(code="INC-CAS-01").exists()


def test_moving_a_centre_moves_its_province_and_region(admin_client, territory, personas):
    centre = personas["centre"].centre
    response = admin_client.post(
        reverse("network:centre_edit", args=[centre.pk]), edit_data(centre, commune=territory["agdal"].pk)
    )
    assert response.status_code == 302
    centre.refresh_from_db()
    assert (centre.province, centre.region, centre.version) == (territory["rabat"], territory["rabat_region"], 2)
    entry = AuditEntry.objects.get(action="update", object_type="network.centre", object_id=str(centre.pk))
    assert set(entry.changes) == {"commune"}


def test_giving_services_to_a_centre(admin_client, personas):
    centre = personas["centre"].centre
    card, aid = ServiceFactory(code="card"), ServiceFactory(code="aid")
    admin_client.post(reverse("network:centre_edit", args=[centre.pk]), edit_data(centre, services=[card.pk, aid.pk]))
    assert set(centre.services.all()) == {card, aid}
    entry = AuditEntry.objects.get(action="update", object_type="network.centre")
    assert entry.changes == {"services": ["", "aid, card"]}


def test_stale_edit_is_refused_and_nothing_is_overwritten(admin_client, personas):
    centre = personas["centre"].centre
    stale = edit_data(centre, name="Name from the first form")
    admin_client.post(reverse("network:centre_edit", args=[centre.pk]), edit_data(centre, name="Saved first"))
    response = admin_client.post(reverse("network:centre_edit", args=[centre.pk]), stale)
    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()
    centre.refresh_from_db()
    assert centre.name == "Saved first" and centre.version == 2
    assert AuditEntry.objects.filter(action="update", object_type="network.centre").count() == 1


def test_saving_an_unchanged_form_writes_nothing(admin_client, personas):
    centre = personas["centre"].centre
    response = admin_client.post(reverse("network:centre_edit", args=[centre.pk]), edit_data(centre))
    assert response.status_code == 302
    centre.refresh_from_db()
    assert centre.version == 1
    assert not AuditEntry.objects.filter(object_type="network.centre").exists()


def test_the_list_filters_by_type_region_and_name(admin_client, territory, personas):
    CentreFactory(
        code="EPS-RAB-01",
        name="Établissement de protection sociale de Rabat",
        kind="social_protection",
        commune=territory["agdal"],
    )
    page = admin_client.get(reverse("network:centre_list"))
    assert page.context["page"].paginator.count == 4
    by_kind = admin_client.get(reverse("network:centre_list"), {"kind": "incubator"}).context["page"]
    assert [centre.name for centre in by_kind] == ["Incubateur Anfa"]
    by_region = admin_client.get(reverse("network:centre_list"), {"region": "MA-04"}).context["page"]
    assert {centre.code for centre in by_region} == {"EPS-RAB-01", personas["centre_rabat"].centre.code}
    by_text = admin_client.get(reverse("network:centre_list"), {"q": "eps-rab"}).context["page"]
    assert [centre.code for centre in by_text] == ["EPS-RAB-01"]
    by_arabic = admin_client.get(reverse("network:centre_list"), {"q": "مركز"}).context["page"]
    assert by_arabic.paginator.count == 4  # factory names in Arabic start with مركز
    unknown = admin_client.get(reverse("network:centre_list"), {"kind": "bogus"})
    assert unknown.status_code == 200 and unknown.context["page"].paginator.count == 4


def _count_list_queries(client, django_assert_max_num_queries, url, limit):
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200
    return response


def test_the_list_costs_the_same_queries_for_3_or_60_centres(
    admin_client, territory, personas, django_assert_max_num_queries
):
    url = reverse("network:centre_list")
    _count_list_queries(admin_client, django_assert_max_num_queries, url, 6)
    service = ServiceFactory(centre_kinds=["disability"])
    for number in range(60):
        CentreFactory(commune=CommuneFactory(province=territory["settat"]), offers=[service], code=f"X-{number:03d}")
    response = _count_list_queries(admin_client, django_assert_max_num_queries, url, 6)
    assert len(response.context["page"].object_list) == 50
    assert "Page 1 of 2" in response.content.decode()
