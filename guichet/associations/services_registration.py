"""Writes of the association's registration: the public form, the review, the correction round trip."""

import hashlib
import re
import secrets
from typing import Any

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from guichet.accounts.models import Role, User
from guichet.accounts.permissions import reviewer_covers
from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_record, changes_between
from guichet.common.exceptions import NotAllowed, ValidationError
from guichet.common.versioning import version_claim

from . import files
from .models import Association

ASSOCIATION_FIELDS = (
    "name_fr",
    "name_ar",
    "registration_number",
    "province",
    "address",
    "president",
    "phone",
    "email",
)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _duplicate_number() -> ValidationError:
    return ValidationError(
        {"registration_number": _("An association with this registration number is already registered.")}
    )


def _fill(association: Association, data: dict[str, Any]) -> None:
    for name in ASSOCIATION_FIELDS:
        if name in data:
            setattr(association, name, data[name])
    association.region_id = association.province.region_id


def association_register(
    *, data: dict[str, Any], statutes: Any, receipt: Any, ip_address: str | None = None
) -> Association:
    """A public registration, waiting for review; the two documents are checked by their content. If anything
    fails (the second file does not fit on the disk, the number is taken meanwhile), no file stays and no row
    names one."""
    association = Association()
    _fill(association, data)
    with files.atomic() as written:
        if Association.objects.filter(registration_number=association.registration_number).exists():
            raise _duplicate_number()
        association.full_clean(exclude=["region"])
        written.append(files.store(statutes))
        written.append(files.store(receipt))
        association.statutes_file, association.receipt_file = written
        try:
            with transaction.atomic():
                association.save()
        except IntegrityError as error:
            raise _duplicate_number() from error
        audit_record(
            actor=None,
            action=AuditEntry.Action.CREATE,
            obj=association,
            changes=changes_between({}, {name: getattr(association, name) for name in ASSOCIATION_FIELDS}),
            ip_address=ip_address,
        )
    return association


def _locked(*, actor: User, association: Association, expected_version: int) -> Association:
    if not reviewer_covers(actor, association):
        raise NotAllowed
    current = Association.objects.select_for_update().get(pk=association.pk)
    version_claim(current, expected=expected_version)
    return current


def _save_review(*, actor: User, current: Association, before: dict, ip_address: str | None) -> Association:
    current.reviewed_by = actor
    current.reviewed_at = timezone.now()
    current.save()
    after = {"status": current.status, "review_note": current.review_note}
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=current,
        changes=changes_between(before, after),
        ip_address=ip_address,
    )
    return current


def _manager_username(association: Association) -> str:
    base = "assoc-" + (slugify(association.registration_number) or str(association.pk))[:30]
    username, n = base, 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}-{n}"
    return username


def manager_account_create(*, association: Association) -> tuple[User, str]:
    """The association's manager account with a random first password, returned once and never stored."""
    password = secrets.token_urlsafe(12)
    user = User(
        username=_manager_username(association),
        email=association.email,
        first_name=association.president[:150],
        role=Role.ASSOCIATION_MANAGER,
        must_change_password=True,  # this password travelled by e-mail: the first login replaces it
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    return user, password


@transaction.atomic
def association_approve(
    *, actor: User, association: Association, expected_version: int, login_url: str = "", ip_address=None
) -> tuple[Association, str]:
    """Approve, create the manager account and send its credentials; returns the first password to show once."""
    current = _locked(actor=actor, association=association, expected_version=expected_version)
    if current.status not in (Association.Status.PENDING, Association.Status.CORRECTION):
        raise ValidationError(_("This association was already decided."))
    before = {"status": current.status, "review_note": current.review_note}
    user, password = manager_account_create(association=current)
    current.status = Association.Status.APPROVED
    current.review_note = ""
    current.correction_token_hash = ""
    current.manager = user
    _save_review(actor=actor, current=current, before=before, ip_address=ip_address)
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=user, changes={"username": [None, user.username]})
    subject = _("Your association is approved on Guichet")
    body = _(
        "Your association %(name)s is approved.\n\nLog in at %(url)s\nUsername: %(username)s\n"
        "Password: %(password)s\n\nAt your first login you choose your own password; this one then stops working."
    ) % {"name": current.name_fr, "url": login_url, "username": user.username, "password": password}
    transaction.on_commit(lambda: send_mail(subject, body, None, [current.email]))
    return current, password


