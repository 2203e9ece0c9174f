"""A DCI search → the persons a client system may receive: its scope, the person's consent to sharing, and the
disability details only for a client allowed to see them (registry rules, accounts.scopes, accounts.permissions).

Query types: `idtype-value` (SOCIAL_ID, CNIE, IDCS, MOBILE, HOUSEHOLD_ID) and `predicate` (region, province,
commune, sex, birth_date, age, poverty_score, registration_date, and with the disability permission is_disabled and
disability_type). `expression` is refused per search with rjct.search_criteria.invalid: it is a free query language
the spec leaves undefined. The items of a predicate are joined by AND in seq_num order; within an item, `condition`
joins expression1 and expression2 (and, or, not = and not).
"""

import datetime
from typing import Any

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from guichet.accounts import permissions as roles
from guichet.accounts import scopes
from guichet.accounts.models import ApiClient
from guichet.common.checkdigit import parse_social_id
from guichet.common.phones import normalize_phone
from guichet.registry.identifiers import normalize_cnie, normalize_idcs
from guichet.registry.models import Consent, DisabilityRecord, Membership, Person

OPERATORS = ("eq", "gt", "lt", "ge", "le", "in")


class Rejected(Exception):
    """One search cannot be answered: `code` is the spec's SearchStatusReasonCode."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _invalid(text: str) -> Rejected:
    return Rejected("rjct.search_criteria.invalid", text)


def shareable_persons(client: ApiClient) -> QuerySet[Person]:
    """Every person this client may receive: in its scope, not merged away, who consents to sharing their file."""
    return shareable_in(scopes.scope_of(client.user), timezone.localdate())


def shareable_in(scope: scopes.Scope, today: datetime.date) -> QuerySet[Person]:
    """shareable_persons for a client of this scope, on this day."""
    consenting = Consent.objects.filter(
        person=OuterRef("pk"), purpose=Consent.Purpose.SHARING, given_on__lte=today
    ).filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=today))
    return Person.objects.filter(scope.person_filter(), Exists(consenting), merged_into__isnull=True)


def sees_disability(client: ApiClient) -> bool:
    return roles.can_see_disability(client.user)


def persons_matching(client: ApiClient, criteria: dict) -> QuerySet[Person]:
    """The shareable persons a search's criteria select, sorted; raises Rejected."""
    persons = shareable_persons(client)
    query_type, query = criteria["query_type"], criteria["query"]
    if query_type == "idtype-value":
        persons = persons.filter(_identifier_condition(query))
    elif query_type == "predicate":
        persons = persons.filter(_predicate_condition(query, client))
    else:
        raise _invalid(_("Expression queries are not supported: search by idtype-value or predicate."))
    return persons.order_by(*ordering_of(criteria))


def ordering_of(criteria: dict) -> tuple[str, ...]:
    """The order of a search's results: its sort, then the persons' keys. Raises Rejected."""
    return (*_ordering(criteria.get("sort")), "pk")


# --- idtype-value ----------------------------------------------------------------------------------------------

ID_TYPES = {
    "SOCIAL_ID": "social_id",
    "CNIE": "cnie",
    "NATIONALID": "cnie",
    "NIN": "cnie",
    "IDCS": "idcs",
    "UIN": "idcs",
    "MOBILE": "phone",
    "PHONE": "phone",
    "HOUSEHOLD_ID": "household",
}


def identifier_of(query: Any) -> tuple[str, str | None]:
    """(the field an idtype-value query compares, its value normalised as the field keeps it, or None when no
    person can hold it); "household" for a household's members. Raises Rejected."""
    if not isinstance(query, dict) or "type" not in query or "value" not in query:
        raise _invalid(_("An idtype-value query needs a type and a value."))
    kind = ID_TYPES.get(str(query["type"]).replace("_", "").upper()) or ID_TYPES.get(str(query["type"]).upper())
    if kind is None:
        raise _invalid(
            _("Unknown identifier type %(type)s: use SOCIAL_ID, CNIE, IDCS, MOBILE or HOUSEHOLD_ID.")
            % {"type": query["type"]}
        )
    value = str(query["value"])
    if kind == "social_id":
        return kind, parse_social_id(value) or None
    if kind == "cnie":
        return kind, normalize_cnie(value) if value.strip() else None
    if kind == "idcs":
        return kind, normalize_idcs(value) if value.strip() else None
    if kind == "phone":
        return kind, normalize_phone(value) or None
    return kind, value if value.isdigit() else None


def _identifier_condition(query: Any) -> Q:
    field, value = identifier_of(query)
    if value is None:
        return Q(pk__in=[])
    if field != "household":
        return Q(**{field: value})
    members = Membership.objects.filter(household_id=int(value), ended_on__isnull=True).values("person_id")
    return Q(pk__in=members)


# --- predicate -------------------------------------------------------------------------------------------------


def _predicate_condition(query: Any, client: ApiClient) -> Q:
    if not isinstance(query, list) or not query:
        raise _invalid(_("A predicate query is a list of expressions."))
    condition = Q()
    items = sorted(query, key=lambda item: item.get("seq_num", 0) if isinstance(item, dict) else 0)
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("expression1"), dict):
            raise _invalid(_("Each predicate needs expression1."))
        first = _expression(item["expression1"], client)
        if item.get("expression2") is None:
            condition &= first
            continue
        if not isinstance(item["expression2"], dict):
            raise _invalid(_("expression2 must be an expression."))
        second = _expression(item["expression2"], client)
        joined = item.get("condition", "and")
        if joined == "and":
            condition &= first & second
        elif joined == "or":
            condition &= first | second
        elif joined == "not":
            condition &= first & ~second
        else:
            raise _invalid(_("condition must be and, or or not."))
    return condition


