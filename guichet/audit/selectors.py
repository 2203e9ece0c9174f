"""Who reads which audit entries: administrators all, supervisors those about persons in their territory.

Entries that tell a disability (the disability record's creation, changes and readings, and any change that
names a disability field) are listed only to those who may see disability details.
"""

from django.db.models import Q, QuerySet

from guichet.accounts import permissions as roles
from guichet.accounts import scopes
from guichet.common.exceptions import NotAllowed

from .models import AuditEntry

# The record type of the disability record as audit_record writes it (app_label.model_name).
DISABILITY_OBJECT_TYPE = "registry.disabilityrecord"
# Keys of `changes` that only a disability record or a disability fact carries.
DISABILITY_FIELDS = ("card_number", "degree", "disability", "has_disability")


def disability_entries() -> Q:
    """The entries that reveal that a person has (or had) a disability record, or what it says."""
    condition = Q(object_type=DISABILITY_OBJECT_TYPE) | Q(action=AuditEntry.Action.VIEW_SENSITIVE)
    for name in DISABILITY_FIELDS:
        condition |= Q(changes__has_key=name)
    return condition


def audit_entries(*, viewer, person_social_id: str = "", actor_username: str = "", action: str = "") -> QuerySet:
    if not roles.can_browse_audit(viewer):
        raise NotAllowed
    entries = AuditEntry.objects.select_related("actor", "person")
    if not roles.reads_whole_audit(viewer):
        scope = scopes.scope_of(viewer)
        if scope.level == "region":
            entries = entries.filter(scope_region_id=scope.region_id)
        elif scope.level == "province":
            entries = entries.filter(scope_province_id=scope.province_id)
        elif scope.level != "national":
            entries = entries.none()
    if not roles.can_see_disability(viewer):
        entries = entries.exclude(disability_entries())
    if person_social_id:
        entries = entries.filter(person__social_id=person_social_id)
    if actor_username:
        entries = entries.filter(Q(actor__username=actor_username))
    if action:
        entries = entries.filter(action=action)
    return entries
