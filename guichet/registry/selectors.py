"""Reads of the registry that depend on who asks: national search with minimal identity, scoped files."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404

from guichet.accounts import permissions as roles
from guichet.accounts import scopes
from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_record
from guichet.common.checkdigit import format_social_id, parse_social_id
from guichet.common.exceptions import NotAllowed
from guichet.common.kept_reads import KeptRead
from guichet.common.phones import normalize_phone
from guichet.matching.normalize import name_spellings, normalize_name
from guichet.matching.realtime import Scored
from guichet.matching.services import model_current

from . import lookalikes
from .identifiers import is_valid_cnie, is_valid_idcs, normalize_cnie, normalize_idcs
from .lookalikes import near_keys
from .models import DisabilityRecord, Membership, Person, PersonNameKey
from .name_index import persons_with_keys
from .places import attach_places

# The columns a search result may show: minimal identity only.
SEARCH_COLUMNS = (
    "social_id",
    "given_name_latin",
    "family_name_latin",
    "given_name_ar",
    "family_name_ar",
    "sex",
    "birth_date",
    "birth_date_approximate",
    "region_id",
    "province_id",
    "commune__name_fr",
    "commune__name_ar",
)


@dataclass
class SearchQuery:
    """What the typed text can be: an identifier, names, or both (a 10-digit number is IDCS or phone)."""

    text: str
    identifiers: Q | None = None
    keys: list[str] = field(default_factory=list)
    # For each key typed, the keys of the registered spellings one letter away from what was typed.
    near_keys: dict[str, list[str]] = field(default_factory=dict)
    words: list[str] = field(default_factory=list)
    # The kinds of personal identifier typed (cnie, idcs, phone): such a search is recorded in the audit log.
    identifier_kinds: list[str] = field(default_factory=list)


def parse_search_query(text: str) -> SearchQuery:
    text = (text or "").strip()[:200]
    query = SearchQuery(text=text)
    conditions = Q()
    found = False
    social_id = parse_social_id(text)
    if social_id:
        conditions |= Q(social_id=social_id)
        found = True
    cnie = normalize_cnie(text)
    if is_valid_cnie(cnie):
        conditions |= Q(cnie=cnie)
        found = True
        query.identifier_kinds.append("cnie")
    idcs = normalize_idcs(text)
    if is_valid_idcs(idcs):
        conditions |= Q(idcs=idcs)
        found = True
        query.identifier_kinds.append("idcs")
    if sum(ch.isdigit() for ch in text) >= 8:
        phone = normalize_phone(text)
        if phone:
            conditions |= Q(phone=phone)
            found = True
            query.identifier_kinds.append("phone")
    if found:
        query.identifiers = conditions
    # Names are the words without digits: "BE123456" is an identifier, "Mohamed 1985" a name and a year.
    name_text = " ".join(word for word in text.split() if not any(ch.isdigit() for ch in word))
    if name_text:
        spellings = name_spellings(name_text)
        query.keys = list(dict.fromkeys(key for _, key in spellings))
        query.near_keys = near_keys(spellings)
        query.words = list(dict.fromkeys(word for word in normalize_name(name_text).split() if len(word) > 1))
    return query


@dataclass
class SearchResults:
    """One page of results, or none with `too_many` when the words typed match too many persons to rank."""

    page: Page
    too_many: bool = False
    limit: int = 0
    identifier_kinds: list[str] = field(default_factory=list)
    # The persons the identifier typed found ({pk, region_id, province_id}): each was accessed.
    found_by_identifier: list[dict] = field(default_factory=list)
    # True when the viewer searches only their own persons (their association's children, their cohorts' learners).
    own_only: bool = False


class _CountedPaginator(Paginator):
    """A paginator told the count, so that it does not count the ranked query again."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count


