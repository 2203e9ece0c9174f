"""Reads of associations with rules: who sees which association, application and child; the beneficiaries.

Disability details (type, degree, card number) of the children: the association manager enters them when
listing a child, but never reads them back; programme officers deciding see only that a record exists. The
details are shown only to the roles DESIGN.md allows (guichet.accounts.permissions.can_see_disability: disability
centre staff, data stewards, administrators) — of these, only administrators open association pages.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from guichet.accounts.models import User
from guichet.accounts.permissions import can_see_disability, is_association_manager, is_association_reviewer, manages
from guichet.accounts.scopes import scope_of
from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_record
from guichet.common.checkdigit import parse_social_id
from guichet.common.exceptions import NotAllowed
from guichet.registry.models import DisabilityRecord, Person
from guichet.registry.selectors import parse_search_query, search_condition

from .models import Association, Decision, SchoolingApplication, SupportedChild, TermReport


def associations_visible(*, viewer: User) -> QuerySet[Association]:
    """The associations the viewer may open; NotAllowed for roles with no business here."""
    if is_association_manager(viewer):
        return Association.objects.filter(manager=viewer)
    if is_association_reviewer(viewer):
        return Association.objects.filter(scope_of(viewer).person_filter())
    raise NotAllowed


def association_list(*, viewer: User, status: str = "", text: str = "") -> QuerySet[Association]:
    associations = associations_visible(viewer=viewer).select_related("province")
    if status:
        associations = associations.filter(status=status)
    if text:
        associations = associations.filter(
            Q(name_fr__icontains=text) | Q(name_ar__icontains=text) | Q(registration_number__iexact=text)
        )
    return associations.order_by("status", "-created_at", "pk")


def association_get(*, viewer: User, pk: int) -> Association:
    association = associations_visible(viewer=viewer).select_related("province", "manager").filter(pk=pk).first()
    if association is None:
        raise Http404
    return association


def managed_association(*, viewer: User) -> Association:
    if not is_association_manager(viewer):
        raise NotAllowed
    association = Association.objects.filter(manager=viewer, status=Association.Status.APPROVED).first()
    if association is None:
        raise Http404
    return association


def applications_visible(*, viewer: User) -> QuerySet[SchoolingApplication]:
    visible = associations_visible(viewer=viewer)
    applications = SchoolingApplication.objects.filter(association__in=visible.values("pk"))
    if is_association_reviewer(viewer):  # drafts are the association's own business until submitted
        applications = applications.exclude(status=SchoolingApplication.Status.DRAFT)
    return applications


def application_list(*, viewer: User, school_year: str = "", status: str = "") -> QuerySet[SchoolingApplication]:
    applications = applications_visible(viewer=viewer).select_related("association__province")
    if school_year:
        applications = applications.filter(school_year=school_year)
    if status:
        applications = applications.filter(status=status)
    return applications.annotate(child_count=Count("children")).order_by("-school_year", "association__name_fr", "pk")


def application_get(*, viewer: User, pk: int) -> SchoolingApplication:
    application = applications_visible(viewer=viewer).select_related("association__province").filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


def application_children(
    *, viewer: User, application: SchoolingApplication, ip_address: str | None = None
) -> list[SupportedChild]:
    """The children of an application the viewer may open; details only to allowed roles.

    The reading is one audit entry about the application, naming the children read (their persons), placed in
    the association's territory.
    """
    children = list(
        application.children.select_related("person__commune")
        .annotate(has_disability=Exists(DisabilityRecord.objects.filter(person=OuterRef("person"))))
        .order_by("pk")
    )
    sensitive = can_see_disability(viewer)
    records = {}
    if sensitive:
        records = {r.person_id: r for r in DisabilityRecord.objects.filter(person__in=[c.person_id for c in children])}
    for child in children:
        child.disability_details = records.get(child.person_id)
    audit_record(
        actor=viewer,
        action=AuditEntry.Action.VIEW_SENSITIVE if sensitive else AuditEntry.Action.VIEW,
        obj=application,
        changes={"children": [None, [child.person_id for child in children]]} if children else None,
        territory=application.association,
        ip_address=ip_address,
    )
    return children


def child_reach(*, association: Association) -> QuerySet[Person]:
    """The persons an association may list without proving it knows them: those its manager registered, and
    the children of its applications."""
    listed = SupportedChild.objects.filter(application__association=association).values("person_id")
    return Person.objects.filter(Q(created_by_id=association.manager_id) | Q(pk__in=listed), merged_into__isnull=True)


def child_search(*, viewer: User, association: Association, text: str, limit: int = 20) -> list[Person]:
    """The manager's search for a child: only among the persons within the association's reach."""
    if not manages(viewer, association):
        raise NotAllowed
    match = search_condition(parse_search_query(text))
    if match is None:
        return []
    return list(
        child_reach(association=association).filter(match).select_related("commune").order_by("name_sort")[:limit]
    )


def child_find(
    *, viewer: User, association: Association, social_id: str, birth_date: datetime.date | None = None
) -> Person | None:
    """The person a manager chose: one within the association's reach, or anyone in the registry found by an
    exact match of social ID *and* date of birth (what the family told the association). None otherwise, the
    same None whether nobody has this social ID or the date does not match: the page tells nothing more."""
    if not manages(viewer, association):
        raise NotAllowed
    canonical = parse_social_id(social_id or "")
    if canonical is None:
        return None
    person = child_reach(association=association).filter(social_id=canonical).first()
    if person is None and birth_date is not None:
        person = Person.objects.filter(social_id=canonical, birth_date=birth_date, merged_into__isnull=True).first()
    return person


def child_get(*, viewer: User, pk: int) -> SupportedChild:
    child = (
        SupportedChild.objects.select_related("person", "application__association")
        .filter(application__in=applications_visible(viewer=viewer).values("pk"), pk=pk)
        .first()
    )
    if child is None:
        raise Http404
    return child


def unreported(*, viewer: User, school_year: str, term: int, province_id: int | None = None) -> QuerySet[Association]:
    """Associations with supported children in that year that have no report for that term (for each child)."""
    if not is_association_reviewer(viewer):
        raise NotAllowed
    late = SupportedChild.objects.filter(
        application__school_year=school_year, decision__in=[Decision.APPROVED, Decision.PARTLY]
    ).exclude(Exists(TermReport.objects.filter(child=OuterRef("pk"), term=term)))
    associations = associations_visible(viewer=viewer).filter(status=Association.Status.APPROVED)
    if province_id:
        associations = associations.filter(province_id=province_id)
    # Filtered by one uncorrelated subquery; the per-association count is computed only for the rows shown.
    counted = (
        late.filter(application__association=OuterRef("pk"))
        .order_by()
        .values("application__association")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        associations.filter(pk__in=late.values("application__association"))
        .annotate(missing_count=Subquery(counted))
        .select_related("province")
        .order_by("province__code", "name_fr", "pk")
    )


def schooling_beneficiaries(*, school_year: str) -> QuerySet[Person]:
    """Distinct persons whose schooling support was approved or partly approved in that school year.

    Counted once per person even when several associations school them; persons merged into another file
    count as the file they were merged into.
    """
    supported = SupportedChild.objects.filter(
        application__school_year=school_year,
        application__status__in=[SchoolingApplication.Status.APPROVED, SchoolingApplication.Status.PARTLY],
        decision__in=[Decision.APPROVED, Decision.PARTLY],
    )
    ids = supported.values("person_id")
    merged_targets = Person.objects.filter(pk__in=ids, merged_into__isnull=False).values("merged_into_id")
    return Person.objects.filter(Q(pk__in=ids, merged_into__isnull=True) | Q(pk__in=merged_targets)).distinct()


def school_years_of(year: int) -> list[str]:
    """The school years that count for a calendar year: the one that starts in it (September).

    A school year "2026-2027" runs from September 2026 to June 2027; its children count as beneficiaries of
    2026, the year the support is decided and paid, so that no child counts twice across two calendar years.
    """
    return [f"{year}-{year + 1}"]


def current_school_year(today: datetime.date | None = None) -> str:
    today = today or datetime.date.today()
    start = today.year if today.month >= 9 else today.year - 1
    return f"{start}-{start + 1}"
