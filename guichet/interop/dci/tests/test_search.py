"""What a DCI search finds: by identifier (social ID, CNIE, IDCS, phone, household) or by predicate, page by page,
as persons (Member) or households (Group); expression queries refused with the spec's code; bad input named."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guichet.audit.models import AuditEntry
from guichet.registry.models import Household, Membership
from guichet.registry.tests.factories import PersonFactory

from .conftest import search_message, sharing


def _answer(client, caller, query_type, query, **criteria) -> dict:
    body = caller.envelope("search", search_message(query_type, query, **criteria))
    response = client.post(reverse("dci:sync-search"), body, content_type="application/json", **caller.headers())
    assert response.status_code == 200, response.json()
    message = response.json()["message"]
    assert message["transaction_id"] == body["message"]["transaction_id"]
    return message["search_response"][0]


def _names(answer) -> list[str]:
    return [record["demographic_info"]["name"]["given_name"] for record in answer["data"]["reg_records"]]


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("SOCIAL_ID", "social_id"),
        ("CNIE", "be 123456"),
        ("IDCS", "1234567890"),
        ("UIN", "1234567890"),
        ("MOBILE", "06 12 34 56 78"),
    ],
)
def test_a_person_is_found_by_each_identifier(client, make_caller, shared_people, kind, value):
    if value == "social_id":
        value = shared_people["casa"].social_id_display
    answer = _answer(client, make_caller(), "idtype-value", {"type": kind, "value": value})
    assert answer["status"] == "succ"
    assert _names(answer) == ["Mohamed"]
    [record] = answer["data"]["reg_records"]
    assert record["demographic_info"]["sex"] == "male"
    assert record["demographic_info"]["address"]["region_code"] == "MA-06"
    assert record["relationship_head"] == "head"


def test_an_unknown_identifier_type_is_rejected_with_the_spec_code(client, make_caller, shared_people):
    answer = _answer(client, make_caller(), "idtype-value", {"type": "PASSPORT", "value": "X1"})
    assert (answer["status"], answer["status_reason_code"]) == ("rjct", "rjct.search_criteria.invalid")
    assert "PASSPORT" in answer["status_reason_message"]


def test_an_expression_query_is_refused_with_the_spec_code(client, make_caller, shared_people):
    query = {"type": "ns:org:QueryType:expression", "value": {"expression": {"collection": "Group"}}}
    answer = _answer(client, make_caller(), "expression", query)
    assert (answer["status"], answer["status_reason_code"]) == ("rjct", "rjct.search_criteria.invalid")
    assert "data" not in answer


def test_predicates_by_region_sex_and_age(client, make_caller, territory, shared_people):
    today = datetime.date.today()
    sharing(
        PersonFactory(given_name_latin="Aya", commune=territory["anfa"], birth_date=today.replace(year=today.year - 19))
    )
    caller = make_caller()
    women_of_casa_settat = [
        {
            "seq_num": 1,
            "expression1": {"attribute_name": "region", "operator": "eq", "attribute_value": "MA-06"},
            "condition": "and",
            "expression2": {"attribute_name": "sex", "operator": "in", "attribute_value": ["F"]},
        }
    ]
    assert sorted(_names(_answer(client, caller, "predicate", women_of_casa_settat))) == ["Aya", "Fatima"]
    young = [{"expression1": {"attribute_name": "age", "operator": "lt", "attribute_value": "25"}}]
    assert _names(_answer(client, caller, "predicate", young)) == ["Aya"]
    not_young = [
        {
            "expression1": {"attribute_name": "sex", "operator": "eq", "attribute_value": "female"},
            "condition": "not",
            "expression2": {"attribute_name": "age", "operator": "lt", "attribute_value": 25},
        }
    ]
    assert _names(_answer(client, caller, "predicate", not_young)) == ["Fatima"]


def test_a_predicate_on_the_households_rsu_score(client, make_caller, shared_people):
    Household.objects.filter(memberships__person=shared_people["rabat"]).update(rsu_score=9.5)
    poor = [{"expression1": {"attribute_name": "poverty_score", "operator": "lt", "attribute_value": "10"}}]
    assert _names(_answer(client, make_caller(), "predicate", poor)) == ["Youssef"]


@pytest.mark.parametrize(
    "expression",
    [
        {"attribute_name": "shoe_size", "operator": "eq", "attribute_value": 42},
        {"attribute_name": "age", "operator": "like", "attribute_value": 42},
        {"attribute_name": "birth_date", "operator": "gt", "attribute_value": "yesterday"},
        {"attribute_name": "sex", "operator": "gt", "attribute_value": "F"},
    ],
)
def test_a_predicate_that_cannot_be_evaluated_is_rejected(client, make_caller, shared_people, expression):
    answer = _answer(client, make_caller(), "predicate", [{"expression1": expression}])
    assert (answer["status"], answer["status_reason_code"]) == ("rjct", "rjct.search_criteria.invalid")


def test_results_come_page_by_page(client, make_caller, shared_people):
    everyone = [{"expression1": {"attribute_name": "birth_date", "operator": "le", "attribute_value": "2100-01-01"}}]
    caller = make_caller()
    sort = [{"attribute_name": "social_id", "sort_order": "asc"}]
    pages = [
        _answer(client, caller, "predicate", everyone, sort=sort, pagination={"page_size": 2, "page_number": n})
        for n in (1, 2)
    ]
    assert [len(p["data"]["reg_records"]) for p in pages] == [2, 1]
    assert pages[1]["pagination"] == {"page_size": 2, "page_number": 2, "total_count": 3}
    social_ids = [r["member_identifier"][0]["identifier_value"] for p in pages for r in p["data"]["reg_records"]]
    assert social_ids == sorted(person.social_id for person in shared_people.values())


def test_a_household_comes_as_a_group_with_the_members_the_client_may_receive(client, make_caller, territory, people):
    mother, son = sharing(people["casa"]), sharing(PersonFactory(given_name_latin="Adam", commune=territory["anfa"]))
    hidden = PersonFactory(given_name_latin="Sara", commune=territory["anfa"])  # no consent to sharing
    household = Household.objects.get(memberships__person=mother)
    household.rsu_score = 4.25
    household.save()
    Membership.objects.filter(person__in=[son, hidden]).update(household=household, relationship="child")
    answer = _answer(
        client, make_caller(), "idtype-value", {"type": "CNIE", "value": "BE123456"}, response_entity="Group"
    )
    assert answer["data"]["reg_record_type"] == "Group"
    [group] = answer["data"]["reg_records"]
    assert group["group_identifier"][0]["identifier_value"] == str(household.pk)
    assert group["poverty_score"] == 4.25
    assert group["group_head_info"]["demographic_info"]["name"]["given_name"] == "Mohamed"
    assert [m["demographic_info"]["name"]["given_name"] for m in group["member_list"]] == ["Mohamed", "Adam"]
    by_household = _answer(client, make_caller(), "idtype-value", {"type": "HOUSEHOLD_ID", "value": str(household.pk)})
    assert sorted(_names(by_household)) == ["Adam", "Mohamed"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda m: m["search_request"][0]["search_criteria"].update(pagination={"page_size": 0}), "page_size"),
        (
            lambda m: m["search_request"][0]["search_criteria"].update(pagination={"page_size": 5, "page_number": -1}),
            "page_number",
        ),
        (lambda m: m.update(transaction_id="x" * 100), "transaction_id"),
        (lambda m: m["search_request"][0].update(timestamp="yesterday"), "timestamp"),
        (lambda m: m["search_request"][0].update(locale="EN"), "locale"),
        (lambda m: m["search_request"][0]["search_criteria"].update(query_type="sql"), "query_type"),
        (lambda m: m.update(search_request=[]), "search_request"),
    ],
)
def test_a_malformed_search_is_refused_whole_naming_the_field(client, make_caller, shared_people, change, field):
    caller = make_caller()
    message = search_message("idtype-value", {"type": "CNIE", "value": "BE123456"})
    change(message)
    body = caller.envelope("search", message)
    response = client.post(reverse("dci:sync-search"), body, content_type="application/json", **caller.headers())
    assert response.status_code == 400
    error = response.json()["message"]["error"]
    assert error["code"] == "err.request.bad" and field in error["message"]


def test_a_message_addressed_to_another_registry_or_sender_is_refused(client, make_caller, shared_people):
    caller = make_caller()
    message = search_message("idtype-value", {"type": "CNIE", "value": "BE123456"})
    for header, code in [
        ({"receiver_id": "crvs"}, "err.receiver_id.invalid"),
        ({"sender_id": "other"}, "err.sender_id.invalid"),
    ]:
        body = caller.envelope("search", message, **header)
        response = client.post(reverse("dci:sync-search"), body, content_type="application/json", **caller.headers())
        assert response.json()["message"]["error"]["code"] == code


def test_a_page_costs_the_same_queries_whatever_its_length_audit_included(client, make_caller, territory):
    """Records, territory, household links are read in a fixed number of queries, and the records sent are audited
    in one statement, one entry each."""
    caller = make_caller()
    everyone = [{"expression1": {"attribute_name": "birth_date", "operator": "gt", "attribute_value": "1900-01-01"}}]
    # A first call reads the client once for this process (later calls check its version only).
    client.post(
        reverse("dci:sync-search"),
        caller.envelope("search", search_message("predicate", everyone)),
        content_type="application/json",
        **caller.headers(),
    )
    counts = []
    for _ in range(2):
        for _ in range(2):
            sharing(PersonFactory(commune=territory["anfa"]))
        body = caller.envelope("search", search_message("predicate", everyone))
        with CaptureQueriesContext(connection) as queries:
            client.post(reverse("dci:sync-search"), body, content_type="application/json", **caller.headers())
        counts.append(len(queries.captured_queries))
    assert counts[1] == counts[0]
    assert AuditEntry.objects.filter(actor=caller.client.user, action=AuditEntry.Action.VIEW).count() == 2 + 4