def _expression(expression: dict, client: ApiClient) -> Q:
    name = str(expression.get("attribute_name", "")).lower()
    operator = expression.get("operator")
    value = expression.get("attribute_value")
    if operator not in OPERATORS:
        raise _invalid(_("operator must be one of eq, gt, lt, ge, le, in."))
    builder = ATTRIBUTES.get(name)
    if builder is None:
        raise _invalid(
            _("Unknown attribute %(name)s: use %(names)s.") % {"name": name, "names": ", ".join(sorted(PUBLIC))}
        )
    if name in SENSITIVE and not sees_disability(client):
        raise _invalid(_("This client system is not allowed to search by disability."))
    return builder(operator, value)


def _values(operator: str, value: Any) -> list:
    if operator != "in":
        return [value]
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list) and value:
        return value
    raise _invalid(_("The in operator needs a list of values."))


def _equality(field: str, normalize=lambda value: value):
    def build(operator: str, value: Any) -> Q:
        if operator not in ("eq", "in"):
            raise _invalid(_("%(name)s is compared with eq or in only.") % {"name": field.split("__")[0]})
        return Q(**{f"{field}__in": [normalize(item) for item in _values(operator, value)]})

    return build


def _sex(value: Any) -> str:
    text = str(value).strip().lower()
    return {"f": "F", "female": "F", "m": "M", "male": "M"}.get(text, "?")


def _comparison(field: str, read):
    lookups = {"eq": "", "gt": "__gt", "lt": "__lt", "ge": "__gte", "le": "__lte"}

    def build(operator: str, value: Any) -> Q:
        if operator == "in":
            return Q(**{f"{field}__in": [read(item) for item in _values(operator, value)]})
        return Q(**{f"{field}{lookups[operator]}": read(value)})

    return build


def _date(value: Any) -> datetime.date:
    try:
        parsed = parse_date(str(value)[:10])
    except ValueError:
        parsed = None
    if parsed is None:
        raise _invalid(_("Dates are written YYYY-MM-DD."))
    return parsed


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError) as error:
        raise _invalid(_("This attribute is compared with a number.")) from error


def _years_ago(years: int) -> datetime.date:
    today = timezone.localdate()
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _age(operator: str, value: Any) -> Q:
    """Age in whole years: `age lt 25` is born after the day 25 years ago."""
    if operator == "in":
        condition = Q(pk__in=[])
        for item in _values(operator, value):
            condition |= _age("eq", item)
        return condition
    years = int(_number(value))
    if operator == "lt":
        return Q(birth_date__gt=_years_ago(years))
    if operator == "le":
        return Q(birth_date__gt=_years_ago(years + 1))
    if operator == "gt":
        return Q(birth_date__lte=_years_ago(years + 1))
    if operator == "ge":
        return Q(birth_date__lte=_years_ago(years))
    return Q(birth_date__lte=_years_ago(years), birth_date__gt=_years_ago(years + 1))


def _poverty_score(operator: str, value: Any) -> Q:
    """The RSU score of the person's current household."""
    households = _comparison("household__rsu_score", _number)(operator, value)
    return Q(pk__in=Membership.objects.filter(households, ended_on__isnull=True).values("person_id"))


def _registration_date(operator: str, value: Any) -> Q:
    return _comparison("created_at__date", _date)(operator, value)


def _is_disabled(operator: str, value: Any) -> Q:
    if operator != "eq":
        raise _invalid(_("is_disabled is compared with eq only."))
    disabled = str(value).strip().lower() in ("1", "true", "yes")
    having = Q(pk__in=DisabilityRecord.objects.values("person_id"))
    return having if disabled else ~having


def _disability_type(operator: str, value: Any) -> Q:
    kinds = _equality("kind")(operator, value)
    return Q(pk__in=DisabilityRecord.objects.filter(kinds).values("person_id"))


PUBLIC = {
    "region": _equality("region__code", lambda value: str(value).upper()),
    "province": _equality("province__code", lambda value: str(value).upper()),
    "commune": _equality("commune__code", str),
    "sex": _equality("sex", _sex),
    "gender": _equality("sex", _sex),
    "birth_date": _comparison("birth_date", _date),
    "age": _age,
    "poverty_score": _poverty_score,
    "rsu_score": _poverty_score,
    "registration_date": _registration_date,
}
SENSITIVE = {"is_disabled": _is_disabled, "disability_type": _disability_type}
ATTRIBUTES = {**PUBLIC, **SENSITIVE}

SORTABLE = {"birth_date": "birth_date", "registration_date": "created_at", "social_id": "social_id"}


def _ordering(sort: Any) -> list[str]:
    if not sort:
        return []
    if not isinstance(sort, list):
        raise Rejected("rjct.sort.invalid", _("sort is a list of attribute_name and sort_order."))
    ordering = []
    for item in sort:
        field = SORTABLE.get(str(item.get("attribute_name", "")) if isinstance(item, dict) else "")
        if field is None:
            raise Rejected("rjct.sort.invalid", _("Sort by %(names)s only.") % {"names": ", ".join(sorted(SORTABLE))})
        ordering.append(f"-{field}" if item.get("sort_order") == "desc" else field)
    return ordering


def page_bounds(criteria: dict) -> tuple[int, int]:
    """(page_size, page_number): the size asked for, at most GUICHET_DCI_MAX_PAGE_SIZE."""
    pagination = criteria.get("pagination") or {}
    size = min(int(pagination.get("page_size") or settings.GUICHET_DCI_PAGE_SIZE), settings.GUICHET_DCI_MAX_PAGE_SIZE)
    return size, int(pagination.get("page_number") or 1)


def latest_person_key() -> int:
    """The key of the last person registered: a new subscription is told of those registered after it."""
    return Person.objects.aggregate(last=Max("pk"))["last"] or 0
