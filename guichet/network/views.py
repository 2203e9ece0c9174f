"""Network administration pages: the home with its figures, and the public holidays (administrators only)."""

import datetime
from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from guichet.common.actions import action_confirmation, action_confirmed, action_dispatch
from guichet.common.exceptions import ValidationError
from guichet.common.forms import clean_ids, clean_value, form_add_service_error
from guichet.common.l10n import format_date
from guichet.common.net import client_address

from . import selectors, services
from .forms import HolidayForm
from .models import Holiday

PAGE_SIZE = 50


def admin_only(view):
    """Signed-in administrators only; anyone else gets the 403 page."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        selectors.ensure_can_manage_network(request.user)
        return view(request, *args, **kwargs)

    return wrapper


@admin_only
def home(request):
    summary = selectors.network_summary(viewer=request.user)
    return render(request, "network/home.html", {"summary": summary})


def _year(value: str | None) -> int:
    year = forms.IntegerField(min_value=1900, max_value=2200)
    return clean_value(year, value, default=timezone.localdate().year)


@admin_only
@require_http_methods(["GET", "POST"])
def holiday_list(request):
    """The holidays of a year; adding one and removing one (confirmed first) are posted to this address."""
    if request.method == "POST":
        return action_dispatch(request, {"": _holiday_add, "remove": _holiday_remove})
    return _holiday_page(request)


def _holiday_page(request, form=None, *, status: int = 200):
    year = _year(request.GET.get("year"))
    form = form or HolidayForm(prefix="holiday", initial={"date": datetime.date(year, 1, 1)})
    years = sorted({*selectors.holiday_years(), year, timezone.localdate().year})
    context = {
        "form": form,
        "year": year,
        "years": years,
        "holidays": selectors.holiday_list(viewer=request.user, year=year),
    }
    return render(request, "network/holiday_list.html", context, status=status)


def _holiday_add(request):
    form = HolidayForm(request.POST, prefix="holiday")
    if form.is_valid():
        try:
            holiday = services.holiday_create(
                actor=request.user,
                date=form.cleaned_data["date"],
                name_fr=form.cleaned_data["name_fr"],
                name_ar=form.cleaned_data["name_ar"],
                ip_address=client_address(request),
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(date)s is now a public holiday.") % {"date": format_date(holiday.date)},
            )
            return redirect(f"{reverse('network:holiday_list')}?year={holiday.date.year}")
    return _holiday_page(request, form)


def _holiday_remove(request):
    ids = clean_ids([request.POST.get("holiday", "")])
    holiday = get_object_or_404(Holiday, pk=ids[0] if ids else None)
    year = holiday.date.year
    if not action_confirmed(request):
        return action_confirmation(
            request,
            question=_("Remove the public holiday of %(date)s?") % {"date": format_date(holiday.date)},
            confirm_label=_("Remove"),
            details=[(_("Name in French"), holiday.name_fr), (_("Name in Arabic"), holiday.name_ar)],
            warning=_("Due times will count this day as a working day again."),
        )
    services.holiday_delete(actor=request.user, holiday=holiday, ip_address=client_address(request))
    messages.success(
        request,
        _("%(date)s is no longer a public holiday.") % {"date": format_date(holiday.date)},
    )
    return redirect(f"{reverse('network:holiday_list')}?year={year}")