def person_search(*, viewer, text: str, page_number: int | str = 1) -> SearchResults:
    """National search; each result carries `in_scope` (may the viewer open the full file?).

    Exact identifiers rank first, then names whose spelling matches the words typed, then the other
    spelling variants that share the transliteration keys, then names with a slip of one letter (a wrong,
    missing or extra letter in a word of five letters or more); among equals, the files the viewer may open.
    Past GUICHET_SEARCH_MAX_MATCHES matches (a given name alone), nobody is listed: ranking them all
    would be slow and no agent reads that far; the page asks for one more word or an identifier.
    """
    query = parse_search_query(text)
    persons = Person.objects.filter(merged_into__isnull=True)
    reach = person_reach(viewer)
    if reach is not None:
        persons = persons.filter(reach)
    limit = settings.GUICHET_SEARCH_MAX_MATCHES
    if reach is None and query.identifiers is None and query.keys:
        # Names alone, over the whole registry: the index of names tells who matches, merged persons left out,
        # without each of them (up to the limit and one) read again from the person table.
        pks = list(_names_matched(query.keys, query.near_keys, cap=limit + 1).values_list("person_id", flat=True))
    else:
        # The whole registry is searched (no reach): the names need match no more persons than the limit and one.
        match = search_condition(query, cap=limit + 1 if reach is None else None)
        persons = persons.none() if match is None else persons.filter(match)
        # The matches once (at most limit + 1 of them): the page then ranks only these, by primary key, without
        # matching the names again, and no page is asked for when nothing matched.
        pks = list(persons.values_list("pk", flat=True)[: limit + 1])
    count = len(pks)
    page_size = settings.GUICHET_SEARCH_PAGE_SIZE
    own_only = reach is not None
    if count > limit:
        empty = Paginator(Person.objects.none(), page_size).get_page(1)
        return SearchResults(
            page=empty, too_many=True, limit=limit, identifier_kinds=query.identifier_kinds, own_only=own_only
        )

    matched = Person.objects.filter(pk__among=pks)
    scope = scopes.scope_of(viewer)
    rank = [When(query.identifiers, then=Value(0))] if query.identifiers is not None else []
    rank += [When(_spelled_as_typed(query.words), then=Value(1))] if query.words else []
    if query.near_keys:  # the spelling variants first, the slips of one letter last
        rank += [When(_has_keys(list(query.near_keys), among=pks), then=Value(2))]
    ordering = ["rank"]
    if scope.level not in ("national", "none"):
        inside = When(scope.person_filter(), then=Value(0))
        matched = matched.annotate(outside=Case(inside, default=Value(1), output_field=IntegerField()))
        ordering.append("outside")
    ordered = matched.annotate(
        rank=Case(*rank, default=Value(3), output_field=IntegerField()) if rank else Value(3)
    ).order_by(*ordering, "name_sort", "pk")
    page = _CountedPaginator(ordered.values(*SEARCH_COLUMNS), page_size, count=count).get_page(page_number)
    for row in page.object_list:
        _row_shown(row, scope)
    found = []
    if query.identifier_kinds:
        found = list(matched.filter(query.identifiers).values("pk", "region_id", "province_id")[:page_size])
    return SearchResults(
        page=page, identifier_kinds=query.identifier_kinds, found_by_identifier=found, own_only=own_only
    )


def _row_shown(row: dict, scope) -> None:
    """What a row of results shows besides its columns: may the viewer open the file, and the social ID grouped."""
    row["in_scope"] = scope.contains(region_id=row["region_id"], province_id=row["province_id"])
    row["social_id_display"] = format_social_id(row["social_id"])


def person_reach(viewer) -> Q | None:
    """The only persons a facilitator or an association manager may find; none for a client system not allowed
    to read persons; None for the other roles.

    Being in a disability registry is itself sensitive: an association manager finds only the children of their
    association's applications and the persons they registered, a facilitator only the learners of their cohorts.
    The relations are named by lookup (the apps that declare them sit above the registry).
    """
    if not roles.reads_persons(viewer):
        return Q(pk__in=[])
    if roles.is_association_manager(viewer):
        listed = Person.objects.filter(schooling_support__application__association__manager_id=viewer.pk)
        return Q(pk__in=listed.values("pk")) | Q(created_by_id=viewer.pk)
    if roles.is_facilitator(viewer):
        learners = Person.objects.filter(training_enrollments__cohort__facilitator_id=viewer.pk)
        return Q(pk__in=learners.values("pk"))
    return None


