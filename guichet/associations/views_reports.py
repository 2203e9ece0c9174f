"""Term reports: the manager records attendance and progress; staff list the associations that have not reported."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from guichet.accounts.permissions import is_association_manager
from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_record
from guichet.common.exceptions import NotAllowed, StaleEdit, ValidationError
from guichet.common.forms import form_add_service_error
from guichet.common.net import client_address

from . import selectors
from . import services_applications as services
from .forms import TermReportForm, UnreportedFilterForm
from .models import TermReport


@login_required
@require_http_methods(["GET", "POST"])
def term_report(request, pk: int, term: int):
    if term not in (1, 2, 3):
        raise Http404
    child = selectors.child_get(viewer=request.user, pk=pk)
    if not is_association_manager(request.user):
        raise NotAllowed
    report = TermReport.objects.filter(child=child, term=term).first()
    if request.method == "GET":
        audit_record(
            actor=request.user,
            action=AuditEntry.Action.VIEW,
            obj=child,
            person=child.person,
            ip_address=client_address(request),
        )
    form = TermReportForm(request.POST or None, instance=report, initial={"version": report.version if report else 0})
    if request.method == "POST" and form.is_valid():
        try:
            services.term_report_save(
                actor=request.user,
                child=child,
                term=term,
                expected_version=form.cleaned_data.get("version"),
                data=form.cleaned_data,
                ip_address=client_address(request),
            )
        except StaleEdit as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The report is saved."))
            return redirect("associations:application", pk=child.application_id)
    return render(request, "associations/report_form.html", {"form": form, "child": child, "term": term})


@login_required
def unreported_list(request):
    form = UnreportedFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    school_year = data.get("school_year") or selectors.current_school_year()
    term = data.get("term") or 1
    province = data.get("province")
    associations = selectors.unreported(
        viewer=request.user, school_year=school_year, term=term, province_id=province.pk if province else None
    )
    page = Paginator(associations, 25).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "school_year": school_year, "term": term}
    return render(request, "associations/unreported.html", context)
