"""Writes to staff accounts: create, change role or scope, deactivate — each audited, stale edits refused."""

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_record, changes_between
from guichet.common.exceptions import NotAllowed, ValidationError
from guichet.common.versioning import version_claim

from .models import User
from .permissions import administers, can_manage_staff, needs_centre, needs_window, works_in_territory
from .system import is_reserved_username

RESERVED_USERNAME = _("This username is reserved for the system: choose another one.")

STAFF_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "role",
    "window",
    "centre",
    "province",
    "region",
    "national",
    "is_active",
)


def _require_admin(actor: User) -> None:
    if not can_manage_staff(actor):
        raise NotAllowed


def _clear_scope_fields(user: User) -> None:
    """Keep only the attachment the role uses, so that a former window does not linger on a supervisor."""
    if not needs_window(user.role):
        user.window = None
    if not needs_centre(user.role):
        user.centre = None
    if not works_in_territory(user.role):
        user.province = None
        user.region = None
        user.national = False


@transaction.atomic
def staff_create(*, actor: User, username: str, password: str, data: dict[str, Any], ip_address=None) -> User:
    _require_admin(actor)
    if is_reserved_username(username):
        raise ValidationError({"username": RESERVED_USERNAME}, code="reserved")
    user = User(username=username, **{name: data[name] for name in STAFF_FIELDS if name in data})
    _clear_scope_fields(user)
    user.is_staff = administers(user.role)
    validate_password(password, user)
    user.set_password(password)
    user.must_change_password = True  # the administrator chose this one: the owner replaces it at first login
    user.full_clean()
    user.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=user,
        changes=changes_between({}, {name: getattr(user, name) for name in ("username", *STAFF_FIELDS)}),
        ip_address=ip_address,
    )
    return user


@transaction.atomic
def staff_update(*, actor: User, user: User, expected_version: int, data: dict[str, Any], ip_address=None) -> User:
    """Change role, scope or status; refused when the account changed since the form was opened."""
    _require_admin(actor)
    current = User.objects.select_for_update().get(pk=user.pk)
    version_claim(current, expected=expected_version, field="account_version")
    before = {name: getattr(current, name) for name in STAFF_FIELDS}
    for name in STAFF_FIELDS:
        if name in data:
            setattr(current, name, data[name])
    _clear_scope_fields(current)
    if current.pk == actor.pk and (not current.is_active or not administers(current.role)):
        raise NotAllowed  # an administrator cannot lock themself out
    current.is_staff = administers(current.role)
    current.full_clean()
    current.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=current,
        changes=changes_between(before, {name: getattr(current, name) for name in STAFF_FIELDS}),
        ip_address=ip_address,
    )
    return current
