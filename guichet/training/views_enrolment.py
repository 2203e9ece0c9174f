"""One learner of a cohort: her progress and the actions on her enrolment and her access code, all posted to her
page's own address (a refused action comes back on it); revoking her code and withdrawing her are confirmed first."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from guichet.common.actions import action_confirmation, action_confirmed, action_dispatch
from guichet.common.exceptions import ValidationError
from guichet.common.net import client_address
from guichet.common.sealed import seal

from . import selectors, services
from .models import Enrollment
from .views_cohorts import SLIP_SESSION_KEY, _record_reading
from .views_courses import training_staff


def _page(request, enrollment: Enrollment, *, problems=(), status: int = 200):
    states = {
        module_id: ("done" if done_at else "started")
        for module_id, done_at in enrollment.progress.values_list("module_id", "done_at")
    }
    lessons = [
        {"module": module, "state": states.get(module.pk, "")}
        for module in enrollment.cohort.course.modules.order_by("position")
    ]
    context = {"enrollment": enrollment, "lessons": lessons, "problems": list(problems)}
    return render(request, "training/enrollment_detail.html", context, status=status)


@training_staff
@require_http_methods(["GET", "POST"])
def enrollment_detail(request, pk: int):
    """One learner of the cohort: her progress, and the actions on her enrolment and her code."""
    enrollment = selectors.enrollment_get(viewer=request.user, pk=pk)
    if request.method == "POST":
        handlers = {"complete": _complete, "reissue": _code_reissue, "revoke": _code_revoke, "withdraw": _withdraw}
        return action_dispatch(request, handlers, enrollment)
    _record_reading(request, enrollment)
    return _page(request, enrollment)


def _refused(request, enrollment: Enrollment, error: ValidationError):
    enrollment.refresh_from_db()
    return _page(request, enrollment, problems=error.messages, status=400)


def _complete(request, enrollment: Enrollment):
    try:
        services.enrollment_complete(actor=request.user, enrollment=enrollment, ip_address=client_address(request))
    except ValidationError as error:
        return _refused(request, enrollment, error)
    messages.success(request, _("The course is completed: her certificate is ready."))
    return redirect("training:enrollment_detail", enrollment.pk)


def _code_reissue(request, enrollment: Enrollment):
    try:
        code = services.access_code_reissue(
            actor=request.user, enrollment=enrollment, ip_address=client_address(request)
        )
    except ValidationError as error:
        return _refused(request, enrollment, error)
    request.session[SLIP_SESSION_KEY] = {str(enrollment.pk): seal(code)}
    messages.success(request, _("A new access code is issued; the old one no longer works."))
    return redirect("training:slip", enrollment.pk)


def _code_revoke(request, enrollment: Enrollment):
    if not action_confirmed(request):
        return action_confirmation(
            request,
            question=_("Revoke the access code of %(name)s?") % {"name": enrollment.person.full_name},
            confirm_label=_("Revoke the code"),
            warning=_("Her code stops working at once; she needs a new code to open her course again."),
        )
    try:
        services.access_code_revoke(actor=request.user, enrollment=enrollment, ip_address=client_address(request))
    except ValidationError as error:
        return _refused(request, enrollment, error)
    messages.success(request, _("Her access code no longer works."))
    return redirect("training:enrollment_detail", enrollment.pk)


def _withdraw(request, enrollment: Enrollment):
    if not action_confirmed(request):
        return action_confirmation(
            request,
            question=_("Withdraw %(name)s from the cohort?") % {"name": enrollment.person.full_name},
            confirm_label=_("Withdraw from the cohort"),
            details=[(_("Cohort"), enrollment.cohort.name)],
            warning=_("She leaves the cohort and her code stops working; her place goes to the waiting list."),
        )
    try:
        promoted = services.enrollment_withdraw(
            actor=request.user, enrollment=enrollment, ip_address=client_address(request)
        )
    except ValidationError as error:
        return _refused(request, enrollment, error)
    messages.success(request, _("She has left the cohort."))
    if promoted:
        messages.info(request, _("The first woman on the waiting list takes the place."))
    return redirect("training:cohort_detail", enrollment.cohort_id)
