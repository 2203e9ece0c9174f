"""Every write of identity resolution: a decision on a pair of files, a merge, an unmerge — one transaction each.

A merge re-points every row that links to the absorbed file (found through Person._meta.related_objects, so a
link added later is covered without a change here) to the survivor. A row that cannot move because a unique rule
would be broken — the absorbed file's disability record when the survivor has one, its current household
membership, an enrolment in a cohort the survivor is in too, an identical name key — stays with the absorbed
file and is listed in the merge: nothing is lost, and every count follows `merged_into` to the survivor. Links
declared with related_name "+" (the audit log, these decisions) are history about a file and never move.

The unmerge writes back exactly what the merge changed (both person rows field by field, every re-pointed row),
and refuses, saying which, when something changed since in a way that would be overwritten.
"""

import datetime
from typing import Any

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.accounts import permissions as roles
from guichet.accounts.models import User
from guichet.audit.kinds import label_of
from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_record, changes_between
from guichet.common.exceptions import NotAllowed, ValidationError
from guichet.common.versioning import version_expected, version_swap
from guichet.registry.models import Person
from guichet.registry.services import person_derive

from .models import Merge, PairDecision
from .selectors import COMPANIONS, MERGEABLE_FIELDS, SIDES, merge_defaults, ordered_pair, pair_decision

# Identifiers one file at a time may hold: taken from the absorbed file, the two files swap them, so that each
# identifier stays in the registry and a search on the survivor's former one still leads to it.
UNIQUE_IDENTIFIERS = ("cnie", "idcs")


def _json(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()  # every digit: DjangoJSONEncoder would round the microseconds
    return value


def _row(obj: Model) -> dict[str, Any]:
    """A row's every column (by attname), as JSON, to be written back exactly."""
    return {f.attname: _json(f.value_from_object(obj)) for f in obj._meta.concrete_fields if not f.primary_key}


def _restored(model: type[Model], row: dict[str, Any]) -> dict[str, Any]:
    fields = {f.attname: f for f in model._meta.concrete_fields}
    return {name: None if value is None else fields[name].to_python(value) for name, value in row.items()}


def _locked(*persons: Person) -> list[Person]:
    by_pk = Person.objects.select_for_update().in_bulk([p.pk for p in persons])
    return [by_pk[p.pk] for p in persons]


@transaction.atomic
def pair_decide(*, actor: User, a: Person, b: Person, decision: str, ip_address: str | None = None) -> PairDecision:
    """Remember whether two files are the same person; a later decision on the same pair replaces it."""
    if not roles.can_merge_persons(actor, a, b):
        raise NotAllowed
    if a.pk == b.pk:
        raise ValidationError(_("Choose two different files."))
    if decision not in PairDecision.Decision.values:
        raise ValidationError(_("Choose “same person” or “not the same person”."), code="decision")
    first, second = ordered_pair(*_locked(a, b))
    merged = first.merged_into_id == second.pk or second.merged_into_id == first.pk
    if decision == PairDecision.Decision.NOT_SAME and merged:
        raise ValidationError(_("These files are merged: undo the merge before deciding they are not the same person."))
    pair = pair_decision(first, second)
    before = pair.decision if pair is not None else None
    if pair is None:
        pair = PairDecision(person_a=first, person_b=second)
    pair.decision = decision
    pair.decided_by = actor
    pair.decided_at = timezone.now()
    pair.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE if before is None else AuditEntry.Action.UPDATE,
        obj=pair,
        person=first,
        changes={
            "person_a": [None, str(first.pk)],
            "person_b": [None, str(second.pk)],
            "decision": [before, decision],
        },
        ip_address=ip_address,
    )
    return pair


def _chosen(survivor: Person, absorbed: Person, choices: dict[str, str] | None) -> dict[str, str]:
    chosen = merge_defaults(survivor, absorbed)
    for name, side in (choices or {}).items():
        if name not in MERGEABLE_FIELDS or side not in SIDES:
            raise ValidationError(_("A value can only be kept from one of the two files."), code="choices")
        chosen[name] = side
    return chosen


