"""Referring the person to another centre, from the request page of the referring centre."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from guichet.common.exceptions import NotAllowed, StaleEdit, ValidationError
from guichet.common.forms import form_add_service_error
from guichet.common.l10n import isolate_ltr_if_bidi
from guichet.common.net import client_address

from . import permissions, selectors, services
from .forms import ReferralForm, chosen_service


@login_required
@require_http_methods(["GET", "POST"])
def referral_send(request, reference: str):
    req = selectors.request_get(viewer=request.user, reference=reference)
    if permissions.REFER not in permissions.allowed_actions(request.user, req):
        raise NotAllowed
    # The service chosen, when known, narrows the centres to those offering it (the form checks it again).
    service = chosen_service(request.POST if request.method == "POST" else request.GET)
    form = ReferralForm(
        request.POST or None,
        initial={"version": req.version, "service": service},
        centres=selectors.referral_centres(request=req),
        service=service,
    )
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.request_refer(
                actor=request.user,
                request=req,
                service=form.cleaned_data["service"],
                centre=form.cleaned_data["centre"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
                ip_address=client_address(request),
            )
        except StaleEdit as error:
            form.add_error(None, str(error))
            assert isinstance(form.data, QueryDict)  # the form was bound to request.POST
            data = form.data.copy()
            data["version"] = str(type(req).objects.get(pk=req.pk).version)
            form.data = data
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(
                request,
                _("The person is referred to %(centre)s: request %(reference)s awaits its answer.")
                % {
                    "centre": referral.to_centre.display_name,
                    "reference": isolate_ltr_if_bidi(referral.to_request.reference_display),
                },
            )
            return redirect("cases:detail", reference=req.reference)
    return render(request, "cases/referral_form.html", {"req": req, "form": form})
