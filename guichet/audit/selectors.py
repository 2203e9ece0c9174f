"""Who reads which audit entries: administrators all, supervisors those about persons in their territory.

Entries that tell a disability (the disability record's creation, changes and readings, and any change that
names a disability field) are listed only to those who may see disability details.
"""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from guichet.accounts import permissions as roles
from guichet.accounts import scopes
from guichet.common.exceptions import NotAllowed

from .kinds import KINDS, model_of
from .models import AuditEntry, disability_entries


def audit_entries(
    *,
    viewer,
    person_social_id: str = "",
    actor: str = "",
    action: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    object_type: str = "",
    object_ref: str = "",
) -> QuerySet[AuditEntry]:
    """The entries the viewer may read, newest first, narrowed by the filters given."""
    if not roles.can_browse_audit(viewer):
        raise NotAllowed
    entries = AuditEntry.objects.all()  # read as rows by audit/listed.py
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
    if actor:
        entries = entries.filter(_actor_named(actor))
    if action:
        entries = entries.filter(action=action)
    if date_from:
        entries = entries.filter(at__gte=_start_of(date_from))
    if date_to:
        entries = entries.filter(at__lt=_start_of(date_to + datetime.timedelta(days=1)))
    if object_type:
        entries = entries.filter(object_type=object_type)
    if object_ref:
        entries = entries.filter(_record_named(object_ref.strip(), object_type))
    return entries


def _actor_named(text: str) -> Q:
    """Every word of `text` in the staff member's username, given name or family name."""
    condition = Q()
    for word in text.split():
        condition &= (
            Q(actor__username__icontains=word)
            | Q(actor__first_name__icontains=word)
            | Q(actor__last_name__icontains=word)
        )
    return condition


def _record_named(text: str, object_type: str) -> Q:
    """The record by its number, or by what a reader knows it by: a request reference, a social ID, a username."""
    condition = Q(object_id=text)
    for label, kind in KINDS.items():
        if kind.find is None or (object_type and label != object_type):
            continue
        found = kind.find(text)
        model = model_of(label)
        if found is None or model is None:
            continue
        ids = [str(pk) for pk in model._base_manager.filter(found).values_list("pk", flat=True)[:100]]
        if ids:
            condition |= Q(object_type=label, object_id__in=ids)
    return condition


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
