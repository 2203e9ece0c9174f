"""Public pages: an association registers without an account, and corrects its registration through a link."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from guichet.common import ratelimit
from guichet.common.exceptions import NotAllowed, StaleEdit, ValidationError
from guichet.common.forms import VersionField, clean_value
from guichet.common.net import client_address

from . import services_registration as services
from .forms import AssociationForm


def _registration_limit() -> ratelimit.Limit:
    """Against spam: so many registrations per client address and hour."""
    return ratelimit.Limit("associations:register", settings.GUICHET_ASSOCIATION_REGISTRATIONS_PER_HOUR, 3600)


@require_http_methods(["GET", "POST"])
def association_register(request):
    form = AssociationForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        address = client_address(request) or "unknown"
        if ratelimit.wait_seconds(_registration_limit(), address):
            form.add_error(None, _("Too many registrations from this connection. Try again in an hour."))
            return render(request, "associations/register.html", {"form": form}, status=429)
        ratelimit.hit(_registration_limit(), address)
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


@never_cache  # the association's own details, under a secret link
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
                expected_version=clean_value(VersionField(), request.POST.get("version"), default=-1),
                data=form.association_data(),
                statutes=form.cleaned_data.get("statutes"),
                receipt=form.cleaned_data.get("receipt"),
                ip_address=client_address(request),
            )
        except StaleEdit as error:
            form.add_error(None, str(error))
        except NotAllowed as error:
            raise Http404 from error
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session["association_registered"] = association.name
            return redirect("associations:registered")
    context = {"form": form, "association": association, "correcting": True}
    return render(request, "associations/register.html", context)
