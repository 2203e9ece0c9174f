"""Filing a request from a person's file: choose a service, read the eligibility explanation, then file."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from guichet.common.exceptions import NotAllowed, ValidationError
from guichet.common.forms import form_add_service_error
from guichet.common.l10n import isolate_ltr_if_bidi
from guichet.common.net import client_address
from guichet.registry.selectors import person_get

from . import permissions, selectors, services
from .forms import FilingForm, ServiceChoiceForm


@login_required
@require_http_methods(["GET", "POST"])
def request_file(request, social_id: str):
    if not permissions.can_file(request.user):
        raise NotAllowed
    person = person_get(viewer=request.user, social_id=social_id)
    if person.merged_into is not None:
        return redirect("cases:file", social_id=person.merged_into.social_id)
    data = request.POST if request.method == "POST" else request.GET
    chooser = ServiceChoiceForm(data if "service" in data else None)
    context = {"person": person, "chooser": chooser}
    if not chooser.is_valid():
        return render(request, "cases/file_choose.html", context)

    service = chooser.cleaned_data["service"]
    explanation = selectors.eligibility_explain(viewer=request.user, person=person, service=service)
    already_open = selectors.open_requests_for(viewer=request.user, person=person, service=service)
    # A fresh token each time the page is shown; a form sent back keeps the one it was shown with.
    initial = {"language": (get_language() or "fr")[:2], "token": uuid.uuid4()}
    form = FilingForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial=initial,
        service=service,
        eligible=explanation.eligible,
        already_open=bool(already_open),
    )
    if request.method == "POST" and form.is_valid():
        try:
            filed = services.request_file(
                actor=request.user,
                person=person,
                service=service,
                language=form.cleaned_data["language"],
                justification=form.cleaned_data.get("justification", ""),
                documents=list(form.cleaned_data["documents"]),
                uploads=form.cleaned_data["files"],
                duplicate_reason=form.cleaned_data.get("duplicate_reason", ""),
                missing_documents_reason=form.cleaned_data.get("missing_documents_reason", ""),
                token=form.cleaned_data["token"],
                ip_address=client_address(request),
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Request %(reference)s is filed and sent to %(centre)s.")
                % {"reference": isolate_ltr_if_bidi(filed.reference_display), "centre": filed.centre.display_name},
            )
            return redirect("cases:detail", reference=filed.reference)
    context.update(
        {
            "service": service,
            "explanation": explanation,
            "conditions": selectors.explain(explanation),
            "form": form,
            "already_open": already_open,
        }
    )
    return render(request, "cases/file_form.html", context)
