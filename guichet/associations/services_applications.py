"""Writes of the yearly applications: children listed, submission, decisions per child and overall, term reports."""

import re
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.accounts.models import User
from guichet.accounts.permissions import manages, reviewer_covers
from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_record, changes_between
from guichet.common.exceptions import NotAllowed, ValidationError
from guichet.common.versioning import version_claim, version_new
from guichet.registry.models import Consent, DisabilityRecord, Person
from guichet.registry.services import person_register

from .models import Association, Decision, SchoolingApplication, SupportedChild, TermReport

_YEAR = re.compile(r"^(\d{4})-(\d{4})$")


def check_school_year(value: str) -> str:
    value = (value or "").strip()
    match = _YEAR.match(value)
    if not match or int(match[2]) != int(match[1]) + 1 or not 2000 <= int(match[1]) <= 2100:
        raise ValidationError({"school_year": _("Write the school year as two following years, e.g. 2026-2027.")})
    return value


@transaction.atomic
def application_create(*, actor: User, association: Association, school_year: str, ip_address=None):
    if not manages(actor, association) or association.status != Association.Status.APPROVED:
        raise NotAllowed
    school_year = check_school_year(school_year)
    if SchoolingApplication.objects.filter(association=association, school_year=school_year).exists():
        raise ValidationError({"school_year": _("Your association already has an application for this school year.")})
    application = SchoolingApplication(association=association, school_year=school_year)
    application.full_clean()
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:
        raise ValidationError(
            {"school_year": _("Your association already has an application for this school year.")}
        ) from error
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=application, ip_address=ip_address)
    return application


def _draft_of_manager(actor: User, application: SchoolingApplication) -> None:
    if not manages(actor, application.association):
        raise NotAllowed
    if not SchoolingApplication.objects.filter(pk=application.pk, status=SchoolingApplication.Status.DRAFT).exists():
        raise ValidationError(_("This application was submitted: it can no longer be changed."))


@transaction.atomic
def child_add(
    *,
    actor: User,
    application: SchoolingApplication,
    person: Person,
    school: str,
    support_kind: str,
    amount_requested: Decimal,
    disability: dict[str, Any] | None = None,
    ip_address=None,
) -> SupportedChild:
    """List a registry person on a draft application; the disability record is written when the person has none.

    The manager writes the record but never reads it back (see selectors): an existing record is kept as is,
    and a record written here goes with the child if the child is removed from the draft. The view offers
    only persons within the association's reach or found by social ID and date of birth (selectors.child_find).
    """
    _draft_of_manager(actor, application)
    if SupportedChild.objects.filter(application=application, person=person).exists():
        raise ValidationError(_("This child is already listed on the application."))
    wrote_record = False
    if not DisabilityRecord.objects.filter(person=person).exists():
        if not disability or not disability.get("kind") or not disability.get("degree"):
            raise ValidationError({"kind": _("Give the child's type and degree of disability.")})
        record = DisabilityRecord(
            person=person,
            kind=disability["kind"],
            degree=disability["degree"],
            card_number=(disability.get("card_number") or "").strip(),
        )
        record.full_clean()
        record.save()
        wrote_record = True
        # Sensitive values stay out of the audit log: only which fields were written.
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=record,
            person=person,
            changes={name: ["", "…"] for name in ("kind", "degree", "card_number") if disability.get(name)},
            ip_address=ip_address,
        )
    child = SupportedChild(
        application=application,
        person=person,
        school=(school or "").strip(),
        support_kind=support_kind,
        amount_requested=amount_requested,
        wrote_disability_record=wrote_record,
    )
    child.full_clean()
    child.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=child,
        person=person,
        changes=changes_between({}, {"school": child.school, "support_kind": support_kind, "amount": amount_requested}),
        ip_address=ip_address,
    )
    return child


@transaction.atomic
def child_register_and_add(
    *,
    actor: User,
    application: SchoolingApplication,
    person_data: dict[str, Any],
    school: str,
    support_kind: str,
    amount_requested: Decimal,
    disability: dict[str, Any] | None = None,
    ip_address=None,
) -> SupportedChild:
    """Register a child not yet in the registry (the parents consent today) and list them on the draft, in one
    transaction: a listing refused leaves no new person behind."""
    person = person_register(
        actor=actor,
        data=person_data,
        consent_given_on=timezone.localdate(),
        consent_purposes=[Consent.Purpose.REGISTRATION, Consent.Purpose.SHARING],
        ip_address=ip_address,
    )
    return child_add(
        actor=actor,
        application=application,
        person=person,
        school=school,
        support_kind=support_kind,
        amount_requested=amount_requested,
        disability=disability,
        ip_address=ip_address,
    )


@transaction.atomic
def child_remove(*, actor: User, child: SupportedChild, ip_address=None) -> None:
    _draft_of_manager(actor, child.application)
    audit_record(actor=actor, action=AuditEntry.Action.DELETE, obj=child, person=child.person, ip_address=ip_address)
    child.delete()
    if child.wrote_disability_record and not SupportedChild.objects.filter(person_id=child.person_id).exists():
        # The record this listing wrote leaves with it, unless staff have worked on it since (a new version) or
        # another application lists the person.
        record = DisabilityRecord.objects.filter(person_id=child.person_id, version=1).first()
        if record is not None:
            audit_record(
                actor=actor, action=AuditEntry.Action.DELETE, obj=record, person=child.person, ip_address=ip_address
            )
            record.delete()


