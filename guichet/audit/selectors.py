"""Who reads which audit entries: administrators all, supervisors those about persons in their territory."""

from django.db.models import Q, QuerySet

from guichet.accounts import scopes
from guichet.accounts.models import Role
from guichet.common.exceptions import NotAllowed

from .models import AuditEntry


def audit_entries(*, viewer, person_social_id: str = "", actor_username: str = "", action: str = "") -> QuerySet:
    if not scopes.can_browse_audit(viewer):
        raise NotAllowed
    entries = AuditEntry.objects.select_related("actor", "person")
    if viewer.role != Role.ADMIN:
        scope = scopes.scope_of(viewer)
        if scope.level == "region":
            entries = entries.filter(scope_region_id=scope.region_id)
        elif scope.level == "province":
            entries = entries.filter(scope_province_id=scope.province_id)
        elif scope.level != "national":
            entries = entries.none()
    if person_social_id:
        entries = entries.filter(person__social_id=person_social_id)
    if actor_username:
        entries = entries.filter(Q(actor__username=actor_username))
    if action:
        entries = entries.filter(action=action)
    return entries