def _repoint(*, absorbed: Person, survivor: Person) -> tuple[list[dict], list[dict]]:
    """Move every row linking to the absorbed file to the survivor, one savepoint each so that a row a unique rule
    holds back stays where it is. Returns what moved (with its old value) and what was kept."""
    moved, kept = [], []
    for relation in Person._meta.related_objects:
        model, field = relation.related_model, relation.field
        manager = model._base_manager
        label = model._meta.label_lower
        for pk in manager.filter(**{field.attname: absorbed.pk}).order_by("pk").values_list("pk", flat=True):
            try:
                with transaction.atomic():
                    manager.filter(pk=pk).update(**{field.attname: survivor.pk})
            except IntegrityError:
                kept.append({"model": label, "pk": pk, "field": field.attname})
            else:
                moved.append({"model": label, "pk": pk, "field": field.attname, "old": absorbed.pk})
    return moved, kept


@transaction.atomic
def person_merge(
    *,
    actor: User,
    survivor: Person,
    absorbed: Person,
    survivor_version: int,
    absorbed_version: int,
    choices: dict[str, str] | None = None,
    ip_address: str | None = None,
) -> Merge:
    """Merge `absorbed` into `survivor`: the survivor takes the chosen values (the others' defaults: see
    selectors.merge_defaults), every linked row, and the absorbed file becomes a redirect to it."""
    if not roles.can_merge_persons(actor, survivor, absorbed):
        raise NotAllowed
    if survivor.pk == absorbed.pk:
        raise ValidationError(_("A file cannot be merged into itself."))
    survivor, absorbed = _locked(survivor, absorbed)
    version_expected(survivor, expected=survivor_version)
    version_expected(absorbed, expected=absorbed_version)
    for person in (survivor, absorbed):
        if person.merged_into_id is not None:
            raise ValidationError(
                _("The file %(social_id)s was already merged into another file.")
                % {"social_id": person.social_id_display}
            )
    decided = pair_decision(survivor, absorbed)
    if decided is not None and decided.decision == PairDecision.Decision.NOT_SAME:
        raise ValidationError(
            _("These two files were decided not to be the same person: decide again that they are before merging.")
        )
    chosen = _chosen(survivor, absorbed, choices)
    snapshot: dict[str, Any] = {"survivor": _row(survivor), "absorbed": _row(absorbed)}
    before = _files_state(survivor, absorbed)

    taken = [name for name in MERGEABLE_FIELDS if chosen[name] == "absorbed"]
    swapped = [name for name in UNIQUE_IDENTIFIERS if name in taken and getattr(absorbed, name)]
    attnames = {f.name: f.attname for f in Person._meta.concrete_fields}
    for name in taken:
        for field_name in (name, *COMPANIONS.get(name, ())):
            setattr(survivor, attnames[field_name], getattr(absorbed, attnames[field_name]))
    person_derive(survivor)
    absorbed_values: dict[str, Any] = {"merged_into_id": survivor.pk}
    for name in swapped:
        absorbed_values[name] = snapshot["survivor"][name]
    if swapped:  # let go of the identifiers first: each is held by one file at a time
        Person.objects.filter(pk=absorbed.pk).update(**dict.fromkeys(swapped))
    survivor.full_clean(exclude=["social_id"])
    survivor_values = {
        f.attname: getattr(survivor, f.attname)
        for f in Person._meta.concrete_fields
        if f.name in (*MERGEABLE_FIELDS, "birth_date_approximate", "province", "region", "name_sort", "name_words")
    }
    version_swap(survivor, expected=survivor_version, values=survivor_values)
    version_swap(absorbed, expected=absorbed_version, values=absorbed_values)

    moved, kept = _repoint(absorbed=absorbed, survivor=survivor)
    snapshot.update(
        moved=moved,
        kept=kept,
        survivor_version=survivor.version,
        absorbed_version=absorbed.version,
    )
    merge = Merge.objects.create(
        survivor=survivor,
        absorbed=absorbed,
        choices=chosen,
        snapshot=snapshot,
        merged_by=actor,
        merged_at=timezone.now(),
    )
    _audit_persons(actor=actor, survivor=survivor, absorbed=absorbed, before=before, ip_address=ip_address)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=merge,
        person=survivor,
        changes={"survivor": [None, str(survivor.pk)], "absorbed": [None, str(absorbed.pk)]},
        ip_address=ip_address,
    )
    return merge


def _files_state(survivor: Person, absorbed: Person) -> tuple[dict[str, Any], dict[str, Any]]:
    """What a merge or an unmerge changes of the two files, as the audit log shows it: the survivor's mergeable
    values; where the absorbed file leads and the identifiers it holds."""
    return (
        {name: getattr(survivor, name) for name in MERGEABLE_FIELDS},
        {"merged_into": absorbed.merged_into, **{name: getattr(absorbed, name) for name in UNIQUE_IDENTIFIERS}},
    )


