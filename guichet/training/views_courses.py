"""Pages of the training coordinator: the programme's home, courses with their modules, opening cohorts."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from guichet.common.exceptions import NotAllowed, StaleEdit, ValidationError
from guichet.common.forms import form_add_service_error
from guichet.common.net import client_address
from guichet.network.eligibility import RuleError, describe_rule, validate_rule
from guichet.network.forms_catalogue import rule_problems

from . import selectors, services_courses
from .forms import (
    CohortForm,
    ConditionFormSet,
    CourseForm,
    ModuleForm,
    RuleForm,
    condition_initial,
    place_choices,
    rule_from,
)
from .models import Course, Module


def training_staff(view):
    """Coordinators, facilitators and administrators; anyone else gets the 403 page."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not selectors.can_use_training(request.user):
            raise NotAllowed
        return view(request, *args, **kwargs)

    return wrapper


def coordinators(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not selectors.can_manage_courses(request.user):
            raise NotAllowed
        return view(request, *args, **kwargs)

    return wrapper


@training_staff
def home(request):
    cohorts = Paginator(selectors.cohort_list(viewer=request.user).order_by("-starts_on", "pk"), 25)
    courses = Course.objects.all() if selectors.can_manage_courses(request.user) else None
    return render(
        request,
        "training/home.html",
        {"page": cohorts.get_page(request.GET.get("page")), "courses": courses},
    )


@coordinators
def course_detail(request, pk: int):
    course = selectors.course_get(viewer=request.user, pk=pk)
    lead, conditions = describe_rule(course.eligibility_rule)
    return render(
        request,
        "training/course_detail.html",
        {
            "course": course,
            "modules": course.modules.order_by("position"),
            "cohorts": selectors.cohort_list(viewer=request.user).filter(course=course),
            "rule_lead": lead,
            "rule_conditions": conditions,
        },
    )


@coordinators
@require_http_methods(["GET", "POST"])
def course_edit(request, pk: int | None = None):
    course = selectors.course_get(viewer=request.user, pk=pk) if pk else None
    data = request.POST if request.method == "POST" else None
    rule = course.eligibility_rule if course else {}
    form = CourseForm(data, instance=course, initial={"version": course.version if course else None})
    rule_form = RuleForm(data, prefix="rule", initial={"combine": (rule or {}).get("combine", "all")})
    conditions = ConditionFormSet(
        data, prefix="conditions", initial=condition_initial(rule), form_kwargs={"place_choices": place_choices()}
    )
    rule_error = ""
    if data is not None and all([form.is_valid(), rule_form.is_valid(), conditions.is_valid()]):
        try:
            rule_value = validate_rule(rule_from(rule_form, conditions))
            saved = services_courses.course_save(
                actor=request.user,
                course=course,
                data=form.cleaned_data,
                rule=rule_value,
                version=form.cleaned_data.get("version"),
                ip_address=client_address(request),
            )
        except RuleError as error:
            rule_error = str(error)
        except StaleEdit as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The course is saved."))
            return redirect("training:course_detail", saved.pk)
    problems = rule_problems(rule_error=rule_error, conditions=conditions) if data is not None else []
    return render(
        request,
        "training/course_form.html",
        {
            "course": course,
            "form": form,
            "rule_form": rule_form,
            "conditions": conditions,
            "rule_error": rule_error,
            "problems": problems,
        },
    )


@coordinators
@require_http_methods(["GET", "POST"])
def module_edit(request, course_pk: int, pk: int | None = None):
    course = selectors.course_get(viewer=request.user, pk=course_pk)
    module = get_object_or_404(Module, pk=pk, course=course) if pk else None
    form = ModuleForm(request.POST or None, request.FILES or None, instance=module)
    if request.method == "POST" and form.is_valid():
        try:
            services_courses.module_save(
                actor=request.user,
                course=course,
                module=module,
                data={k: v for k, v in form.cleaned_data.items() if k not in ("media_file", "light_file")},
                upload=form.cleaned_data.get("media_file"),
                light_upload=form.cleaned_data.get("light_file"),
                ip_address=client_address(request),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "media" in error.error_dict:
                form.add_error("media_file", error.error_dict["media"])
            elif hasattr(error, "error_dict"):
                form_add_service_error(form, error)
            else:
                form.add_error("media_file", error)
        else:
            messages.success(request, _("The module is saved."))
            return redirect("training:course_detail", course.pk)
    return render(request, "training/module_form.html", {"course": course, "module": module, "form": form})


@coordinators
@require_http_methods(["GET", "POST"])
def cohort_create(request, course_pk: int):
    course = selectors.course_get(viewer=request.user, pk=course_pk)
    form = CohortForm(request.POST or None, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services_courses.cohort_open(
                actor=request.user, course=course, ip_address=client_address(request), **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The cohort is open."))
            return redirect("training:cohort_detail", cohort.pk)
    return render(request, "training/cohort_form.html", {"course": course, "form": form})
