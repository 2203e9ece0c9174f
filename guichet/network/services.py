"""Every write to the network: centres, windows, public holidays (the catalogue is in services_catalogue.py).

Each function checks that the actor administers the network, validates, writes in one transaction and audits.
Edits of versioned records (centres, windows) compare and swap the version: a stale form overwrites nothing.
"""

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_record, changes_between
from guichet.common.exceptions import ValidationError
from guichet.common.l10n import join_list
from guichet.common.phones import normalize_phone
from guichet.common.versioning import version_swap, version_unchanged

from .models import Centre, Holiday, Service, Window
from .selectors import ensure_can_manage_network

CENTRE_FIELDS = ("code", "kind", "name", "name_ar", "commune", "address", "phone", "email", "is_active")
WINDOW_FIELDS = ("code", "kind", "name", "name_ar", "commune", "opening_hours", "status", "opened_on", "closed_on")
# The audit log has no "removed" action of its own; holidays are the only records this app removes.
AUDIT_DELETE = "delete"


def values_of(obj: Model, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


def compare_and_swap(obj: Model, *, expected_version: int, values: dict[str, Any]) -> None:
    """Write `values` and bump the version, only if nobody saved the record since `expected_version`."""
    try:
        with transaction.atomic():
            version_swap(obj, expected=expected_version, values=values)
    except IntegrityError as error:  # lost a race on the unique code with another administrator
        raise ValidationError({"code": _("This code was given to another record a moment ago.")}) from error


# Centres ---------------------------------------------------------------------------------------------------


def _service_codes(services) -> str:
    return ", ".join(sorted(service.code for service in services))


def _check_centre(centre: Centre, services: list[Service]) -> None:
    if centre.phone:
        phone = normalize_phone(centre.phone)
        if phone is None:
            raise ValidationError({"phone": _("This is not a valid phone number.")})
        centre.phone = phone
    wrong = [service for service in services if centre.kind not in (service.centre_kinds or [])]
    if wrong:
        raise ValidationError(
            {
                "services": _("This type of centre does not deliver: %(services)s.")
                % {"services": join_list(service.name for service in wrong)}
            }
        )


@transaction.atomic
def centre_create(*, actor, data: dict[str, Any], ip_address: str | None = None) -> Centre:
    ensure_can_manage_network(actor)
    services = list(data.get("services") or [])
    centre = Centre(**{name: data[name] for name in CENTRE_FIELDS if name in data})
    _check_centre(centre, services)
    centre.copy_territory()
    centre.full_clean()
    centre.save()
    centre.services.set(services)
    after = {**values_of(centre, CENTRE_FIELDS), "services": _service_codes(services)}
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=centre,
        changes=changes_between({}, after),
        ip_address=ip_address,
    )
    return centre


@transaction.atomic
def centre_update(
    *, actor, centre: Centre, expected_version: int, data: dict[str, Any], ip_address: str | None = None
) -> Centre:
    """Save the edited centre, unless someone else saved it since `expected_version` was read."""
    ensure_can_manage_network(actor)
    before_services = list(centre.services.all())
    before = {**values_of(centre, CENTRE_FIELDS), "services": _service_codes(before_services)}
    services = list(data["services"]) if "services" in data else before_services
    for name in CENTRE_FIELDS:
        if name in data:
            setattr(centre, name, data[name])
    _check_centre(centre, services)
    centre.copy_territory()
    centre.full_clean(exclude=["version"])
    after = {**values_of(centre, CENTRE_FIELDS), "services": _service_codes(services)}
    changed = changes_between(before, after)
    if not changed:
        version_unchanged(centre, expected=expected_version)
        return centre
    values = values_of(centre, CENTRE_FIELDS)
    compare_and_swap(
        centre,
        expected_version=expected_version,
        values={**values, "province_id": centre.province_id, "region_id": centre.region_id},
    )
    if "services" in changed:
        centre.services.set(services)
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=centre, changes=changed, ip_address=ip_address)
    return centre


# Windows ---------------------------------------------------------------------------------------------------


def _check_window(window: Window) -> None:
    """The dates follow the status: an open window says when it opened, a closed one when it closed."""
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if window.status == Window.Status.OPEN and not window.opened_on:
        errors["opened_on"] = _("An open window needs the date it opened.")
    if window.status == Window.Status.CLOSED and not window.closed_on:
        errors["closed_on"] = _("A closed window needs the date it closed.")
    if window.status != Window.Status.CLOSED and window.closed_on:
        errors["closed_on"] = _("Only a closed window has a closing date.")
    if window.status != Window.Status.PLANNED and window.opened_on and window.opened_on > today:
        errors["opened_on"] = _("The opening date is in the future: the window is still planned.")
    if window.closed_on and window.closed_on > today:
        errors.setdefault("closed_on", _("The closing date cannot be in the future."))
    if window.opened_on and window.closed_on and window.closed_on < window.opened_on:
        errors.setdefault("closed_on", _("A window closes after it opened."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def window_create(*, actor, data: dict[str, Any], ip_address: str | None = None) -> Window:
    ensure_can_manage_network(actor)
    window = Window(**{name: data[name] for name in WINDOW_FIELDS if name in data})
    _check_window(window)
    window.copy_territory()
    window.full_clean()
    window.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=window,
        changes=changes_between({}, values_of(window, WINDOW_FIELDS)),
        ip_address=ip_address,
    )
    return window


@transaction.atomic
def window_update(
    *, actor, window: Window, expected_version: int, data: dict[str, Any], ip_address: str | None = None
) -> Window:
    """Save the edited window, unless someone else saved it since `expected_version` was read."""
    ensure_can_manage_network(actor)
    before = values_of(window, WINDOW_FIELDS)
    for name in WINDOW_FIELDS:
        if name in data:
            setattr(window, name, data[name])
    _check_window(window)
    window.copy_territory()
    window.full_clean(exclude=["version"])
    values = values_of(window, WINDOW_FIELDS)
    changed = changes_between(before, values)
    if not changed:
        version_unchanged(window, expected=expected_version)
        return window
    compare_and_swap(
        window,
        expected_version=expected_version,
        values={**values, "province_id": window.province_id, "region_id": window.region_id},
    )
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=window, changes=changed, ip_address=ip_address)
    return window


# Public holidays -------------------------------------------------------------------------------------------


@transaction.atomic
def holiday_create(
    *, actor, date: datetime.date, name_fr: str, name_ar: str = "", ip_address: str | None = None
) -> Holiday:
    ensure_can_manage_network(actor)
    holiday = Holiday(date=date, name_fr=name_fr, name_ar=name_ar)
    holiday.full_clean()
    try:
        with transaction.atomic():
            holiday.save()
    except IntegrityError as error:
        raise ValidationError({"date": _("This day is already a public holiday.")}) from error
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=holiday,
        changes=changes_between({}, {"date": date, "name_fr": name_fr, "name_ar": name_ar}),
        ip_address=ip_address,
    )
    return holiday


@transaction.atomic
def holiday_delete(*, actor, holiday: Holiday, ip_address: str | None = None) -> None:
    """Remove a holiday (reference data, nothing points to it); the audit entry keeps what it was."""
    ensure_can_manage_network(actor)
    audit_record(
        actor=actor,
        action=AUDIT_DELETE,
        obj=holiday,
        changes=changes_between(
            {"date": holiday.date, "name_fr": holiday.name_fr, "name_ar": holiday.name_ar},
            {"date": None, "name_fr": None, "name_ar": None},
        ),
        ip_address=ip_address,
    )
    Holiday.objects.filter(pk=holiday.pk).delete()
