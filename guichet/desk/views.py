"""The home address and each role's landing page: read-only, scoped, paginated."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from guichet.accounts.permissions import home_url_name
from guichet.common.forms import query_choice, query_text

from . import public, selectors


def home(request):
    """Citizens find the public pages and the windows near them; signed-in staff go to their own work."""
    if request.user.is_authenticated:
        return redirect(home_url_name(request.user))
    places = public.window_places()
    region = query_choice(request.GET, "region", places.regions.values_list("code", flat=True))
    province = query_choice(request.GET, "province", places.provinces.values_list("code", flat=True))
    page = public.open_windows(region=region, province=province, page_number=request.GET.get("page", 1))
    context = {"places": places, "region": region, "province": province, "page": page}
    return render(request, "desk/public_home.html", context)


@login_required
def window_desk(request):
    page = selectors.window_today(viewer=request.user, page_number=request.GET.get("page", 1))
    return render(request, "desk/window.html", {"page": page, "window": request.user.window})


@login_required
def territory_desk(request):
    queue = selectors.territory_queue(viewer=request.user, page_number=request.GET.get("page", 1))
    return render(request, "desk/territory.html", {"queue": queue, "page": queue.centres})


@login_required
def registry_desk(request):
    shown = query_text(request.GET, "list", max_length=20)
    work = selectors.registry_work(viewer=request.user, shown=shown, page_number=request.GET.get("page", 1))
    return render(request, "desk/registry.html", {"work": work, "page": work.page})


@login_required
def network_desk(request):
    return render(request, "desk/network.html", {"state": selectors.network_state(viewer=request.user)})
