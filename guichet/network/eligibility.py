"""Eligibility rules: data (JSON) that a form edits, evaluated for a person condition by condition.

A rule is {"combine": "all" | "any", "conditions": [condition, …]}; an empty rule admits everyone. A condition
is {"field": F, "op": O, "value": V} with:

    age           gte | lte      whole years on the day of evaluation
    sex           eq             "F" | "M"
    disability    eq             true | false   (a disability record exists)
    commune       in             list of commune codes
    province      in             list of province codes (ISO 3166-2)
    region        in             list of region codes (ISO 3166-2)
    commune_kind  eq             "rural" | "urban"
    rsu_score     lte | gte      the household's socio-economic score (RSU)

Each condition evaluates to True, False or None (unknown: the fact is missing, or hidden from the viewer, such
as a disability to staff who may not see it); "all" is False if any is False, else None if any is unknown;
"any" is True if any is True, else None if any is unknown. Unknown means "the centre will check".
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from guichet.common.l10n import join_list
from guichet.registry.models import DisabilityRecord, Membership
from guichet.territory.models import Commune, Province, Region

FIELDS = ("age", "sex", "disability", "commune", "province", "region", "commune_kind", "rsu_score")
OPERATORS = {
    "age": ("gte", "lte"),
    "sex": ("eq",),
    "disability": ("eq",),
    "commune": ("in",),
    "province": ("in",),
    "region": ("in",),
    "commune_kind": ("eq",),
    "rsu_score": ("lte", "gte"),
}
EMPTY_RULE: dict[str, Any] = {"combine": "all", "conditions": []}


@dataclass(frozen=True)
class PersonFacts:
    """What a rule may look at; None where unknown or hidden from the viewer."""

    age: int | None
    sex: str | None
    disability: bool | None
    commune: str | None
    province: str | None
    region: str | None
    commune_kind: str | None
    rsu_score: Decimal | None


@dataclass
class ConditionResult:
    condition: dict
    passed: bool | None
    actual: Any = None

    def as_json(self) -> dict:
        actual = self.actual
        if isinstance(actual, Decimal):
            actual = str(actual)
        return {"condition": self.condition, "passed": self.passed, "actual": actual}


@dataclass
class Explanation:
    combine: str
    eligible: bool | None
    results: list[ConditionResult] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "combine": self.combine,
            "eligible": self.eligible,
            "results": [result.as_json() for result in self.results],
        }


class RuleError(ValueError):
    """The rule is not well formed; the message says which condition and why."""


def validate_rule(rule: dict) -> dict:
    """The rule, normalised; RuleError naming the first problem otherwise."""
    if not rule:
        return dict(EMPTY_RULE)
    combine = rule.get("combine", "all")
    if combine not in ("all", "any"):
        raise RuleError(_("Combine the conditions with “all” or “any”."))
    conditions = []
    for number, condition in enumerate(rule.get("conditions") or [], start=1):
        name, op, value = condition.get("field"), condition.get("op"), condition.get("value")
        if name not in FIELDS:
            raise RuleError(_("Condition %(number)s: unknown field.") % {"number": number})
        if op not in OPERATORS[name]:
            raise RuleError(_("Condition %(number)s: this comparison does not apply.") % {"number": number})
        if name == "age" and not (isinstance(value, int) and 0 <= value <= 130):
            raise RuleError(_("Condition %(number)s: an age is a whole number of years.") % {"number": number})
        if name == "rsu_score":
            try:
                value = float(value)
            except (TypeError, ValueError):
                raise RuleError(_("Condition %(number)s: the score is a number.") % {"number": number}) from None
        if name == "sex" and value not in ("F", "M"):
            raise RuleError(_("Condition %(number)s: choose female or male.") % {"number": number})
        if name == "disability" and not isinstance(value, bool):
            raise RuleError(_("Condition %(number)s: choose yes or no.") % {"number": number})
        if name == "commune_kind" and value not in ("rural", "urban"):
            raise RuleError(_("Condition %(number)s: choose rural or urban.") % {"number": number})
        if name in ("commune", "province", "region") and not (
            isinstance(value, list) and value and all(isinstance(code, str) for code in value)
        ):
            raise RuleError(_("Condition %(number)s: choose at least one place.") % {"number": number})
        conditions.append({"field": name, "op": op, "value": value})
    return {"combine": combine, "conditions": conditions}


def _check(condition: dict, facts: PersonFacts) -> ConditionResult:
    name, op, value = condition["field"], condition["op"], condition["value"]
    actual = getattr(facts, name)
    if actual is None:
        return ConditionResult(condition, None, None)
    if op == "gte":
        passed = actual >= (Decimal(str(value)) if name == "rsu_score" else value)
    elif op == "lte":
        passed = actual <= (Decimal(str(value)) if name == "rsu_score" else value)
    elif op == "in":
        passed = actual in value
    else:
        passed = actual == value
    return ConditionResult(condition, passed, actual)


def evaluate(rule: dict, facts: PersonFacts) -> Explanation:
    rule = rule or EMPTY_RULE
    combine = rule.get("combine", "all")
    results = [_check(condition, facts) for condition in rule.get("conditions") or []]
    eligible = _verdict(combine, [result.passed for result in results])
    return Explanation(combine=combine, eligible=eligible, results=results)


def _verdict(combine: str, outcomes: list[bool | None]) -> bool | None:
    if not outcomes:
        return True
    if combine == "any":
        return True if True in outcomes else (None if None in outcomes else False)
    return False if False in outcomes else (None if None in outcomes else True)


def without_disability(explanation: dict) -> dict:
    """An explanation (as kept on a request) for a viewer who may not see disability facts.

    Each disability condition becomes unknown ("the centre will check") and the verdict is worked out again
    from what remains, so that neither the condition nor the verdict tells whether a disability is recorded.
    """
    results = []
    for row in explanation.get("results") or []:
        if (row.get("condition") or {}).get("field") == "disability":
            row = {**row, "passed": None, "actual": None}
        results.append(row)
    if not results:
        return dict(explanation)
    combine = explanation.get("combine", "all")
    return {**explanation, "results": results, "eligible": _verdict(combine, [row.get("passed") for row in results])}


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def person_facts(person, *, show_disability: bool, on: datetime.date | None = None) -> PersonFacts:
    """The facts of a registry person; the disability is None (unknown) for viewers who may not see it."""
    on = on or datetime.date.today()
    membership = Membership.objects.select_related("household").filter(person=person, ended_on__isnull=True).first()
    commune = person.commune
    province = commune.province
    return PersonFacts(
        age=age_on(person.birth_date, on),
        sex=person.sex,
        disability=DisabilityRecord.objects.filter(person=person).exists() if show_disability else None,
        commune=commune.code,
        province=province.code,
        region=province.region.code,
        commune_kind=commune.kind,
        rsu_score=membership.household.rsu_score if membership else None,
    )


def describe(condition: dict) -> str:
    """The condition in words, in the active language."""
    name, op, value = condition["field"], condition["op"], condition["value"]
    if name == "age":
        text = _("aged %(years)s or more") if op == "gte" else _("aged %(years)s or less")
        return text % {"years": value}
    if name == "sex":
        return _("a woman") if value == "F" else _("a man")
    if name == "disability":
        return _("with a recorded disability") if value else _("without a recorded disability")
    if name == "commune_kind":
        return _("living in a rural commune") if value == "rural" else _("living in an urban commune")
    if name == "rsu_score":
        text = (
            _("household score (RSU) at most %(score)s")
            if op == "lte"
            else _("household score (RSU) at least %(score)s")
        )
        return text % {"score": value}
    return _place_description(name, value)


def _place_description(name: str, codes: list[str]) -> str:
    models: dict[str, type[Commune] | type[Province] | type[Region]] = {
        "commune": Commune,
        "province": Province,
        "region": Region,
    }
    model = models[name]
    names = join_list(place.name for place in model.objects.filter(code__in=codes))
    if name == "commune":
        return _("living in: %(places)s") % {"places": names}
    if name == "province":
        return _("living in the province or prefecture of: %(places)s") % {"places": names}
    return _("living in the region of: %(places)s") % {"places": names}


def describe_rule(rule: dict) -> tuple[str, list[str]]:
    """The rule in words: a lead sentence and one phrase per condition, in the active language."""
    rule = rule or EMPTY_RULE
    conditions = rule.get("conditions") or []
    if not conditions:
        return _("Everyone is eligible."), []
    if len(conditions) == 1:
        lead = _("Eligible when the person is:")
    elif rule.get("combine") == "any":
        lead = _("Eligible when the person is at least one of:")
    else:
        lead = _("Eligible when the person is all of:")
    return lead, [describe(condition) for condition in conditions]
