"""Yearly applications: one per year, children listed, decisions per child and for the application, reports."""

from decimal import Decimal

import pytest
from django.urls import reverse

from guichet.associations import selectors
from guichet.associations import services_applications as services
from guichet.associations.models import SchoolingApplication, SupportedChild, TermReport
from guichet.common.exceptions import NotAllowed, StaleEdit, ValidationError
from guichet.registry.models import DisabilityRecord, Person


def test_one_application_per_association_and_school_year(client, associations):
    manager, association = associations["casa_manager"], associations["casa"]
    services.application_create(actor=manager, association=association, school_year="2026-2027")
    with pytest.raises(ValidationError) as caught:
        services.application_create(actor=manager, association=association, school_year="2026-2027")
    assert "school_year" in caught.value.message_dict
    client.force_login(manager)
    response = client.post(
        reverse("associations:application_create"), {"school_year": "2026-2027"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "already has an application" in response.content.decode().replace("&#x27;", "'")
    assert SchoolingApplication.objects.count() == 1


@pytest.mark.parametrize("year", ["2026", "2026-2028", "26-27", "2027-2026"])
def test_the_school_year_is_two_following_years(associations, year):
    with pytest.raises(ValidationError):
        services.application_create(
            actor=associations["casa_manager"], association=associations["casa"], school_year=year
        )


def test_a_pending_association_cannot_apply(associations, officers):
    with pytest.raises(NotAllowed):
        services.application_create(
            actor=officers["officer"], association=associations["casa"], school_year="2026-2027"
        )


def test_the_manager_registers_a_child_on_the_spot(client, associations, territory):
    manager = associations["casa_manager"]
    application = services.application_create(actor=manager, association=associations["casa"], school_year="2026-2027")
    client.force_login(manager)
    url = reverse("associations:child_add", args=[application.pk])
    assert client.get(url, {"q": "Zzzz"}).status_code == 200
    data = {
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
    response = client.post(url, data)
    assert response.status_code == 302
    child = SupportedChild.objects.get()
    assert child.person.given_name_latin == "Salma"
    assert child.amount_requested == Decimal("6000.50")
    assert DisabilityRecord.objects.get(person=child.person).card_number == "C-1234"
    # The manager does not read the record back.
    page = client.get(reverse("associations:application", args=[application.pk])).content.decode()
    assert "Salma" in page and "C-1234" not in page


@pytest.mark.parametrize(
    ("field", "value"),
    [("school", ""), ("support_kind", ""), ("amount_requested", "abc"), ("amount_requested", "0"), ("kind", "")],
)
def test_every_child_field_is_checked(client, associations, people, field, value):
    manager = associations["casa_manager"]
    application = services.application_create(actor=manager, association=associations["casa"], school_year="2026-2027")
    client.force_login(manager)
    data = {
        "social_id": people["casa"].social_id,
        "born": people["casa"].birth_date.isoformat(),
        "kind": "motor",
        "degree": "light",
        "school": "École",
        "support_kind": "equipment",
        "amount_requested": "100",
        field: value,
    }
    response = client.post(reverse("associations:child_add", args=[application.pk]), data)
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not SupportedChild.objects.exists()


def test_a_new_child_needs_names_birth_commune_and_consent(client, associations):
    manager = associations["casa_manager"]
    application = services.application_create(actor=manager, association=associations["casa"], school_year="2026-2027")
    client.force_login(manager)
    data = {"kind": "motor", "degree": "light", "school": "École", "support_kind": "equipment", "amount_requested": "1"}
    content = client.post(reverse("associations:child_add", args=[application.pk]), data).content.decode()
    for field in ("given_name_latin", "family_name_latin", "sex", "birth_date", "commune", "consent"):
        assert f'id="id_{field}_error"' in content
    assert not Person.objects.exists()


def test_a_child_is_listed_once_and_the_submitted_application_is_frozen(submitted, associations, people):
    manager = associations["casa_manager"]
    with pytest.raises(ValidationError):
        services.child_add(
            actor=manager,
            application=submitted["application"],
            person=people["rabat"],
            school="x",
            support_kind="transport",
            amount_requested=Decimal("10"),
            disability={"kind": "motor", "degree": "light"},
        )


def test_per_child_decisions_and_the_application_outcome(decided):
    first, second = (SupportedChild.objects.get(pk=decided[key].pk) for key in ("first", "second"))
    assert first.decision == "approved" and first.amount_granted == Decimal("5000")
    assert second.decision == "partly" and second.amount_granted == Decimal("2000")
    assert decided["application"].status == SchoolingApplication.Status.PARTLY


def test_all_approved_gives_approved_and_all_rejected_needs_reasons(submitted, officers):
    officer = officers["officer"]
    with pytest.raises(ValidationError):
        services.child_decide(actor=officer, child=submitted["first"], expected_version=1, decision="rejected")
    with pytest.raises(ValidationError):
        services.child_decide(
            actor=officer,
            child=submitted["first"],
            expected_version=1,
            decision="partly",
            amount_granted=Decimal("5000"),
        )
    with pytest.raises(ValidationError):  # not every child is decided yet
        services.application_decide(actor=officer, application=submitted["application"], expected_version=2)
    for key in ("first", "second"):
        services.child_decide(
            actor=officer, child=submitted[key], expected_version=1, decision="rejected", reason="Hors programme"
        )
    assert services.application_outcome(submitted["application"]) == "rejected"
    with pytest.raises(ValidationError):
        services.application_decide(actor=officer, application=submitted["application"], expected_version=2)
    application = services.application_decide(
        actor=officer, application=submitted["application"], expected_version=2, note="Aucun enfant éligible"
    )
    assert application.status == "rejected"


def test_stale_decisions_are_refused(submitted, officers):
    services.child_decide(actor=officers["officer"], child=submitted["first"], expected_version=1, decision="approved")
    with pytest.raises(StaleEdit):
        services.child_decide(
            actor=officers["officer_national"],
            child=submitted["first"],
            expected_version=1,
            decision="rejected",
            reason="Non",
        )


def test_deciding_through_the_page(client, submitted, officers):
    client.force_login(officers["officer"])
    child = submitted["first"]
    url = reverse("associations:application", args=[child.application_id])
    named = {"action": "child_decide", "child": child.pk}
    response = client.post(url, {**named, f"c{child.pk}-version": 1, f"c{child.pk}-decision": "rejected"})
    assert response.status_code == 400
    response = client.post(
        url,
        {**named, f"c{child.pk}-version": 1, f"c{child.pk}-decision": "partly", f"c{child.pk}-amount_granted": "1000"},
    )
    assert response.status_code == 302
    response = client.post(
        url, {**named, f"c{child.pk}-version": 1, f"c{child.pk}-decision": "approved"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400  # stale
    assert "Someone else saved this record" in response.content.decode()


def test_term_reports_and_the_not_reported_list(decided, associations, officers):
    manager = associations["casa_manager"]
    officer = officers["officer"]
    data = {"days_present": 50, "days_expected": 60, "progress": "Lit des phrases simples", "level": "progressing"}
    assert list(selectors.unreported(viewer=officer, school_year="2026-2027", term=1)) == [associations["casa"]]
    services.term_report_save(actor=manager, child=decided["first"], term=1, expected_version=None, data=data)
    # One supported child still lacks a report for term 1.
    assert selectors.unreported(viewer=officer, school_year="2026-2027", term=1).get().missing_count == 1
    services.term_report_save(actor=manager, child=decided["second"], term=1, expected_version=None, data=data)
    assert not selectors.unreported(viewer=officer, school_year="2026-2027", term=1).exists()
    assert selectors.unreported(viewer=officer, school_year="2026-2027", term=2).exists()
    assert not selectors.unreported(viewer=officers["officer_rabat"], school_year="2026-2027", term=2).exists()
    with pytest.raises(StaleEdit):
        services.term_report_save(actor=manager, child=decided["first"], term=1, expected_version=None, data=data)
    report = services.term_report_save(
        actor=manager, child=decided["first"], term=1, expected_version=1, data={**data, "days_present": 55}
    )
    assert report.version == 2 and TermReport.objects.get(pk=report.pk).days_present == 55
    with pytest.raises(ValidationError):
        services.term_report_save(
            actor=manager, child=decided["first"], term=2, expected_version=None, data={**data, "days_present": 70}
        )
    with pytest.raises(NotAllowed):
        services.term_report_save(
            actor=associations["rabat_manager"], child=decided["first"], term=2, expected_version=None, data=data
        )


def test_the_report_and_unreported_pages(client, decided, associations, officers, territory):
    client.force_login(associations["casa_manager"])
    url = reverse("associations:report", args=[decided["first"].pk, 1])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"days_present": 70, "days_expected": 60, "progress": "x", "level": "good", "version": 0}
    )
    assert 'id="id_days_present_error"' in response.content.decode()
    response = client.post(
        url, {"days_present": 40, "days_expected": 60, "progress": "x", "level": "good", "version": 0}
    )
    assert response.status_code == 302
    client.force_login(officers["officer"])
    filters = {"school_year": "2026-2027", "term": 1, "province": territory["casablanca"].pk}
    page = client.get(reverse("associations:unreported"), filters).content.decode()
    assert associations["casa"].name_fr in page
    page = client.get(reverse("associations:unreported"), {**filters, "province": territory["rabat"].pk})
    assert associations["casa"].name_fr not in page.content.decode()


def test_schooling_beneficiaries_are_distinct_supported_children(decided, associations, people, officers):
    # The same child listed by a second association for the same year counts once.
    rabat = associations["rabat_manager"]
    application = services.application_create(actor=rabat, association=associations["rabat"], school_year="2026-2027")
    services.child_add(
        actor=rabat,
        application=application,
        person=people["casa"],
        school="x",
        support_kind="transport",
        amount_requested=Decimal("100"),
    )
    services.child_add(
        actor=rabat,
        application=application,
        person=people["rabat"],
        school="x",
        support_kind="transport",
        amount_requested=Decimal("100"),
        disability={"kind": "visual", "degree": "light"},
    )
    application = services.application_submit(actor=rabat, application=application, expected_version=1)
    officer = officers["officer_rabat"]
    for child in application.children.all():
        services.child_decide(actor=officer, child=child, expected_version=1, decision="approved")
    services.application_decide(actor=officer, application=application, expected_version=2)
    beneficiaries = selectors.schooling_beneficiaries(school_year="2026-2027")
    assert sorted(p.pk for p in beneficiaries) == sorted([people["casa"].pk, people["settat"].pk, people["rabat"].pk])
    assert beneficiaries.count() == 3
    assert not selectors.schooling_beneficiaries(school_year="2025-2026").exists()
    assert selectors.school_years_of(2026) == ["2026-2027"]


def test_a_rejected_child_is_not_a_beneficiary(submitted, officers):
    officer = officers["officer"]
    services.child_decide(actor=officer, child=submitted["first"], expected_version=1, decision="approved")
    services.child_decide(
        actor=officer, child=submitted["second"], expected_version=1, decision="rejected", reason="Hors âge"
    )
    # Not counted before the application itself is decided.
    assert not selectors.schooling_beneficiaries(school_year="2026-2027").exists()
    services.application_decide(actor=officer, application=submitted["application"], expected_version=2)
    assert list(selectors.schooling_beneficiaries(school_year="2026-2027")) == [submitted["first"].person]


def test_an_empty_application_cannot_be_submitted_and_a_child_can_be_removed(associations, people):
    manager = associations["casa_manager"]
    application = services.application_create(actor=manager, association=associations["casa"], school_year="2026-2027")
    with pytest.raises(ValidationError):
        services.application_submit(actor=manager, application=application, expected_version=1)
    child = services.child_add(
        actor=manager,
        application=application,
        person=people["casa"],
        school="École",
        support_kind="equipment",
        amount_requested=Decimal("900"),
        disability={"kind": "visual", "degree": "light"},
    )
    with pytest.raises(NotAllowed):
        services.child_remove(actor=associations["rabat_manager"], child=child)
    services.child_remove(actor=manager, child=child)
    assert not SupportedChild.objects.exists()
    # The disability record written with the child leaves with the listing (issue 7: it stayed on a person
    # outside any application).
    assert not DisabilityRecord.objects.filter(person=people["casa"]).exists()


def test_an_existing_disability_record_is_kept_as_it_is(associations, people, personas):
    from guichet.registry.services import disability_record_save

    disability_record_save(
        actor=personas["centre"],
        person=people["casa"],
        expected_version=None,
        data={"kind": "autism", "degree": "light", "card_number": "ORIG-1"},
    )
    manager = associations["casa_manager"]
    application = services.application_create(actor=manager, association=associations["casa"], school_year="2026-2027")
    services.child_add(
        actor=manager,
        application=application,
        person=people["casa"],
        school="École",
        support_kind="equipment",
        amount_requested=Decimal("900"),
        disability={"kind": "motor", "degree": "severe", "card_number": "NEW"},
    )
    assert DisabilityRecord.objects.get(person=people["casa"]).card_number == "ORIG-1"
