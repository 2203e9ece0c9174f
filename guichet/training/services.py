"""Writes of the training programme: enrolment and its waiting list, access codes, progress, completion."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from guichet.accounts import scopes
from guichet.accounts.models import User
from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_record
from guichet.common.checkdigit import format_social_id, parse_social_id
from guichet.common.exceptions import NotAllowed
from guichet.network.selectors import eligibility_explained
from guichet.notify.models import OutboxMessage
from guichet.notify.services import outbox_queue, outbox_withdraw
from guichet.registry.models import Person

from .codes import format_code, hash_code, new_access_code, new_certificate_code
from .models import Certificate, Cohort, Enrollment, Module, Progress, Session
from .selectors import can_enrol, cohort_get

TAKING_PLACES = (Enrollment.Status.ENROLLED, Enrollment.Status.COMPLETED)


@dataclass(frozen=True)
class Enrolled:
    enrollment: Enrollment
    code: str | None  # shown once (slip), None on the waiting list


def eligibility_of(*, viewer, cohort: Cohort, person: Person):
    """The course's rule evaluated for the person as the viewer may see them, condition by condition."""
    return eligibility_explained(viewer=viewer, rule=cohort.course.eligibility_rule, person=person)


def _issue_code(enrollment: Enrollment) -> str:
    """A fresh access code for the enrolment (the old one stops working), sent by SMS through the outbox."""
    while True:
        code = new_access_code()
        digest = hash_code(code)
        if not Enrollment.objects.filter(code_hash=digest).exists():
            break
    enrollment.code_hash = digest
    enrollment.code_version += 1
    enrollment.save(update_fields=["code_hash", "code_version", "updated_at"])
    _send_code(enrollment, code)
    return code


def _code_topic(enrollment: Enrollment) -> str:
    return f"training.enrollment:{enrollment.pk}"


def _send_code(enrollment: Enrollment, code: str) -> None:
    """The code's text goes to the outbox only (kept until sent, then erased), never to a task's arguments;
    a code not yet sent when replaced or revoked is never sent."""
    phone = enrollment.person.phone
    if not phone:
        _withdraw_code(enrollment)
        return
    with translation.override(enrollment.language):
        text = _("Guichet: your access code for “%(course)s” is %(code)s. Open /learn/ on your phone.") % {
            "course": enrollment.cohort.course.title,
            "code": format_code(code),
        }
    outbox_queue(
        kind=OutboxMessage.Kind.ACCESS_CODE,
        about=_code_topic(enrollment),
        recipient=phone,
        language=enrollment.language,
        body=text,
    )


def _withdraw_code(enrollment: Enrollment) -> None:
    outbox_withdraw(kind=OutboxMessage.Kind.ACCESS_CODE, about=_code_topic(enrollment))


@transaction.atomic
def enrollment_create(
    *, actor: User, cohort: Cohort, person: Person, language: str = "fr", ip_address: str | None = None
) -> Enrolled:
    """Enrol a woman in a cohort: eligible, not already there; on the waiting list once the cohort is full."""
    cohort = cohort_get(viewer=actor, pk=cohort.pk)
    if not can_enrol(actor, cohort):
        raise NotAllowed
    if not scopes.scope_of(actor).contains(region_id=person.region_id, province_id=person.province_id):
        raise NotAllowed
    if person.merged_into_id:
        raise ValidationError(_("This file was merged into another one: enrol the person it was merged into."))
    cohort = Cohort.objects.select_for_update().select_related("course").get(pk=cohort.pk)
    existing = Enrollment.objects.filter(cohort=cohort, person=person).first()
    if existing is not None:
        raise ValidationError(
            _("She is already in this cohort (%(status)s).") % {"status": existing.get_status_display()},
            code="duplicate",
        )
    explanation = eligibility_of(viewer=actor, cohort=cohort, person=person)
    if explanation.eligible is False:
        raise ValidationError(_("She does not meet the conditions of this course."), code="not_eligible")
    taken = cohort.enrollments.filter(status__in=TAKING_PLACES).count()
    full = taken >= cohort.capacity
    enrollment = Enrollment(
        cohort=cohort,
        person=person,
        language=language if language in ("fr", "ar", "en") else "fr",
        status=Enrollment.Status.WAITING if full else Enrollment.Status.ENROLLED,
        enrolled_by=actor,
    )
    enrollment.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            enrollment.save()
    except IntegrityError as error:  # another coordinator enrolled her a moment ago
        raise ValidationError(_("She is already in this cohort."), code="duplicate") from error
    code = None if full else _issue_code(enrollment)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=enrollment,
        person=person,
        changes={"cohort": [None, str(cohort.pk)], "status": [None, enrollment.status]},
        ip_address=ip_address,
    )
    return Enrolled(enrollment=enrollment, code=code)


