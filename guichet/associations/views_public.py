"""Public pages: an association registers without an account, and corrects its registration through a link."""

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from guichet.audit.services import client_address
from guichet.common.exceptions import NotAllowed, StaleEdit, ValidationError

from . import services_registration as services
from .forms import AssociationForm


def _attempts_key(request) -> str:
    return f"associations:register:{client_address(request) or 'unknown'}"


def _rate_limited(request) -> bool:
    """Against spam: so many registration attempts per client address and hour."""
    limit = getattr(settings, "GUICHET_ASSOCIATION_REGISTRATIONS_PER_HOUR", 5)
    key = _attempts_key(request)
    cache.add(key, 0, 3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, 3600)
        count = 1
    return count > limit


@require_http_methods(["GET", "POST"])
def association_register(request):
    form = AssociationForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if _rate_limited(request):
            form.add_error(None, _("Too many registrations from this connection. Try again in an hour."))
            return render(request, "associations/register.html", {"form": form}, status=429)
        if form.is_valid():
            try:
                association = services.association_register(
                    data=form.association_data(),
                    statutes=form.cleaned_data["statutes"],
                    receipt=form.cleaned_data["receipt"],
                    ip_address=client_address(request),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                request.session["association_registered"] = association.name
                return redirect("associations:registered")
        status = 400
    return render(request, "associations/register.html", {"form": form}, status=status)


def association_registered(request):
    name = request.session.get("association_registered")
    if not name:
        return redirect("associations:register")
    return render(request, "associations/registered.html", {"name": name})


@require_http_methods(["GET", "POST"])
def association_correct(request, token: str):
    association = services.association_for_token(token)
    if association is None:
        raise Http404
    form = AssociationForm(
        request.POST or None,
        request.FILES or None,
        instance=association,
        correcting=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.association_correct(
                token=token,
                expected_version=int(request.POST.get("version", 0)),
                data=form.association_data(),
                statutes=form.cleaned_data.get("statutes"),
                receipt=form.cleaned_data.get("receipt"),
                ip_address=client_address(request),
            )
        except StaleEdit:
            form.add_error(None, _("This registration changed since you opened the page. Reload it."))
        except NotAllowed as error:
            raise Http404 from error
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session["association_registered"] = association.name
            return redirect("associations:registered")
    context = {"form": form, "association": association, "correcting": True}
    return render(request, "associations/register.html", context)
