"""The dashboard page and the page where an administrator refreshes its figures: thin, scoped in the selectors."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from guichet.common.exceptions import NotAllowed, ValidationError
from guichet.common.forms import clean_value, query_choice
from guichet.common.net import client_address
from guichet.common.refcache import refcache_get

from . import selectors, selectors_charts, selectors_tables, services, views_charts, views_tables
from .exports import export_response
from .models import Level, RollupRefresh
from .refresh import FIGURES


def _year_and_place(request, years: list[int]) -> tuple[int, selectors.Place]:
    """The year (of `years`) and territory asked for in the address (the viewer's own by default), scoped."""
    year = clean_value(forms.TypedChoiceField(choices=[(y, y) for y in years], coerce=int), request.GET.get("year"))
    code = clean_value(forms.CharField(max_length=12, required=False), request.GET.get("territory"), default="")
    return year or years[0], selectors.place_resolve(viewer=request.user, code=code)


def _map_figure(request, place: selectors.Place) -> str | None:
    if place.level != Level.NATION:
        return None
    return query_choice(request.GET, "map", list(selectors_charts.REGION_FIGURES)) or "beneficiaries"


@login_required
def dashboard(request):
    years = selectors.years_available()
    year, place = _year_and_place(request, years)
    map_figure = _map_figure(request, place)
    headline, figures = _figures(request.user, place, year, map_figure)
    context = {
        "year": year,
        "years": years,
        "place": place,
        "places": selectors.place_choices(viewer=request.user),
        "headline": headline,
        "figures": figures,
        "may_refresh": services.may_refresh(request.user),
    }
    return render(request, "insights/dashboard.html", context)


def _figures(
    viewer, place: selectors.Place, year: int, map_figure: str | None
) -> tuple[selectors.Headline, SafeString]:
    """The headline and the page's figures written as HTML (tables, charts, downloads). They are read from the
    rollups and are the same for every viewer of the territory (whose scope place_resolve checked), year, map and
    language: read and written once, kept until a refresh or a population load changes them (about 70 % of the
    page's CPU was the template engine writing these 21 tables and charts again for each visit)."""

    def read() -> tuple[selectors.Headline, SafeString]:
        found = views_tables.page_tables(viewer=viewer, place=place, year=year)
        headline = selectors.headline(viewer=viewer, place=place, year=year)
        drawn = views_tables.page_charts(viewer=viewer, place=place, year=year, found=found, map_figure=map_figure)
        shown: dict[str, str | int] = {"year": year, "territory": place.code}
        export_query, map_query = urlencode(shown), urlencode({**shown, "map": map_figure or ""})
        context = {
            "year": year,
            "place": place,
            "headline": headline,
            "territories": found["beneficiaries-by-territory"],
            "breakdowns": [found[f"beneficiaries-by-{d.replace('_', '-')}"] for d in selectors_tables.DIMENSIONS],
            "service_levels": [found[f"requests-by-{group}"] for group in selectors_tables.GROUPS],
            "referrals": found["referrals"],
            "windows": found["windows-open"],
            "openings": found["windows-opened"],
            "training": [found[f"training-by-{by}"] for by in views_tables.BY],
            "schooling": found["schooling"],
            "charts": {key.replace("-", "_"): chart for key, chart in drawn.items()},
            "map_figure": map_figure,
            "map_choices": views_charts.map_choices(),
            "export_query": export_query,
            "map_query": map_query,
        }
        return headline, render_to_string("insights/_figures.html", context)

    return refcache_get(FIGURES, f"dashboard:{place.code}:{year}:{map_figure}:{get_language()}", read)


@login_required
@require_GET
def export(request, name: str, fmt: str):
    """One table or chart of the page, whole, as CSV or XLSX, with the page's year and territory."""
    year, place = _year_and_place(request, selectors.years_available())
    map_figure = _map_figure(request, place)
    table = views_tables.exportable(viewer=request.user, place=place, year=year, name=name, map_figure=map_figure)
    filters = [(_("Year"), year), (_("Territory"), place.name)]
    if map_figure and name == "chart-map":
        filters.append((_("Figure"), dict(views_charts.map_choices())[map_figure]))
    territory = place if place.level != Level.NATION else None
    return export_response(request, table, filters, fmt, territory=territory)


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