def search_condition(query: SearchQuery, *, cap: int | None = None) -> Q | None:
    """The persons a parsed query matches (an identifier, or every transliteration key); None if nothing typed.

    With `cap`, the names match at most that many persons not merged into another (enough to tell that there
    are too many): the search of the whole registry needs no more, a search within a reach needs them all."""
    if query.identifiers is None and not query.keys:
        return None
    match = Q(pk__in=[])
    if query.identifiers is not None:
        match |= query.identifiers
    if query.keys:
        match |= _names_match(query.keys, query.near_keys, cap=cap)
    return match


def _names_match(keys: list[str], near_keys: dict[str, list[str]], *, cap: int | None = None) -> Q:
    """Persons who have every key typed, or for each one of its near keys.

    The persons are found in the index of names alone (name_index.persons_with_keys: two words are one look-up
    of their pairs), and only they are read: as separate `pk IN` conditions (or EXISTS), PostgreSQL misjudged how
    many persons share two common keys and scanned the person table to join them."""
    if cap is None:
        return Q(pk__in=persons_with_keys([[key, *near_keys.get(key, [])] for key in keys]))
    return Q(pk__in=_names_matched(keys, near_keys, cap=cap))


def _names_matched(keys: list[str], near_keys: dict[str, list[str]], *, cap: int) -> QuerySet:
    """The `person_id` of at most `cap` persons not merged into another who have every key typed (or for each one
    of its near keys), from the index of names alone."""
    persons = persons_with_keys([[key, *near_keys.get(key, [])] for key in keys])
    merged = Person.objects.filter(merged_into__isnull=False).values("pk")
    return persons.difference(merged)[:cap]


def _has_keys(keys: list[str], *, among: list[int]) -> Q:
    """The person (one of `among`) has each of these keys exactly: the listed persons are looked up on the
    (person, key) index, instead of hashing every person who has a common key."""
    condition = Q()
    for key in keys:
        condition &= Q(pk__in=PersonNameKey.objects.filter(person_id__among=among, key=key).values("person_id"))
    return condition


def _spelled_as_typed(words: list[str]) -> Q:
    condition = Q()
    for word in words:
        condition &= Q(name_words__contains=f" {word} ")
    return condition


@dataclass
class Lookalikes:
    """A duplicate check that shows no stranger: the persons the viewer knows, and a count of the others."""

    known: list[dict]
    strangers: int

    def __bool__(self) -> bool:
        return bool(self.known or self.strangers)


def lookalikes_check(*, viewer, data: dict, limit: int = 5) -> Lookalikes:
    """Existing persons who may be the one being registered, shown only to those who may know them.

    With a trained model, the candidates the registry finds by its keys are scored against the new person
    (lookalikes.likely_matches) and the likely ones come best first, each with its probability (`probability`,
    in percent) and the fields that agree (`agrees`) or differ (`differs`), in words. Without one, the exact
    check: same identifier, or same names and birth year.

    The registry's own staff (window agents, centre staff, data stewards, administrators) see every lookalike as
    the search shows them: minimal identity, the social ID and a link only inside their territory (`in_scope`).
    Those who register on the way to an enrolment or an application see their own persons (person_reach: an
    association manager, a facilitator) or, for a training coordinator, those of their territory. Anyone else is
    only counted: the page says that a person with these details is already registered, never who.
    """
    model = model_current()
    scored: dict[int, Scored] = {}
    if model is None:
        found = Person.objects.filter(lookalikes.exact_condition(data), merged_into__isnull=True)
    else:
        likely = lookalikes.likely_matches(data, model.settings, registry_size=model.record_count)
        scored = {int(item.record_id): item for item in likely}
        found = Person.objects.filter(pk__among=list(scored))
    reach = person_reach(viewer)
    if reach is not None:
        known_filter = reach
    elif roles.can_edit_persons(viewer):
        known_filter = Q()
    else:
        known_filter = scopes.scope_of(viewer).person_filter()
    known_rows = found.filter(known_filter).values("pk", *SEARCH_COLUMNS)
    if scored:  # the likeliest first (a handful of rows: ordered here)
        known = sorted(known_rows, key=lambda row: list(scored).index(row["pk"]))[:limit]
    else:
        known = list(known_rows.order_by("name_sort")[:limit])
    scope = scopes.scope_of(viewer)
    for row in known:
        _row_shown(row, scope)
        if row["pk"] in scored:
            _explain(row, scored[row["pk"]])
    # A national viewer knows everyone (and `exclude(Q())` would exclude nothing).
    strangers = 0 if known_filter == Q() else found.exclude(known_filter).values("pk")[:limit].count()
    return Lookalikes(known=known, strangers=strangers)


