"""Writes of signing in: failed second-factor codes audited, passwords set, reset links sent, sessions ended."""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_record
from guichet.common.exceptions import NotAllowed
from guichet.common.links import public_url

from .models import User
from .permissions import can_manage_staff

# What the audit log says about a password: that it changed, never a hash.
PASSWORD_CHANGED = {"password": ["", "changed"]}


@transaction.atomic
def second_factor_failure_record(*, user: User, ip_address: str | None) -> None:
    """A wrong code at the second step of a login (wrong passwords are recorded by guichet/audit/signals.py)."""
    audit_record(
        actor=None,
        action=AuditEntry.Action.LOGIN_FAILED,
        obj=user,
        changes={"step": ["password", "second factor"]},
        ip_address=ip_address,
    )


@transaction.atomic
def password_set(*, user: User, password: str, ip_address: str | None = None) -> User:
    """The owner chooses a password (change, first login or reset link): it ends the must-change state."""
    validate_password(password, user)
    current = User.objects.select_for_update().get(pk=user.pk)
    current.set_password(password)
    current.must_change_password = False
    current.save(update_fields=["password", "must_change_password"])
    user.password = current.password
    user.must_change_password = False
    audit_record(
        actor=current, action=AuditEntry.Action.UPDATE, obj=current, changes=PASSWORD_CHANGED, ip_address=ip_address
    )
    return current


def _require_admin(actor: User) -> None:
    if not can_manage_staff(actor):
        raise NotAllowed


def reset_link(*, user: User) -> str:
    """A link that sets a new password once: it is tied to the current password and expires
    (PASSWORD_RESET_TIMEOUT)."""
    return public_url(
        "account_reset_password_from_key",
        uidb36=user_pk_to_url_str(user),
        key=default_token_generator.make_token(user),
    )


@transaction.atomic
def staff_password_reset(*, actor: User, user: User, ip_address: str | None = None) -> None:
    """An administrator's reset: the owner receives a one-time link by e-mail, never a password."""
    _require_admin(actor)
    if not user.email:
        raise ValidationError(_("This account has no e-mail address: add one before sending a reset link."))
    link = reset_link(user=user)
    subject = _("Choose your Guichet password")
    body = _(
        "Hello %(name)s,\n\nAn administrator asked for your Guichet password (username %(username)s) to be set "
        "again. Choose it with this link, which works once and for %(hours)d hours:\n\n%(link)s\n\n"
        "If you did not expect this message, tell your administrator."
    ) % {
        "name": user.get_full_name() or user.username,
        "username": user.username,
        "hours": _reset_hours(),
        "link": link,
    }
    address = user.email
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=user,
        changes={"password_reset_link": ["", "sent"]},
        ip_address=ip_address,
    )
    transaction.on_commit(lambda: send_mail(subject, body, None, [address]))


def _reset_hours() -> int:
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 3600)


@transaction.atomic
def staff_sessions_end(*, actor: User, user: User, ip_address: str | None = None) -> int:
    """An administrator signs a staff member out everywhere; returns how many sessions ended."""
    _require_admin(actor)
    sessions = list(UserSession.objects.filter(user=user))
    for session in sessions:
        session.end()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=user,
        changes={"sessions": [str(len(sessions)), "0"]},
        ip_address=ip_address,
    )
    return len(sessions)