@transaction.atomic
def application_submit(
    *, actor: User, application: SchoolingApplication, expected_version: int, ip_address=None
) -> SchoolingApplication:
    _draft_of_manager(actor, application)
    current = SchoolingApplication.objects.select_for_update().get(pk=application.pk)
    version_claim(current, expected=expected_version)
    if not current.children.exists():
        raise ValidationError(_("List at least one child before submitting."))
    current.status = SchoolingApplication.Status.SUBMITTED
    current.submitted_at = timezone.now()
    current.save()
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=current, changes={"status": ["draft", "submitted"]})
    return current


@transaction.atomic
def child_decide(
    *,
    actor: User,
    child: SupportedChild,
    expected_version: int,
    decision: str,
    amount_granted: Decimal | None = None,
    reason: str = "",
    ip_address=None,
) -> SupportedChild:
    """Approve (the amount asked), partly approve (a smaller amount) or reject (with a reason) one child."""
    current = (
        SupportedChild.objects.select_for_update(of=("self",))
        .select_related("application__association", "person")
        .get(pk=child.pk)
    )
    application = current.application
    if not reviewer_covers(actor, application.association):
        raise NotAllowed
    if application.status != SchoolingApplication.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted application that is not yet decided can be decided."))
    version_claim(current, expected=expected_version)
    reason = (reason or "").strip()
    before = {"decision": current.decision, "amount_granted": current.amount_granted}
    if decision == Decision.APPROVED:
        current.amount_granted = current.amount_requested
    elif decision == Decision.PARTLY:
        if amount_granted is None or not Decimal("0") < amount_granted < current.amount_requested:
            raise ValidationError(
                {"amount_granted": _("A partial approval grants more than 0 and less than the amount asked.")}
            )
        current.amount_granted = amount_granted
    elif decision == Decision.REJECTED:
        if not reason:
            raise ValidationError({"reason": _("Give the reason for the rejection.")})
        current.amount_granted = None
    else:
        raise ValidationError({"decision": _("Choose a decision.")})
    current.decision = decision
    current.decision_reason = reason
    current.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=current,
        person=current.person,
        changes=changes_between(before, {"decision": current.decision, "amount_granted": current.amount_granted}),
        ip_address=ip_address,
    )
    return current


def application_outcome(application: SchoolingApplication) -> str | None:
    """The outcome the per-child decisions imply; None while a child is not decided."""
    decisions = set(application.children.values_list("decision", flat=True))
    if not decisions or Decision.PENDING in decisions:
        return None
    if decisions == {Decision.APPROVED}:
        return SchoolingApplication.Status.APPROVED
    if decisions == {Decision.REJECTED}:
        return SchoolingApplication.Status.REJECTED
    return SchoolingApplication.Status.PARTLY


@transaction.atomic
def application_decide(
    *, actor: User, application: SchoolingApplication, expected_version: int, note: str = "", ip_address=None
) -> SchoolingApplication:
    """Confirm the application's outcome, computed from the decisions on its children."""
    if not reviewer_covers(actor, application.association):
        raise NotAllowed
    current = SchoolingApplication.objects.select_for_update().get(pk=application.pk)
    version_claim(current, expected=expected_version)
    if current.status != SchoolingApplication.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted application that is not yet decided can be decided."))
    outcome = application_outcome(current)
    if outcome is None:
        raise ValidationError(_("Decide on every child before deciding the application."))
    if outcome == SchoolingApplication.Status.REJECTED and not (note or "").strip():
        raise ValidationError({"note": _("Give the reason for the rejection.")})
    current.status = outcome
    current.decision_note = (note or "").strip()
    current.decided_by = actor
    current.decided_at = timezone.now()
    current.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=current,
        changes={"status": ["submitted", outcome]},
        ip_address=ip_address,
    )
    return current


REPORT_FIELDS = ("days_present", "days_expected", "progress", "level")


@transaction.atomic
def term_report_save(
    *,
    actor: User,
    child: SupportedChild,
    term: int,
    expected_version: int | None,
    data: dict[str, Any],
    ip_address=None,
) -> TermReport:
    """Record (or correct) a supported child's attendance and progress for one term."""
    child = SupportedChild.objects.select_related("application__association", "person").get(pk=child.pk)
    if not manages(actor, child.application.association):
        raise NotAllowed
    if not child.supported or not child.application.decided:
        raise ValidationError(_("Reports are kept only for children whose support was approved."))
    if term not in (1, 2, 3):
        raise ValidationError({"term": _("Choose term 1, 2 or 3.")})
    report = TermReport.objects.select_for_update().filter(child=child, term=term).first()
    if report is None:
        version_new(expected_version)
        report = TermReport(child=child, term=term, **{name: data[name] for name in REPORT_FIELDS})
        before: dict = {}
    else:
        version_claim(report, expected=expected_version)
        before = {name: getattr(report, name) for name in REPORT_FIELDS}
        for name in REPORT_FIELDS:
            setattr(report, name, data[name])
    if report.days_expected and report.days_present > report.days_expected:
        raise ValidationError({"days_present": _("The days present cannot exceed the days expected.")})
    report.full_clean(exclude=["version"])
    report.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE,
        obj=report,
        person=child.person,
        changes=changes_between(before, {name: getattr(report, name) for name in REPORT_FIELDS}),
        ip_address=ip_address,
    )
    return report
