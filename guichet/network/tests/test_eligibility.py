"""Eligibility rules: every field and comparison, all/any, unknown facts, hidden disability, bad rules."""

import datetime
from decimal import Decimal

import pytest

from guichet.network import eligibility
from guichet.network.eligibility import PersonFacts, RuleError, describe, describe_rule, evaluate, validate_rule
from guichet.network.selectors import eligibility_for
from guichet.network.tests.factories import ServiceFactory
from guichet.registry.models import DisabilityRecord, Membership

WOMAN_30 = PersonFacts(
    age=30,
    sex="F",
    disability=True,
    commune="C-ANFA",
    province="MA-CAS",
    region="MA-06",
    commune_kind="urban",
    rsu_score=Decimal("8.5"),
)
UNKNOWN = PersonFacts(None, None, None, None, None, None, None, None)


def rule(*conditions, combine="all"):
    return {"combine": combine, "conditions": list(conditions)}


def cond(field, op, value):
    return {"field": field, "op": op, "value": value}


@pytest.mark.parametrize(
    ("condition", "passed"),
    [
        (cond("age", "gte", 30), True),
        (cond("age", "gte", 31), False),
        (cond("age", "lte", 30), True),
        (cond("age", "lte", 29), False),
        (cond("sex", "eq", "F"), True),
        (cond("sex", "eq", "M"), False),
        (cond("disability", "eq", True), True),
        (cond("disability", "eq", False), False),
        (cond("commune", "in", ["C-ANFA", "C-AGDAL"]), True),
        (cond("commune", "in", ["C-AGDAL"]), False),
        (cond("province", "in", ["MA-CAS"]), True),
        (cond("province", "in", ["MA-RAB", "MA-SET"]), False),
        (cond("region", "in", ["MA-06"]), True),
        (cond("region", "in", ["MA-04"]), False),
        (cond("commune_kind", "eq", "urban"), True),
        (cond("commune_kind", "eq", "rural"), False),
        (cond("rsu_score", "lte", 9.3264), True),
        (cond("rsu_score", "lte", 8.4), False),
        (cond("rsu_score", "gte", 8.5), True),
        (cond("rsu_score", "gte", 9), False),
    ],
)
def test_each_field_and_comparison(condition, passed):
    explanation = evaluate(rule(condition), WOMAN_30)
    assert explanation.eligible is passed
    assert explanation.results[0].passed is passed
    assert explanation.results[0].actual is not None


@pytest.mark.parametrize("field", eligibility.FIELDS)
def test_a_missing_fact_is_unknown_not_a_refusal(field):
    op = eligibility.OPERATORS[field][0]
    value = {"age": 18, "sex": "F", "disability": True, "commune_kind": "rural", "rsu_score": 9.0}.get(field, ["X"])
    explanation = evaluate(rule(cond(field, op, value)), UNKNOWN)
    assert explanation.eligible is None and explanation.results[0].passed is None


def test_all_needs_every_condition_and_any_needs_one():
    yes, no = cond("sex", "eq", "F"), cond("age", "gte", 60)
    assert evaluate(rule(yes, no), WOMAN_30).eligible is False
    assert evaluate(rule(yes, yes), WOMAN_30).eligible is True
    assert evaluate(rule(yes, no, combine="any"), WOMAN_30).eligible is True
    assert evaluate(rule(no, no, combine="any"), WOMAN_30).eligible is False


def test_unknown_combines_as_the_centre_will_check():
    unknown = cond("rsu_score", "lte", 9.3264)
    facts = PersonFacts(30, "F", None, "C", "P", "R", "urban", None)
    yes, no = cond("sex", "eq", "F"), cond("sex", "eq", "M")
    assert evaluate(rule(yes, unknown), facts).eligible is None
    assert evaluate(rule(no, unknown), facts).eligible is False  # one refusal is enough
    assert evaluate(rule(yes, unknown, combine="any"), facts).eligible is True
    assert evaluate(rule(no, unknown, combine="any"), facts).eligible is None


def test_an_empty_rule_admits_everyone():
    assert evaluate({}, UNKNOWN).eligible is True
    assert evaluate(rule(), UNKNOWN).eligible is True


def test_the_explanation_is_json_ready():
    data = evaluate(rule(cond("rsu_score", "lte", 9.3264)), WOMAN_30).as_json()
    assert data == {
        "combine": "all",
        "eligible": True,
        "results": [{"condition": cond("rsu_score", "lte", 9.3264), "passed": True, "actual": "8.5"}],
    }


