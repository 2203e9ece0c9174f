"""The import pages: the list, sending a file, the check result (bad rows, duplicates to decide), the progress
and the outcome on one page per import that follows its status, and the report as CSV."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError as FieldError
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from guichet.accounts import permissions as roles
from guichet.common.actions import action_dispatch
from guichet.common.csv_export import csv_response
from guichet.common.exceptions import NotAllowed, ValidationError
from guichet.common.net import client_address

from . import selectors, services
from .forms import UploadForm, decisions_posted
from .models import ImportJob
from .reading import COLUMNS, REQUIRED

# Seconds between two updates of an import's page while it is checked or imported.
REFRESH_SECONDS = 5


def _allowed(request) -> None:
    if not roles.can_import_persons(request.user):
        raise NotAllowed


@login_required
@require_GET
def import_list(request):
    _allowed(request)
    page = selectors.import_page(viewer=request.user, page_number=request.GET.get("page", 1))
    return render(request, "imports/list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def import_new(request):
    _allowed(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_upload(
                actor=request.user, upload=form.cleaned_data["file"], ip_address=client_address(request)
            )
        except (ValidationError, FieldError) as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("The file is being checked: nothing is written before you start the import."))
            return redirect("imports:detail", pk=job.pk)
    return render(request, "imports/new.html", {"form": form, "columns": COLUMNS, "required": REQUIRED})


@login_required
@require_http_methods(["GET", "POST"])
def import_detail(request, pk: int):
    _allowed(request)
    job = selectors.import_get(viewer=request.user, pk=pk)
    if request.method == "POST":
        return action_dispatch(request, {"decide": _decide, "start": _start}, job)
    context = {"job": job, "refresh_seconds": REFRESH_SECONDS, "Status": ImportJob.Status}
    if job.status in (ImportJob.Status.INVALID, ImportJob.Status.FAILED):
        context["problems"] = selectors.problem_page(job=job, page_number=request.GET.get("page", 1))
    elif job.status == ImportJob.Status.READY:
        context["duplicates"] = selectors.duplicate_page(job=job, page_number=request.GET.get("page", 1))
        context["undecided"] = selectors.duplicates_undecided(job=job)
    template = "imports/_partials/import.html" if request.htmx else "imports/detail.html"
    return render(request, template, context)


def _decide(request, job: ImportJob):
    shown = list(selectors.duplicate_page(job=job, page_number=request.GET.get("page", 1)).object_list)
    try:
        changed = services.import_decide(
            actor=request.user,
            job=job,
            decisions=decisions_posted(request.POST, shown),
            ip_address=client_address(request),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext("%(count)d decision saved.", "%(count)d decisions saved.", changed) % {"count": changed},
        )
    return redirect(request.get_full_path())


def _start(request, job: ImportJob):
    try:
        services.import_start(actor=request.user, job=job, ip_address=client_address(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The import is running: every row is written, or none."))
    return redirect("imports:detail", pk=job.pk)


@login_required
@require_GET
def import_report(request, pk: int):
    _allowed(request)
    job = selectors.import_get(viewer=request.user, pk=pk)
    return csv_response(
        _in_language(
            selectors.import_report(viewer=request.user, job=job, ip_address=client_address(request)), get_language()
        ),
        filename=f"import-{job.pk}-report.csv",
    )


def _in_language(rows, language: str):
    """The rows in the reader's language, though the response streams them after the view has returned."""
    with translation.override(language):
        yield from rows