def _explain(row: dict, scored: Scored) -> None:
    """The probability in whole percent (never 100: the model is never sure) and the reasons, each said once
    (translated when the page shows them)."""
    row["probability"] = min(99, int(scored.probability * 100))
    for name, reasons in (("agrees", scored.agreeing), ("differs", scored.differing)):
        row[name] = list({str(reason.text): reason.text for reason in reasons}.values())


# What a person's page shows beside the file; another system's read needs nothing more (FILE_ALONE). Every read
# of a file is given its place (places.attach_places).
FILE_PAGE: tuple[str, ...] = ("created_by", "merged_into")
FILE_ALONE: tuple[str, ...] = ()
_PERSON_BY_SOCIAL_ID = KeptRead(Person, ("social_id", "="))


def person_get(*, viewer, social_id: str, related: tuple[str, ...] = FILE_PAGE) -> Person:
    """A person's full file, for a viewer whose scope covers them; raises Http404 or NotAllowed."""
    if related:
        person = next(iter(Person.objects.filter(social_id=social_id).select_related(*related)[:1]), None)
    else:  # another system's read of a file: the row alone, by SQL written once
        person = _PERSON_BY_SOCIAL_ID.first(social_id)
    if person is None:
        raise Http404
    if not roles.reads_persons(viewer):
        raise NotAllowed
    if not scopes.scope_of(viewer).contains(region_id=person.region_id, province_id=person.province_id):
        raise NotAllowed
    attach_places([person])
    return person


def person_get_for_edit(*, viewer, social_id: str) -> Person:
    """person_get for a viewer whose role may also change the file (supervisors and the programmes only read)."""
    person = person_get(viewer=viewer, social_id=social_id)
    if not roles.can_edit_person(viewer, person):
        raise NotAllowed
    return person


def person_open(*, viewer, social_id: str, ip_address: str | None, related: tuple[str, ...] = FILE_PAGE) -> Person:
    """person_get, recorded in the audit log as an opening of the file."""
    person = person_get(viewer=viewer, social_id=social_id, related=related)
    audit_record(actor=viewer, action=AuditEntry.Action.VIEW, obj=person, person=person, ip_address=ip_address)
    return person


def household_members(*, person: Person) -> list[Membership]:
    """The members of the person's current household, head first."""
    current = person.memberships.filter(ended_on__isnull=True).first()
    if current is None:
        return []
    members = (
        Membership.objects.filter(household_id=current.household_id, ended_on__isnull=True)
        .select_related("person__commune")
        .order_by(Case(When(relationship="head", then=Value(0)), default=Value(1)), "person__birth_date")
    )
    return list(members)


def disability_record_get(*, viewer, person: Person, ip_address: str | None) -> DisabilityRecord | None:
    """The sensitive record, read only by roles allowed to; each reading is audited."""
    if not roles.can_see_disability(viewer):
        raise NotAllowed
    record = DisabilityRecord.objects.filter(person=person).first()
    if record is not None:
        audit_record(
            actor=viewer,
            action=AuditEntry.Action.VIEW_SENSITIVE,
            obj=record,
            person=person,
            ip_address=ip_address,
        )
    return record
