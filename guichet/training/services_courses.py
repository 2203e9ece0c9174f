"""Writes of the training coordinator: courses, their modules (with media) and cohorts."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from guichet.accounts.models import User
from guichet.accounts.permissions import can_manage_courses, is_facilitator
from guichet.accounts.scopes import scope_of
from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_record, changes_between
from guichet.common.exceptions import NotAllowed
from guichet.common.versioning import version_claim
from guichet.network.eligibility import validate_rule

from . import media
from .models import Cohort, Course, Module

COURSE_FIELDS = [
    "title_fr",
    "title_ar",
    "title_en",
    "title_zgh",
    "description_fr",
    "description_ar",
    "description_en",
    "description_zgh",
]
MODULE_FIELDS = [
    "position",
    "title_fr",
    "title_ar",
    "title_en",
    "kind",
    "text_fr",
    "text_ar",
    "text_en",
    "transcript_fr",
    "transcript_ar",
    "transcript_en",
]


@transaction.atomic
def course_save(
    *, actor: User, course: Course | None, data: dict, rule: dict, version: int | None = None, ip_address=None
) -> Course:
    """Create (course=None) or change a course and its eligibility rule."""
    if not can_manage_courses(actor):
        raise NotAllowed
    rule = validate_rule(rule)
    if course is None:
        course = Course(created_by=actor)
        before: dict = {}
    else:
        course = Course.objects.select_for_update().get(pk=course.pk)
        # A save that names no version (a service call, not a form) takes the course as it is now.
        version_claim(course, expected=course.version if version is None else version)
        before = {name: getattr(course, name) for name in [*COURSE_FIELDS, "eligibility_rule"]}
    for name in COURSE_FIELDS:
        setattr(course, name, data.get(name) or "")
    course.eligibility_rule = rule
    course.full_clean()
    course.save()
    after = {name: getattr(course, name) for name in [*COURSE_FIELDS, "eligibility_rule"]}
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE,
        obj=course,
        changes=changes_between(before, after),
        ip_address=ip_address,
    )
    return course


def module_save(
    *,
    actor: User,
    course: Course,
    module: Module | None,
    data: dict,
    upload=None,
    light_upload=None,
    ip_address=None,
) -> Module:
    """Create or change a module; uploads are checked by content first, then written, then recorded at once."""
    if not can_manage_courses(actor):
        raise NotAllowed
    checked = media.check_media(upload) if upload else None
    checked_light = media.check_media(light_upload) if light_upload else None
    kind = data.get("kind") or Module.Kind.TEXT
    for item in (checked, checked_light):
        if item and kind == Module.Kind.AUDIO and not item.content_type.startswith("audio/"):
            raise ValidationError({"media": _("An audio lesson needs an audio file (MP3, OGG or M4A).")})
    if checked and kind == Module.Kind.VIDEO and not checked.content_type.startswith("video/"):
        raise ValidationError({"media": _("A video lesson needs a video file (MP4 or WebM).")})
    with media.STORE.atomic() as written:
        if checked:
            written.append(media.store(checked))
        if checked_light:
            written.append(media.store(checked_light))
        return _module_write(
            actor=actor,
            course=course,
            module=module,
            data=data,
            main=(written[0], checked.content_type) if checked else None,
            light=(written[-1], checked_light.content_type) if checked_light else None,
            ip_address=ip_address,
        )


@transaction.atomic
def _module_write(*, actor, course, module, data, main, light, ip_address) -> Module:
    if module is None:
        module = Module(course=course)
        if not data.get("position"):
            last = course.modules.order_by("-position").values_list("position", flat=True).first()
            data = {**data, "position": (last or 0) + 1}
        before: dict = {}
    else:
        module = Module.objects.select_for_update().get(pk=module.pk, course=course)
        before = {name: getattr(module, name) for name in MODULE_FIELDS}
        module.version += 1  # the module form carries no version: module edits are not checked for staleness yet
    for name in MODULE_FIELDS:
        if name in data:
            setattr(module, name, data[name] if data[name] is not None else "")
    if main:
        module.media, module.media_type = main
    if light:
        module.light_media, module.light_media_type = light
    module.full_clean()
    module.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE,
        obj=module,
        changes=changes_between(before, {name: getattr(module, name) for name in MODULE_FIELDS}),
        ip_address=ip_address,
    )
    return module


@transaction.atomic
def cohort_open(
    *,
    actor: User,
    course: Course,
    name_fr: str,
    name_ar: str,
    name_en: str,
    communes: list,
    facilitator: Any,
    starts_on: datetime.date,
    ends_on: datetime.date,
    capacity: int,
    ip_address=None,
) -> Cohort:
    """Open a cohort of a course for one or several communes of the coordinator's territory."""
    if not can_manage_courses(actor):
        raise NotAllowed
    communes = list(communes)
    if not communes:
        raise ValidationError({"communes": _("Choose at least one commune.")})
    scope = scope_of(actor)
    for commune in communes:
        if not scope.contains(region_id=commune.province.region_id, province_id=commune.province_id):
            raise ValidationError({"communes": _("%(commune)s is outside your territory.") % {"commune": commune}})
    if not is_facilitator(facilitator):
        raise ValidationError({"facilitator": _("Choose an active staff member with the facilitator role.")})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The cohort cannot end before it starts.")})
    provinces = {commune.province_id for commune in communes}
    regions = {commune.province.region_id for commune in communes}
    cohort = Cohort(
        course=course,
        name_fr=name_fr,
        name_ar=name_ar,
        name_en=name_en,
        facilitator=facilitator,
        starts_on=starts_on,
        ends_on=ends_on,
        capacity=capacity,
        created_by=actor,
        province_id=provinces.pop() if len(provinces) == 1 else None,
        region_id=regions.pop() if len(regions) == 1 else None,
    )
    cohort.full_clean()
    cohort.save()
    cohort.communes.set(communes)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        obj=cohort,
        changes=changes_between(
            {},
            {
                "course": course,
                "name_fr": name_fr,
                "name_ar": name_ar,
                "name_en": name_en,
                "facilitator": facilitator,
                "capacity": capacity,
            },
        ),
        ip_address=ip_address,
    )
    return cohort