def _audit_persons(*, actor, survivor: Person, absorbed: Person, before: tuple[dict, dict], ip_address) -> None:
    """One audit entry per file with what changed since `before` (see _files_state)."""
    after = _files_state(survivor, absorbed)
    for person, old, new in ((absorbed, before[1], after[1]), (survivor, before[0], after[0])):
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=person,
            person=person,
            changes=changes_between(old, new),
            ip_address=ip_address,
        )


def _unmerge_problems(merge: Merge, survivor: Person, absorbed: Person) -> list[str]:
    snapshot = merge.snapshot
    problems = []
    if survivor.version != snapshot["survivor_version"] or survivor.merged_into_id is not None:
        problems.append(
            _("the file %(social_id)s was changed after the merge") % {"social_id": survivor.social_id_display}
        )
    if absorbed.version != snapshot["absorbed_version"] or absorbed.merged_into_id != survivor.pk:
        problems.append(
            _("the file %(social_id)s was changed after the merge") % {"social_id": absorbed.social_id_display}
        )
    by_model: dict[tuple[str, str], list[int]] = {}
    for row in snapshot["moved"]:
        by_model.setdefault((row["model"], row["field"]), []).append(row["pk"])
    for (label, attname), pks in by_model.items():
        model = apps.get_model(label)
        still = set(model._base_manager.filter(pk__in=pks, **{attname: survivor.pk}).values_list("pk", flat=True))
        elsewhere = model._base_manager.in_bulk([pk for pk in pks if pk not in still])
        for pk in pks:
            if pk not in still:
                name = label_of(elsewhere[pk]) if pk in elsewhere else f"#{pk}"  # by its reference, when it has one
                problems.append(
                    _("the %(record)s %(name)s was removed or moved since the merge")
                    % {"record": model._meta.verbose_name, "name": name}
                )
    return problems


@transaction.atomic
def person_unmerge(*, actor: User, merge: Merge, ip_address: str | None = None) -> Merge:
    """Put back exactly what the merge changed: the two files as they were, every re-pointed row on the absorbed
    file again. Refused, naming what, if any of it changed since the merge."""
    if not roles.can_merge_persons(actor, merge.survivor, merge.absorbed):
        raise NotAllowed
    merge = Merge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise ValidationError(_("This merge was already undone."))
    survivor, absorbed = _locked(merge.survivor, merge.absorbed)
    problems = _unmerge_problems(merge, survivor, absorbed)
    if problems:
        raise ValidationError(
            _("This merge cannot be undone exactly: %(problems)s. Undo those changes first, then try again.")
            % {"problems": _("; ").join(problems)}
        )
    snapshot = merge.snapshot
    before = _files_state(survivor, absorbed)
    try:
        with transaction.atomic():
            by_model: dict[tuple[str, str, int], list[int]] = {}
            for row in snapshot["moved"]:
                by_model.setdefault((row["model"], row["field"], row["old"]), []).append(row["pk"])
            for (label, attname, old), pks in by_model.items():
                apps.get_model(label)._base_manager.filter(pk__in=pks).update(**{attname: old})
            # The identifiers the two files swapped: let go of them on the survivor before giving them back.
            Person.objects.filter(pk=survivor.pk).update(**dict.fromkeys(UNIQUE_IDENTIFIERS))
            Person.objects.filter(pk=absorbed.pk).update(**_restored(Person, snapshot["absorbed"]))
            Person.objects.filter(pk=survivor.pk).update(**_restored(Person, snapshot["survivor"]))
    except IntegrityError as error:
        raise ValidationError(
            _("This merge cannot be undone exactly: a record was added since that takes the place of one to restore.")
        ) from error
    survivor.refresh_from_db()
    absorbed.refresh_from_db()
    merge.undone_at = timezone.now()
    merge.undone_by = actor
    merge.save(update_fields=["undone_at", "undone_by"])
    _audit_persons(actor=actor, survivor=survivor, absorbed=absorbed, before=before, ip_address=ip_address)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=merge,
        person=survivor,
        changes={"undone_at": [None, merge.undone_at.isoformat()]},
        ip_address=ip_address,
    )
    return merge
