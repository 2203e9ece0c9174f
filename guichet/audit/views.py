"""The audit log, read-only: there is no page, form or API to change or remove an entry."""

from typing import cast

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from guichet.accounts.permissions import can_see_disability
from guichet.common.csv_export import csv_response
from guichet.common.net import client_address
from guichet.common.paging import CappedPaginator

from .exports import audit_rows
from .forms import AuditFilterForm
from .listed import listed
from .rows import entry_rows_html
from .selectors import audit_entries
from .services import audit_export
from .story import describe

# The list counts its entries up to this many (a count of a year of entries costs more than the page); past it, the
# pages go as far and the page asks for dates to narrow it.
COUNT_CAP = 1000


@login_required
def entry_list(request):
    return _list_page(request, _filter_form(request))


@login_required
def entry_export(request):
    """The filtered list as CSV; a filter refused sends the reader back to the form, which says why."""
    form = _filter_form(request)
    filters = form.filters()
    if form.is_bound and form.errors:
        return _list_page(request, form, status=400)
    entries = audit_export(viewer=request.user, filters=filters, ip_address=client_address(request))
    filename = f"audit-{timezone.localtime():%Y%m%d-%H%M}.csv"
    return csv_response(audit_rows(entries, language=get_language()), filename=filename)


def _list_page(request, form: AuditFilterForm, *, status: int = 200):
    entries = audit_entries(viewer=request.user, **form.filters())
    page = CappedPaginator(entries, 50, cap=COUNT_CAP).get_page(request.GET.get("page", 1))
    entries_shown = cast(QuerySet, page.object_list)  # the page of a queryset: the queryset sliced
    context = {
        "page": page,
        "rows": entry_rows_html(describe(listed(entries_shown))),
        "form": form,
        "sees_disability": form.sees_disability,
    }
    return render(request, "audit/entry_list.html", context, status=status)


def _filter_form(request) -> AuditFilterForm:
    return AuditFilterForm(request.GET or None, sees_disability=can_see_disability(request.user))
