"""Staff pages of the associations: list in scope, file, documents, review (approve, reject, correction)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from guichet.accounts.permissions import is_association_reviewer
from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_record
from guichet.common.actions import action_confirmation, action_confirmed, action_dispatch, action_posted
from guichet.common.exceptions import StaleEdit, ValidationError
from guichet.common.forms import form_add_service_error, query_choice, query_text
from guichet.common.net import client_address

from . import files, selectors
from . import services_registration as services
from .forms import ReviewForm
from .models import Association


@login_required
def association_list(request):
    status = query_choice(request.GET, "status", Association.Status.choices)
    text = query_text(request.GET, "q")
    associations = selectors.association_list(viewer=request.user, status=status, text=text)
    page = Paginator(associations, 25).get_page(request.GET.get("page"))
    context = {"page": page, "status": status, "q": text, "statuses": Association.Status.choices}
    return render(request, "associations/association_list.html", context)


def _detail(request, association, *, form=None, password=None, status=200):
    context = {
        "association": association,
        "form": form or ReviewForm(initial={"version": association.version}),
        "can_review": is_association_reviewer(request.user)
        and association.status in (Association.Status.PENDING, Association.Status.CORRECTION),
        "password": password,
        "applications": association.applications.order_by("-school_year") if association.manager_id else [],
    }
    return render(request, "associations/association_detail.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def association_detail(request, pk: int):
    association = selectors.association_get(viewer=request.user, pk=pk)
    if request.method == "POST":
        return action_dispatch(request, dict.fromkeys(("approve", "reject", "correction"), _review), association)
    return _detail(request, association)


def _review(request, association):
    """Approve, reject (confirmed first) or ask for a correction, from the review form of the association's page."""
    form = ReviewForm(request.POST)
    action = action_posted(request)
    if not form.is_valid():
        return _detail(request, association, form=form, status=400)
    if action == "reject" and not action_confirmed(request):
        return action_confirmation(
            request,
            question=_("Reject the registration of %(name)s?") % {"name": association.name},
            confirm_label=_("Reject"),
            details=[(_("Reason"), form.cleaned_data["reason"])],
            warning=_("The association is told why; a rejected registration is not reviewed again."),
        )
    common = {
        "actor": request.user,
        "association": association,
        "expected_version": form.cleaned_data["version"],
        "ip_address": client_address(request),
    }
    try:
        if action == "approve":
            association, password = services.association_approve(
                **common, login_url=request.build_absolute_uri(reverse("accounts:login"))
            )
            messages.success(request, _("The association is approved and its manager account created."))
            # Shown on this response only: the first password is never stored in clear.
            return _detail(request, association, password=password)
        if action == "reject":
            services.association_reject(**common, reason=form.cleaned_data["reason"])
            messages.success(request, _("The registration is rejected; the association is told why."))
        else:
            services.association_ask_correction(
                **common,
                note=form.cleaned_data["reason"],
                link_of=lambda token: request.build_absolute_uri(reverse("associations:correct", args=[token])),
            )
            messages.success(request, _("The association is asked for a correction and has received a link."))
    except StaleEdit as error:
        form.add_error(None, str(error))
        return _detail(request, association, form=form, status=409)
    except ValidationError as error:
        form_add_service_error(form, error)
        return _detail(request, association, form=form, status=400)
    return redirect("associations:detail", pk=association.pk)


@never_cache
@login_required
def association_file(request, pk: int, kind: str):
    association = selectors.association_get(viewer=request.user, pk=pk)
    stored = {"statutes": association.statutes_file, "receipt": association.receipt_file}.get(kind)
    if not stored:
        raise Http404
    return files.STORE.serve(
        stored,
        stem=f"{kind}-{association.registration_number}",
        record=lambda: audit_record(
            actor=request.user, action=AuditEntry.Action.VIEW, obj=association, ip_address=client_address(request)
        ),
    )