@dataclass(frozen=True)
class EnrolLine:
    """What became of one line of a list enrolment: enrolled (with her code), waiting, or refused with a reason."""

    line: str
    enrollment: Enrollment | None = None
    code: str | None = None
    error: str = ""

    @property
    def waiting(self) -> bool:
        return self.enrollment is not None and self.code is None


@transaction.atomic
def enrollment_create_many(
    *, actor: User, cohort: Cohort, lines: list[str], language: str = "fr", ip_address: str | None = None
) -> list[EnrolLine]:
    """Enrol several women from their social IDs, one line each, in one transaction; a refused line is reported
    and leaves nothing behind (each enrolment is its own savepoint), the others are enrolled."""
    outcomes = []
    for line in lines:
        if not line.strip():
            continue
        social_id = parse_social_id(line)
        person = Person.objects.filter(social_id=social_id).first() if social_id else None
        if social_id is None:
            outcomes.append(EnrolLine(line=line.strip(), error=_("not a valid social ID (check the digits)")))
            continue
        if person is None:
            outcomes.append(EnrolLine(line=line.strip(), error=_("no person with this social ID")))
            continue
        shown = format_social_id(social_id)
        try:
            enrolled = enrollment_create(
                actor=actor, cohort=cohort, person=person, language=language, ip_address=ip_address
            )
        except NotAllowed:
            outcomes.append(EnrolLine(line=shown, error=_("outside your territory")))
        except ValidationError as error:
            outcomes.append(EnrolLine(line=shown, error=" ".join(error.messages)))
        else:
            outcomes.append(EnrolLine(line=shown, enrollment=enrolled.enrollment, code=enrolled.code))
    return outcomes


def _promote_waiting(cohort: Cohort) -> Enrollment | None:
    """The first woman on the waiting list takes the freed place, with her own access code."""
    taken = cohort.enrollments.filter(status__in=TAKING_PLACES).count()
    if taken >= cohort.capacity:
        return None
    first = cohort.enrollments.filter(status=Enrollment.Status.WAITING).order_by("created_at", "pk").first()
    if first is None:
        return None
    first.status = Enrollment.Status.ENROLLED
    first.save(update_fields=["status", "updated_at"])
    _issue_code(first)
    audit_record(
        actor=None,
        action=AuditEntry.Action.UPDATE,
        obj=first,
        person=first.person,
        changes={"status": [Enrollment.Status.WAITING, Enrollment.Status.ENROLLED]},
    )
    return first


@transaction.atomic
def enrollment_withdraw(*, actor: User, enrollment: Enrollment, ip_address: str | None = None) -> Enrollment | None:
    """She leaves the cohort (her code stops working); the first on the waiting list is promoted, and returned."""
    cohort = cohort_get(viewer=actor, pk=enrollment.cohort_id)
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.status == Enrollment.Status.WITHDRAWN:
        return None
    before = enrollment.status
    enrollment.status = Enrollment.Status.WITHDRAWN
    enrollment.code_hash = None
    enrollment.code_version += 1
    enrollment.save(update_fields=["status", "code_hash", "code_version", "updated_at"])
    _withdraw_code(enrollment)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=enrollment,
        person=enrollment.person,
        changes={"status": [before, enrollment.status]},
        ip_address=ip_address,
    )
    return _promote_waiting(cohort)


@transaction.atomic
def access_code_reissue(*, actor: User, enrollment: Enrollment, ip_address: str | None = None) -> str:
    """A new code for her; the old one stops working at once."""
    cohort_get(viewer=actor, pk=enrollment.cohort_id)
    enrollment = Enrollment.objects.select_for_update().select_related("person").get(pk=enrollment.pk)
    if enrollment.status not in TAKING_PLACES:
        raise ValidationError(_("Only an enrolled learner has an access code."))
    code = _issue_code(enrollment)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=enrollment,
        person=enrollment.person,
        changes={"access_code": ["", "reissued"]},
        ip_address=ip_address,
    )
    return code