@pytest.mark.parametrize(
    ("bad_rule", "message"),
    [
        ({"combine": "most", "conditions": []}, "“all” or “any”"),
        (rule(cond("income", "lte", 3)), "Condition 1: unknown field."),
        (rule(cond("sex", "eq", "F"), cond("age", "eq", 18)), "Condition 2: this comparison does not apply."),
        (rule(cond("age", "gte", "eighteen")), "Condition 1: an age is a whole number of years."),
        (rule(cond("age", "gte", 200)), "Condition 1: an age is a whole number of years."),
        (rule(cond("rsu_score", "lte", "low")), "Condition 1: the score is a number."),
        (rule(cond("sex", "eq", "X")), "Condition 1: choose female or male."),
        (rule(cond("disability", "eq", "yes")), "Condition 1: choose yes or no."),
        (rule(cond("commune_kind", "eq", "city")), "Condition 1: choose rural or urban."),
        (rule(cond("region", "in", [])), "Condition 1: choose at least one place."),
        (rule(cond("province", "in", "MA-CAS")), "Condition 1: choose at least one place."),
    ],
)
def test_validate_rule_names_the_problem(bad_rule, message):
    with pytest.raises(RuleError) as error:
        validate_rule(bad_rule)
    assert message in str(error.value)


def test_validate_rule_normalises():
    assert validate_rule({}) == {"combine": "all", "conditions": []}
    assert validate_rule(rule(cond("rsu_score", "lte", "9.3264"))) == rule(cond("rsu_score", "lte", 9.3264))


def test_conditions_in_words(territory):
    assert describe(cond("age", "gte", 18)) == "aged 18 or more"
    assert describe(cond("age", "lte", 20)) == "aged 20 or less"
    assert describe(cond("sex", "eq", "F")) == "a woman"
    assert describe(cond("sex", "eq", "M")) == "a man"
    assert describe(cond("disability", "eq", True)) == "with a recorded disability"
    assert describe(cond("disability", "eq", False)) == "without a recorded disability"
    assert describe(cond("commune_kind", "eq", "rural")) == "living in a rural commune"
    assert describe(cond("commune_kind", "eq", "urban")) == "living in an urban commune"
    assert describe(cond("rsu_score", "lte", 9.3264)) == "household score (RSU) at most 9.3264"
    assert describe(cond("rsu_score", "gte", 3)) == "household score (RSU) at least 3"
    assert describe(cond("commune", "in", ["C-ANFA"])) == "living in: Anfa"
    assert describe(cond("province", "in", ["MA-CAS"])) == "living in the province or prefecture of: Casablanca"
    assert describe(cond("region", "in", ["MA-04"])) == "living in the region of: Rabat-Salé-Kénitra"


def test_rules_in_words():
    assert describe_rule({}) == ("Everyone is eligible.", [])
    woman = cond("sex", "eq", "F")
    assert describe_rule(rule(woman)) == ("Eligible when the person is:", ["a woman"])
    adult = cond("age", "gte", 18)
    assert describe_rule(rule(woman, adult))[0] == "Eligible when the person is all of:"
    assert describe_rule(rule(woman, adult, combine="any")) == (
        "Eligible when the person is at least one of:",
        ["a woman", "aged 18 or more"],
    )


def test_person_facts_from_the_registry(people):
    person = people["casa"]  # a man born 1985-03-14 in Anfa
    household = Membership.objects.get(person=person).household
    household.rsu_score = Decimal("7.25")
    household.save()
    facts = eligibility.person_facts(person, show_disability=True, on=datetime.date(2025, 3, 13))
    assert facts == PersonFacts(39, "M", False, "C-ANFA", "MA-CAS", "MA-06", "urban", Decimal("7.25"))
    assert eligibility.person_facts(person, show_disability=True, on=datetime.date(2025, 3, 14)).age == 40


def test_a_disability_hidden_from_the_viewer_is_unknown(personas, people):
    person = people["casa"]
    DisabilityRecord.objects.create(person=person, kind="motor", degree="moderate")
    service = ServiceFactory(eligibility_rule=rule(cond("disability", "eq", True)))
    # The window agent may not see disabilities: the centre will check.
    assert eligibility_for(viewer=personas["agent"], person=person, service=service).eligible is None
    # Staff of a disability centre may: the person is eligible.
    assert eligibility_for(viewer=personas["centre"], person=person, service=service).eligible is True
    # Staff of an incubator may not.
    assert eligibility_for(viewer=personas["incubator"], person=person, service=service).eligible is None


def test_a_person_without_a_recorded_disability_is_refused_by_those_who_may_see(personas, people):
    service = ServiceFactory(eligibility_rule=rule(cond("disability", "eq", True)))
    explanation = eligibility_for(viewer=personas["centre"], person=people["casa"], service=service)
    assert explanation.eligible is False and explanation.results[0].actual is False