@transaction.atomic
def association_reject(
    *, actor: User, association: Association, expected_version: int, reason: str, ip_address=None
) -> Association:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the rejection.")})
    current = _locked(actor=actor, association=association, expected_version=expected_version)
    if current.status not in (Association.Status.PENDING, Association.Status.CORRECTION):
        raise ValidationError(_("This association was already decided."))
    before = {"status": current.status, "review_note": current.review_note}
    current.status = Association.Status.REJECTED
    current.review_note = reason
    current.correction_token_hash = ""
    _save_review(actor=actor, current=current, before=before, ip_address=ip_address)
    body = _("Your registration of %(name)s on Guichet is rejected.\n\nReason: %(reason)s") % {
        "name": current.name_fr,
        "reason": reason,
    }
    transaction.on_commit(lambda: send_mail(_("Your association's registration"), body, None, [current.email]))
    return current


@transaction.atomic
def association_ask_correction(
    *, actor: User, association: Association, expected_version: int, note: str, link_of, ip_address=None
) -> tuple[Association, str]:
    """Ask for a correction: the association receives a link with a fresh token; returns the token."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"reason": _("Say what must be corrected.")})
    current = _locked(actor=actor, association=association, expected_version=expected_version)
    if current.status != Association.Status.PENDING:
        raise ValidationError(_("A correction can be asked only of a registration waiting for review."))
    before = {"status": current.status, "review_note": current.review_note}
    token = secrets.token_urlsafe(24)
    current.status = Association.Status.CORRECTION
    current.review_note = note
    current.correction_token_hash = token_digest(token)
    _save_review(actor=actor, current=current, before=before, ip_address=ip_address)
    body = _("Your registration of %(name)s needs a correction:\n\n%(note)s\n\nCorrect it here: %(url)s") % {
        "name": current.name_fr,
        "note": note,
        "url": link_of(token),
    }
    transaction.on_commit(lambda: send_mail(_("Correct your association's registration"), body, None, [current.email]))
    return current, token


def association_for_token(token: str) -> Association | None:
    if not token or not re.fullmatch(r"[A-Za-z0-9_\-]{10,80}", token):
        return None
    return Association.objects.filter(
        status=Association.Status.CORRECTION, correction_token_hash=token_digest(token)
    ).first()


def association_correct(
    *, token: str, expected_version: int, data: dict[str, Any], statutes=None, receipt=None, ip_address=None
) -> Association:
    """The association resubmits its corrected registration through the link; it waits for review again. The
    files it replaces are removed once the correction is saved; the new ones, if the correction fails."""
    found = association_for_token(token)
    if found is None:
        raise NotAllowed
    with files.atomic() as written:
        current = Association.objects.select_for_update().get(pk=found.pk)
        version_claim(current, expected=expected_version)
        before = {name: getattr(current, name) for name in ASSOCIATION_FIELDS}
        _fill(current, data)
        clash = Association.objects.filter(registration_number=current.registration_number).exclude(pk=current.pk)
        if clash.exists():
            raise _duplicate_number()
        current.full_clean(exclude=["region", "version"])
        old = []
        if statutes is not None:
            old.append(current.statutes_file)
            current.statutes_file = files.store(statutes)
            written.append(current.statutes_file)
        if receipt is not None:
            old.append(current.receipt_file)
            current.receipt_file = files.store(receipt)
            written.append(current.receipt_file)
        current.status = Association.Status.PENDING
        current.correction_token_hash = ""
        current.save()
        transaction.on_commit(lambda: files.discard(old))
        audit_record(
            actor=None,
            action=AuditEntry.Action.UPDATE,
            obj=current,
            changes=changes_between(before, {name: getattr(current, name) for name in ASSOCIATION_FIELDS}),
            ip_address=ip_address,
        )
    return current
