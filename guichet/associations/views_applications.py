"""Application pages: the manager lists children and submits; programme officers decide per child and overall."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from guichet.accounts.permissions import is_association_manager, is_association_reviewer
from guichet.common.actions import action_confirmation, action_confirmed, action_dispatch
from guichet.common.exceptions import NotAllowed, StaleEdit, ValidationError
from guichet.common.forms import (
    VersionField,
    clean_ids,
    clean_value,
    form_add_service_error,
    query_choice,
    query_text,
)
from guichet.common.net import client_address
from guichet.registry.selectors import Lookalikes, lookalikes_check

from . import selectors
from . import services_applications as services
from .forms import ApplicationCreateForm, ApplicationDecideForm, ChildDecisionForm, ChildForm, ChildLookupForm
from .models import SchoolingApplication

# A registration that may duplicate someone: the manager's own children are pointed to, strangers never named.
KNOWN_LOOKALIKE = gettext_lazy(
    "A child your association already registered has these details: find the child with the search above."
)
STRANGER_LOOKALIKE = gettext_lazy(
    "A person with these details is already registered: ask a window agent, or use the social ID and the date "
    "of birth the family gives you."
)
NOT_FOUND = gettext_lazy(
    "No person matches this social ID and date of birth. Check both with the family, or register the child below."
)


@login_required
def application_list(request):
    school_year = query_text(request.GET, "year", max_length=9)
    status = query_choice(request.GET, "status", SchoolingApplication.Status.choices)
    applications = selectors.application_list(viewer=request.user, school_year=school_year, status=status)
    page = Paginator(applications, 25).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "year": school_year,
        "status": status,
        "statuses": SchoolingApplication.Status.choices,
        "is_manager": is_association_manager(request.user),
    }
    return render(request, "associations/application_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def application_create(request):
    association = selectors.managed_association(viewer=request.user)
    form = ApplicationCreateForm(request.POST or None, initial={"school_year": selectors.current_school_year()})
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(
                actor=request.user,
                association=association,
                school_year=form.cleaned_data["school_year"],
                ip_address=client_address(request),
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            return redirect("associations:application", pk=application.pk)
    return render(request, "associations/application_form.html", {"form": form, "association": association})


def _application_page(request, application, *, status=200, forms=None, problems=()):
    children = selectors.application_children(
        viewer=request.user, application=application, ip_address=client_address(request)
    )
    reviewer = is_association_reviewer(request.user)
    deciding = reviewer and application.status == SchoolingApplication.Status.SUBMITTED
    forms = forms or {}
    for child in children:
        child.form = forms.get(child.pk) or ChildDecisionForm(
            initial={"version": child.version, "decision": child.decision if child.decision != "pending" else None},
            prefix=f"c{child.pk}",
        )
    context = {
        "application": application,
        "association": application.association,
        "children": children,
        "is_manager": is_association_manager(request.user),
        "deciding": deciding,
        "outcome": services.application_outcome(application) if deciding else None,
        "decide_form": forms.get("application") or ApplicationDecideForm(initial={"version": application.version}),
        "total_requested": sum(child.amount_requested for child in children),
        "total_granted": sum(child.amount_granted or 0 for child in children),
        "problems": list(problems),
    }
    return render(request, "associations/application_detail.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def application_detail(request, pk: int):
    """The application and its children; its actions (submit, remove a child, decide) post to this address."""
    application = selectors.application_get(viewer=request.user, pk=pk)
    if request.method == "POST":
        handlers = {
            "submit": _application_submit,
            "child_remove": _child_remove,
            "child_decide": _child_decide,
            "decide": _application_decide,
        }
        return action_dispatch(request, handlers, application)
    return _application_page(request, application)


def _posted_child(request, application):
    """The child of this application the posted form names (a child of another one is a bad request)."""
    ids = clean_ids([request.POST.get("child", "")])
    if not ids:
        raise BadRequest("no child named")
    child = selectors.child_get(viewer=request.user, pk=ids[0])
    if child.application_id != application.pk:
        raise BadRequest("a child of another application")
    return child


@login_required
@require_http_methods(["GET", "POST"])
def child_add(request, pk: int):
    application = selectors.application_get(viewer=request.user, pk=pk)
    if not is_association_manager(request.user) or application.status != SchoolingApplication.Status.DRAFT:
        raise NotAllowed
    association = application.association
    lookup = ChildLookupForm(
        {"person": request.POST.get("social_id", ""), "born": request.POST.get("born", "")}
        if request.method == "POST"
        else request.GET,
        auto_id="lookup_%s",
    )
    chosen = lookup.cleaned_data if lookup.is_valid() else {}
    person = None
    if chosen.get("person"):
        person = selectors.child_find(
            viewer=request.user, association=association, social_id=chosen["person"], birth_date=chosen.get("born")
        )
        if person is None:
            lookup.add_error(None, NOT_FOUND)
    text = query_text(request.GET, "q")
    found = selectors.child_search(viewer=request.user, association=association, text=text) if text else None
    initial = {"social_id": person.social_id if person else "", "born": chosen.get("born") if person else None}
    form = ChildForm(request.POST or None, person=person, initial=initial)
    duplicates = Lookalikes(known=[], strangers=0)
    if request.method == "POST" and lookup.errors:
        form.is_valid()
        form.add_error(None, NOT_FOUND)
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if person is None:
            duplicates = lookalikes_check(viewer=request.user, data=form.person_data())
        if duplicates and not data["confirm_distinct"]:
            if duplicates.known:
                form.add_error(None, KNOWN_LOOKALIKE)
            if duplicates.strangers:
                form.add_error(None, STRANGER_LOOKALIKE)
        else:
            listing = {
                "actor": request.user,
                "application": application,
                "school": data["school"],
                "support_kind": data["support_kind"],
                "amount_requested": data["amount_requested"],
                "disability": {"kind": data["kind"], "degree": data["degree"], "card_number": data["card_number"]},
                "ip_address": client_address(request),
            }
            try:
                if person is None:
                    child = services.child_register_and_add(person_data=form.person_data(), **listing)
                else:
                    child = services.child_add(person=person, **listing)
            except ValidationError as error:
                form_add_service_error(form, error)
            else:
                name = child.person.full_name
                messages.success(request, _("%(name)s is listed on the application.") % {"name": name})
                return redirect("associations:application", pk=application.pk)
    context = {
        "application": application,
        "form": form,
        "lookup": lookup,
        "person": person,
        "q": text,
        "found": found,
        "duplicates": duplicates,
    }
    return render(request, "associations/child_form.html", context)


def _child_remove(request, application):
    child = _posted_child(request, application)
    if not action_confirmed(request):
        return action_confirmation(
            request,
            question=_("Remove %(name)s from the application?") % {"name": child.person.full_name},
            confirm_label=_("Remove %(name)s") % {"name": child.person.full_name},
            warning=_("The child is no longer listed on this application; you can list the child again later."),
        )
    try:
        services.child_remove(actor=request.user, child=child, ip_address=client_address(request))
    except ValidationError as error:
        return _application_page(request, application, status=400, problems=error.messages)
    return redirect("associations:application", pk=application.pk)


def _application_submit(request, application):
    try:
        services.application_submit(
            actor=request.user,
            application=application,
            expected_version=clean_value(VersionField(), request.POST.get("version"), default=-1),
            ip_address=client_address(request),
        )
    except StaleEdit as error:
        application.refresh_from_db()
        return _application_page(request, application, status=409, problems=[str(error)])
    except ValidationError as error:
        return _application_page(request, application, status=400, problems=error.messages)
    messages.success(request, _("The application is submitted to the ministry."))
    return redirect("associations:application", pk=application.pk)


def _child_decide(request, application):
    child = _posted_child(request, application)
    form = ChildDecisionForm(request.POST, prefix=f"c{child.pk}")
    if form.is_valid():
        try:
            services.child_decide(
                actor=request.user,
                child=child,
                expected_version=form.cleaned_data["version"],
                decision=form.cleaned_data["decision"],
                amount_granted=form.cleaned_data["amount_granted"],
                reason=form.cleaned_data["reason"],
                ip_address=client_address(request),
            )
        except StaleEdit as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The decision on %(name)s is saved.") % {"name": child.person.full_name})
            return redirect("associations:application", pk=application.pk)
    return _application_page(request, application, status=400, forms={child.pk: form})


def _application_decide(request, application):
    form = ApplicationDecideForm(request.POST)
    if form.is_valid():
        rejected = services.application_outcome(application) == SchoolingApplication.Status.REJECTED
        if rejected and not action_confirmed(request):
            return action_confirmation(
                request,
                question=_("Reject the application %(year)s of %(name)s?")
                % {"year": application.school_year, "name": application.association.name},
                confirm_label=_("Reject the application"),
                details=[(_("Note on the decision"), form.cleaned_data["note"])],
                warning=_("No child of the application is supported; the association is told the decision."),
            )
        try:
            services.application_decide(
                actor=request.user,
                application=application,
                expected_version=form.cleaned_data["version"],
                note=form.cleaned_data["note"],
                ip_address=client_address(request),
            )
        except StaleEdit as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The application is decided."))
            return redirect("associations:application", pk=application.pk)
    return _application_page(request, application, status=400, forms={"application": form})
