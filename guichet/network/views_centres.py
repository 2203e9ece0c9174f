"""Administration of centres and windows: filtered, paginated lists; create; edit with stale edits refused."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from guichet.common.exceptions import StaleEdit, ValidationError
from guichet.common.forms import form_add_service_error
from guichet.common.net import client_address

from . import selectors, services
from .forms import CentreFilterForm, CentreForm, WindowFilterForm, WindowForm, filter_values
from .views import PAGE_SIZE, admin_only


@admin_only
def centre_list(request):
    form = CentreFilterForm(request.GET or None, regions=list(selectors.regions()))
    filters = filter_values(form)
    centres = selectors.centre_list(
        viewer=request.user,
        kind=filters.get("kind", ""),
        region=filters.get("region", ""),
        text=filters.get("q", ""),
    )
    page = Paginator(centres, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "network/centre_list.html", {"form": form, "page": page})


def _save(request, form, *, create=None, update=None, **target):
    """Call the create or update service; on a refusal, put the reason on the form and return None."""
    try:
        if update is None:
            return create(actor=request.user, data=form.data_for_service(), ip_address=client_address(request))
        return update(
            actor=request.user,
            expected_version=form.cleaned_data["version"] or 0,
            data=form.data_for_service(),
            ip_address=client_address(request),
            **target,
        )
    except StaleEdit as error:
        form.add_error(None, str(error))
    except ValidationError as error:
        form_add_service_error(form, error)
    return None


@admin_only
@require_http_methods(["GET", "POST"])
def centre_create(request):
    form = CentreForm(request.POST or None, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        centre = _save(request, form, create=services.centre_create)
        if centre is not None:
            messages.success(request, _("The centre %(code)s is created.") % {"code": centre.code})
            return redirect("network:centre_list")
    return render(request, "network/centre_form.html", {"form": form, "creating": True})


@admin_only
@require_http_methods(["GET", "POST"])
def centre_edit(request, pk: int):
    centre = selectors.centre_get(viewer=request.user, pk=pk)
    form = CentreForm(request.POST or None, instance=centre, initial={"version": centre.version})
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(request, form, update=services.centre_update, centre=centre) is not None
    ):
        messages.success(request, _("The centre %(code)s is saved.") % {"code": centre.code})
        return redirect("network:centre_list")
    return render(request, "network/centre_form.html", {"form": form, "centre": centre, "creating": False})


@admin_only
def window_list(request):
    form = WindowFilterForm(request.GET or None, regions=list(selectors.regions()))
    filters = filter_values(form)
    windows = selectors.window_list(
        viewer=request.user,
        status=filters.get("status", ""),
        kind=filters.get("kind", ""),
        region=filters.get("region", ""),
    )
    page = Paginator(windows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "figure": selectors.windows_open_vs_target()}
    return render(request, "network/window_list.html", context)


@admin_only
@require_http_methods(["GET", "POST"])
def window_create(request):
    form = WindowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        window = _save(request, form, create=services.window_create)
        if window is not None:
            messages.success(request, _("The window %(code)s is created.") % {"code": window.code})
            return redirect("network:window_list")
    return render(request, "network/window_form.html", {"form": form, "creating": True})


@admin_only
@require_http_methods(["GET", "POST"])
def window_edit(request, pk: int):
    window = selectors.window_get(viewer=request.user, pk=pk)
    form = WindowForm(request.POST or None, instance=window, initial={"version": window.version})
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(request, form, update=services.window_update, window=window) is not None
    ):
        messages.success(request, _("The window %(code)s is saved.") % {"code": window.code})
        return redirect("network:window_list")
    return render(request, "network/window_form.html", {"form": form, "window": window, "creating": False})
