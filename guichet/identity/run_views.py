"""The batch runs page: the data steward starts a run of the matching model and follows its progress."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from guichet.accounts import permissions as roles
from guichet.common.actions import action_dispatch
from guichet.common.exceptions import NotAllowed, ValidationError
from guichet.common.net import client_address

from . import runs

# Seconds between two updates of the page while a run is waiting or running.
REFRESH_SECONDS = 10


def _review_queue_url() -> str:
    try:
        return reverse("identity:queue")
    except NoReverseMatch:  # the review's addresses are mounted at /identity/ in any case
        return "/identity/"


@login_required
@require_http_methods(["GET", "POST"])
def run_list(request):
    if not roles.can_merge_persons(request.user):
        raise NotAllowed
    if request.method == "POST":
        return action_dispatch(request, {"start": _start})
    page = runs.run_page(page_number=request.GET.get("page", 1))
    context = {
        "page": page,
        "refresh": runs.run_in_progress() is not None,
        "refresh_seconds": REFRESH_SECONDS,
        "queue_url": _review_queue_url(),
    }
    template = "identity/_partials/runs_table.html" if request.htmx else "identity/runs.html"
    return render(request, template, context)


def _start(request):
    try:
        run = runs.match_run_request(actor=request.user, ip_address=client_address(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Run #%(run)d is waiting for the worker, which starts it soon.") % {"run": run.pk})
    return redirect("identity_runs:list")
