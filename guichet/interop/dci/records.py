"""DCI records of the social registry: a person as a Member (SRPerson inside), a household as a Group; and the
answer to one search, each record read audited with the client's account as the actor."""

from typing import Any

from django.db.models import F, FilteredRelation, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.accounts import scopes
from guichet.accounts.models import ApiClient
from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_reads, read_entries
from guichet.common.kept_reads import KeptQuery, attach_joined, joined_columns
from guichet.registry.models import Household, Membership, Person
from guichet.registry.places import attach_places

from . import search
from .envelope import now_iso

SEX = {"F": "female", "M": "male"}


def _identifiers(person: Person) -> list[dict[str, str]]:
    found = [("SOCIAL_ID", person.social_id), ("CNIE", person.cnie), ("IDCS", person.idcs)]
    return [
        {"@type": "Identifier", "identifier_type": kind, "identifier_value": value} for kind, value in found if value
    ]


def member_record(person: Person, *, disability: bool) -> dict[str, Any]:
    """One person (loaded with with_details) as a DCI Member; disability details only when `disability` (the
    client may see them)."""
    identifiers = _identifiers(person)
    record: dict[str, Any] = {
        "@type": "Member",
        "@id": f"urn:guichet:person:{person.social_id}",
        "member_identifier": identifiers,
        "demographic_info": {
            "@type": "SRPerson",
            "identifier": identifiers,
            "name": {
                "@type": "Name",
                "given_name": person.given_name_latin,
                "surname": person.family_name_latin,
                "given_name_ar": person.given_name_ar,
                "surname_ar": person.family_name_ar,
            },
            "sex": SEX.get(person.sex, ""),
            "birth_date": person.birth_date.isoformat(),
            "birth_date_approximate": person.birth_date_approximate,
            "address": {
                "@type": "Address",
                "street_address": person.address,
                "city": person.commune.name_fr,
                "commune_code": person.commune.code,
                "province_code": person.province.code,
                "region_code": person.region.code,
                "country": "MA",
            },
            "phone_number": person.phone,
            "registration_date": person.created_at.isoformat(),
        },
        "registration_date": person.created_at.isoformat(),
        "last_updated": person.updated_at.isoformat(),
    }
    household = getattr(person, "household_now", None)  # annotated by with_details
    if household is not None:
        record["relationship_head"] = getattr(person, "relationship_now", "")
        record["group_identifier"] = str(household)
    if disability:
        found = getattr(person, "disability", None) if hasattr(person, "disability") else None
        record["is_disabled"] = found is not None
        if found is not None:
            record["disability_info"] = [
                {"@type": "DisabilityInfo", "disability_type": found.kind, "functional_severity": found.degree}
            ]
    return record


def group_record(household: Household, members: list[dict[str, Any]], head: dict[str, Any] | None) -> dict:
    record: dict[str, Any] = {
        "@type": "Group",
        "@id": f"urn:guichet:household:{household.pk}",
        "group_identifier": [
            {"@type": "Identifier", "identifier_type": "HOUSEHOLD_ID", "identifier_value": str(household.pk)}
        ],
        "group_type": "household",
        "place_address": household.address,
        "group_size": len(members),
        "member_list": members,
        "registration_date": household.created_at.isoformat(),
        "last_updated": household.updated_at.isoformat(),
    }
    if household.rsu_score is not None:
        record["poverty_score"] = float(household.rsu_score)
        record["poverty_score_type"] = "RSU"
    if head is not None:
        record["group_head_info"] = head
    return record


def with_details(persons, *, disability: bool):
    """The persons with their current household and relationship to its head (`household_now`,
    `relationship_now`: joined, a person has at most one current membership), and when `disability` their
    disability record's key, kind and degree (members() makes them the person's `disability`)."""
    current = FilteredRelation("memberships", condition=Q(memberships__ended_on__isnull=True))
    persons = persons.annotate(
        current=current, household_now=F("current__household_id"), relationship_now=F("current__relationship")
    )
    return persons.annotate(**joined_columns("disability", DISABILITY_COLUMNS)) if disability else persons


# What a record shows of the person's disability record (members() makes them the person's `disability`).
DISABILITY_COLUMNS = ("id", "kind", "degree")


def _by_identifier(shape: Any, value: str | None) -> QuerySet[Person]:
    scope, today, field, disability, ordering, size, number = shape
    persons = search.shareable_in(scope, today).filter(**{field: value}).order_by(*ordering)
    return with_details(persons, disability=disability)[(number - 1) * size : number * size]


# A search by one identifier, the most frequent call of the DCI API, by the same querysets as every search: their
# SQL written once for each shape (the client's scope, the day that decides which consents are in force, the
# identifier's field, the disability details, the order and the page), 2.6 of 7.1 ms of a search under the profiler.
_BY_IDENTIFIER = KeptQuery(Person, _by_identifier)