@transaction.atomic
def access_code_revoke(*, actor: User, enrollment: Enrollment, ip_address: str | None = None) -> None:
    cohort_get(viewer=actor, pk=enrollment.cohort_id)
    enrollment = Enrollment.objects.select_for_update().select_related("person").get(pk=enrollment.pk)
    enrollment.code_hash = None
    enrollment.code_version += 1
    enrollment.save(update_fields=["code_hash", "code_version", "updated_at"])
    _withdraw_code(enrollment)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=enrollment,
        person=enrollment.person,
        changes={"access_code": ["", "revoked"]},
        ip_address=ip_address,
    )


def learner_find(*, code: str) -> Enrollment | None:
    """The enrolment this access code opens, if it is current and she is enrolled (or has completed)."""
    return (
        Enrollment.objects.select_related("cohort__course", "person")
        .filter(code_hash=hash_code(code), status__in=TAKING_PLACES)
        .first()
    )


@transaction.atomic
def lesson_open(*, enrollment: Enrollment, module: Module) -> Progress:
    progress, created = Progress.objects.get_or_create(enrollment=enrollment, module=module)
    Enrollment.objects.filter(pk=enrollment.pk).update(last_activity_at=timezone.now())
    if created:
        audit_record(actor=None, action=AuditEntry.Action.CREATE, obj=progress, person=enrollment.person)
    return progress


@transaction.atomic
def lesson_done(*, enrollment: Enrollment, module: Module) -> Progress:
    progress, _created = Progress.objects.get_or_create(enrollment=enrollment, module=module)
    if progress.done_at is None:
        progress.done_at = timezone.now()
        progress.save(update_fields=["done_at"])
        audit_record(
            actor=None,
            action=AuditEntry.Action.UPDATE,
            obj=progress,
            person=enrollment.person,
            changes={"done_at": [None, progress.done_at.isoformat()]},
        )
    Enrollment.objects.filter(pk=enrollment.pk).update(last_activity_at=timezone.now())
    return progress


@transaction.atomic
def enrollment_complete(
    *, actor: User, enrollment: Enrollment, on: datetime.date | None = None, ip_address: str | None = None
) -> Certificate:
    """She completed the course: a certificate with a verification code; she counts as a beneficiary that year."""
    cohort_get(viewer=actor, pk=enrollment.cohort_id)
    enrollment = Enrollment.objects.select_for_update().select_related("person").get(pk=enrollment.pk)
    if enrollment.status == Enrollment.Status.COMPLETED:
        return enrollment.certificate
    if enrollment.status != Enrollment.Status.ENROLLED:
        raise ValidationError(_("Only an enrolled learner can complete the course."))
    on = on or timezone.localdate()
    enrollment.status = Enrollment.Status.COMPLETED
    enrollment.completed_on = on
    enrollment.save(update_fields=["status", "completed_on", "updated_at"])
    while True:
        code = new_certificate_code()
        if not Certificate.objects.filter(code=code).exists():
            break
    certificate = Certificate.objects.create(enrollment=enrollment, code=code, issued_on=on)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=enrollment,
        person=enrollment.person,
        changes={"status": [Enrollment.Status.ENROLLED, Enrollment.Status.COMPLETED]},
        ip_address=ip_address,
    )
    return certificate


@transaction.atomic
def session_record(
    *, actor: User, cohort: Cohort, held_on: datetime.date, attendee_ids: list[int], ip_address: str | None = None
) -> Session:
    """Record (or correct) an in-person session of the cohort and who attended it."""
    cohort = cohort_get(viewer=actor, pk=cohort.pk)
    attendees = list(cohort.enrollments.filter(pk__in=attendee_ids, status__in=TAKING_PLACES))
    session, _created = Session.objects.get_or_create(cohort=cohort, held_on=held_on, defaults={"recorded_by": actor})
    session.attendees.set(attendees)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=session,
        changes={"attendees": [None, str(len(attendees))]},
        ip_address=ip_address,
    )
    return session
