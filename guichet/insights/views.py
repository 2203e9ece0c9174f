"""The dashboard page and the page where an administrator refreshes its figures: thin, scoped in the selectors."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from guichet.common.exceptions import NotAllowed, ValidationError
from guichet.common.forms import clean_value, query_choice
from guichet.common.net import client_address

from . import selectors, selectors_tables, services
from .models import RollupRefresh


@login_required
def dashboard(request):
    years = selectors.years_available()
    year = clean_value(forms.TypedChoiceField(choices=[(y, y) for y in years], coerce=int), request.GET.get("year"))
    year = year or years[0]
    code = clean_value(forms.CharField(max_length=12, required=False), request.GET.get("territory"), default="")
    place = selectors.place_resolve(viewer=request.user, code=code)
    tables = selectors_tables
    context = {
        "year": year,
        "years": years,
        "place": place,
        "places": selectors.place_choices(viewer=request.user),
        "headline": selectors.headline(viewer=request.user, place=place, year=year),
        "territories": tables.territory_table(viewer=request.user, place=place, year=year),
        "breakdowns": tables.beneficiary_tables(viewer=request.user, place=place, year=year),
        "service_levels": tables.service_level_tables(viewer=request.user, place=place, year=year),
        "referrals": tables.referral_table(viewer=request.user, place=place, year=year),
        "windows": tables.window_table(viewer=request.user, place=place),
        "openings": tables.window_openings_table(viewer=request.user, place=place),
        "training": [
            tables.training_table(viewer=request.user, place=place, year=year, by=by)
            for by in ("course", "cohort", "region")
        ],
        "schooling": tables.schooling_table(viewer=request.user, place=place, year=year),
        "may_refresh": services.may_refresh(request.user),
    }
    return render(request, "insights/dashboard.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def refresh(request):
    """Administrators see the refreshes with their progress and ask for one."""
    if not services.may_refresh(request.user):
        raise NotAllowed
    if request.method == "POST":
        kind = query_choice(request.POST, "kind", RollupRefresh.Kind.values)
        try:
            services.refresh_request(actor=request.user, kind=kind, ip_address=client_address(request))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The refresh is queued: this page shows its progress."))
        return redirect("insights:refresh")
    refreshes = RollupRefresh.objects.select_related("requested_by")[:20]
    running = any(r.status in services.ACTIVE for r in refreshes)
    return render(request, "insights/refresh.html", {"refreshes": refreshes, "running": running})