def _read(client: ApiClient, persons: list[Person], *, disability: bool, ip_address: str | None, reads) -> None:
    """Every record sent is an opening of that person's file by the client; disability details are sensitive.
    The entries are added to `reads` (written by the caller with the trace of its answer), or written now, one
    bulk entry per kind, after the records were read (the audit chain's lock is then held briefly)."""
    entries = read_entries(
        actor=client.user, action=AuditEntry.Action.VIEW, read=[(p, p) for p in persons], ip_address=ip_address
    )
    if disability:
        sensitive = [(p.disability, p) for p in persons if getattr(p, "disability", None) is not None]
        entries += read_entries(
            actor=client.user, action=AuditEntry.Action.VIEW_SENSITIVE, read=sensitive, ip_address=ip_address
        )
    if reads is not None:
        reads.extend(entries)
    else:
        audit_reads(entries)


def members(client: ApiClient, persons: list[Person], *, ip_address: str | None, reads=None) -> list[dict[str, Any]]:
    """Member records of already selected shareable persons (loaded with with_details), audited (see _read)."""
    attach_places(persons)
    disability = search.sees_disability(client)
    if disability:
        attach_joined(persons, "disability", DISABILITY_COLUMNS)
    _read(client, persons, disability=disability, ip_address=ip_address, reads=reads)
    return [member_record(person, disability=disability) for person in persons]


def answer_search(*, client: ApiClient, item: dict, ip_address: str | None, reads=None) -> dict[str, Any]:
    """The search_response entry for one search_request entry (call inside a transaction, or give a list,
    `reads`, that collects the audit entries of the records sent, for the caller to write)."""
    answer: dict[str, Any] = {"reference_id": str(item["reference_id"]), "timestamp": now_iso()}
    if "locale" in item:
        answer["locale"] = item["locale"]
    criteria = item["search_criteria"]
    size, number = search.page_bounds(criteria)
    disability = search.sees_disability(client)
    groups_asked = criteria.get("response_entity") == "Group"
    try:
        kept = None if groups_asked else _kept_search(client, criteria, size, number, disability)
        persons = search.persons_matching(client, criteria) if kept is None else None
    except search.Rejected as rejected:
        return {
            **answer,
            "status": "rjct",
            "status_reason_code": rejected.code,
            "status_reason_message": rejected.message,
        }
    if groups_asked:
        records, total = groups(client, persons, size=size, number=number, ip_address=ip_address, reads=reads)
        record_type = "Group"
    else:
        if kept is not None:
            page = _BY_IDENTIFIER.rows(*kept)
        else:
            page = list(with_details(persons, disability=disability)[(number - 1) * size : number * size])
        matching = (lambda: persons) if persons is not None else (lambda: search.persons_matching(client, criteria))
        total = _total(matching, page, size=size, number=number)
        records, record_type = members(client, page, ip_address=ip_address, reads=reads), "Member"
    answer.update(
        {
            "status": "succ",
            "data": {"version": "1.0.0", "reg_record_type": record_type, "reg_records": records},
            "pagination": {"page_size": size, "page_number": number, "total_count": total},
        }
    )
    if total == 0:
        answer["status_reason_message"] = _("No person this client system may receive matches.")
    return answer


def _kept_search(client: ApiClient, criteria: dict, size: int, number: int, disability: bool):
    """(shape, value) of a search by an identifier kept as text (not a household's), else None. Raises Rejected."""
    if criteria["query_type"] != "idtype-value":
        return None
    field, value = search.identifier_of(criteria["query"])
    if value is None or field == "household":
        return None
    scope = scopes.scope_of(client.user)
    return (scope, timezone.localdate(), field, disability, search.ordering_of(criteria), size, number), value


def _total(matching, page: list, *, size: int, number: int) -> int:
    """How many persons match: a page not full tells it without counting (a search by identifier, most often);
    else the count of `matching()`, the queryset of the search."""
    if len(page) < size and (page or number == 1):
        return (number - 1) * size + len(page)
    return matching().count()


def groups(
    client: ApiClient, persons, *, size: int, number: int, ip_address: str | None, reads=None
) -> tuple[list, int]:
    """The households of the matching persons; each lists its members this client may receive, head first."""
    households = Household.objects.filter(
        memberships__ended_on__isnull=True, memberships__person__in=persons.values("pk")
    ).distinct()
    total = households.count()
    page = list(households.order_by("pk")[(number - 1) * size : number * size])
    shareable = search.shareable_persons(client)
    in_page = Membership.objects.filter(household__in=page, ended_on__isnull=True, person__in=shareable.values("pk"))
    disability = search.sees_disability(client)
    people = list(with_details(Person.objects.filter(pk__in=in_page.values("person_id")), disability=disability))
    records_by_person = dict(
        zip([p.pk for p in people], members(client, people, ip_address=ip_address, reads=reads), strict=True)
    )
    records = []
    for household in page:
        listed = [
            (membership, records_by_person[membership.person_id])
            for membership in in_page
            if membership.household_id == household.pk and membership.person_id in records_by_person
        ]
        listed.sort(key=lambda pair: (pair[0].relationship != "head", pair[1]["demographic_info"]["birth_date"]))
        head = next((record for membership, record in listed if membership.relationship == "head"), None)
        records.append(group_record(household, [record for _, record in listed], head))
    return records, total
