"""Reads of the training programme that depend on who asks: courses, cohorts, enrolments; the year's figures."""

import datetime

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.accounts import permissions as roles
from guichet.accounts import scopes
from guichet.accounts.permissions import can_manage_courses, can_use_training
from guichet.common.exceptions import NotAllowed
from guichet.registry.models import Person

from .models import Cohort, Course, Enrollment, Module, Progress, Session


def cohort_list(*, viewer) -> QuerySet[Cohort]:
    """The cohorts the viewer may see: her own for a facilitator, those in the territory for a coordinator."""
    cohorts = Cohort.objects.select_related("course", "facilitator")
    if not viewer.is_authenticated:
        return cohorts.none()
    if roles.is_facilitator(viewer):
        return cohorts.filter(facilitator=viewer)
    if roles.can_manage_courses(viewer):
        return cohorts.filter(scopes.scope_of(viewer).person_filter())
    return cohorts.none()


def cohort_get(*, viewer, pk: int) -> Cohort:
    if not can_use_training(viewer):
        raise NotAllowed
    cohort = cohort_list(viewer=viewer).filter(pk=pk).first()
    if cohort is None:
        if Cohort.objects.filter(pk=pk).exists():
            raise NotAllowed
        raise Http404
    return cohort


def can_enrol(viewer, cohort: Cohort) -> bool:
    """Coordinators of the cohort's territory (cohort_get checked it) and administrators enrol."""
    return roles.can_enrol(viewer)


def course_get(*, viewer, pk: int) -> Course:
    if not can_manage_courses(viewer):
        raise NotAllowed
    course = Course.objects.filter(pk=pk).first()
    if course is None:
        raise Http404
    return course


def enrollment_get(*, viewer, pk: int) -> Enrollment:
    enrollment = Enrollment.objects.select_related("cohort__course", "person").filter(pk=pk).first()
    if enrollment is None:
        raise Http404
    cohort_get(viewer=viewer, pk=enrollment.cohort_id)
    return enrollment


def cohort_board(*, cohort: Cohort, stuck_days: int = 14) -> dict:
    """The facilitator's view of a cohort in a fixed number of queries: learners, their progress, attendance."""
    modules = list(Module.objects.filter(course_id=cohort.course_id).order_by("position"))
    enrollments = list(
        cohort.enrollments.exclude(status=Enrollment.Status.WITHDRAWN)
        .select_related("person")
        .order_by("status", "person__name_sort", "pk")
    )
    attended = dict(
        Session.attendees.through.objects.filter(session__cohort=cohort)
        .values("enrollment_id")
        .annotate(count=Count("session_id"))
        .values_list("enrollment_id", "count")
    )
    done: dict[tuple[int, int], str] = {}
    for enrollment_id, module_id, done_at in Progress.objects.filter(enrollment__cohort=cohort).values_list(
        "enrollment_id", "module_id", "done_at"
    ):
        done[(enrollment_id, module_id)] = "done" if done_at else "started"
    stuck_before = timezone.now() - datetime.timedelta(days=stuck_days)
    rows = []
    labels = dict(Enrollment.Status.choices)
    # Translated once, not once per cell: the table of a large cohort has thousands of cells.
    cell_labels = {"done": "✓ " + str(_("done")), "started": str(_("started")), "": "—"}
    per_module = {module.pk: {"started": 0, "done": 0} for module in modules}
    for enrollment in enrollments:
        enrollment.attended = attended.get(enrollment.pk, 0)
        cells = [done.get((enrollment.pk, module.pk), "") for module in modules]
        for module, cell in zip(modules, cells, strict=True):
            if cell:
                per_module[module.pk]["started"] += 1
            if cell == "done":
                per_module[module.pk]["done"] += 1
        active = enrollment.status in (Enrollment.Status.ENROLLED, Enrollment.Status.COMPLETED)
        rows.append(
            {
                "enrollment": enrollment,
                "status": labels[enrollment.status],
                "name": enrollment.person.full_name,
                "url": reverse("training:enrollment_detail", args=[enrollment.pk]),
                "cells": cells,
                "cell_labels": [cell_labels[cell] for cell in cells],
                "done": cells.count("done"),
                "started": enrollment.last_activity_at is not None,
                "stuck": enrollment.status == Enrollment.Status.ENROLLED
                and (enrollment.last_activity_at or enrollment.created_at) < stuck_before,
                "active": active,
            }
        )
    return {
        "modules": modules,
        "rows": rows,
        "per_module": [per_module[module.pk] for module in modules],
        "sessions": list(cohort.sessions.annotate(present=Count("attendees")).order_by("-held_on")[:20]),
        "enrolled": sum(1 for row in rows if row["active"]),
        "waiting": sum(1 for row in rows if row["enrollment"].status == Enrollment.Status.WAITING),
        "stuck_days": stuck_days,
    }


def training_beneficiaries(*, year: int) -> QuerySet[Person]:
    """The distinct persons who completed a course in the year: beneficiaries of the training programme."""
    completed = Enrollment.objects.filter(status=Enrollment.Status.COMPLETED, completed_on__year=year)
    # A merged duplicate counts as the person it was merged into.
    return (
        Person.objects.filter(
            Q(pk__in=completed.values("person_id")) | Q(merged_from__in=completed.values("person_id"))
        )
        .filter(merged_into__isnull=True)
        .distinct()
    )
