"""Registry pages: search, register, open, edit a person's file, and the separate disability record."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from guichet.accounts import permissions as roles
from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_record, audit_search
from guichet.common.exceptions import NotAllowed, StaleEdit, ValidationError
from guichet.common.forms import query_text
from guichet.common.l10n import isolate_ltr_if_bidi
from guichet.common.net import client_address
from guichet.common.phones import format_phone

from . import selectors, services
from .forms import DisabilityForm, PersonEditForm, RegistrationForm
from .lookups import search_lookup
from .search_rows import search_rows_html
from .sections import person_sections


@login_required
def person_search(request):
    text = query_text(request.GET, "q", max_length=200)
    results = selectors.person_search(viewer=request.user, text=text, page_number=request.GET.get("page", 1))
    if results.identifier_kinds:
        audit_search(
            actor=request.user,
            kinds=results.identifier_kinds,
            found=results.found_by_identifier,
            ip_address=client_address(request),
        )
    # A request's reference typed in the box leads to the request, when it names no person and the viewer may
    # open it; otherwise the usual results ("nothing found"), so that a search never reveals a request.
    address = search_lookup(viewer=request.user, text=text) if text and not results.found_by_identifier else None
    if address:
        return HttpResponseClientRedirect(address) if request.htmx else redirect(address)
    rows = search_rows_html(results.page.object_list, own_only=results.own_only, bidi=get_language_bidi())
    context = {"q": text, "page": results.page, "results": results, "rows": rows}
    template = "registry/_partials/results.html" if request.htmx else "registry/search.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request):
    if not roles.can_register_persons(request.user):
        raise NotAllowed
    form = RegistrationForm(request.POST or None, initial={"given_name_latin": query_text(request.GET, "q")})
    lookalikes = selectors.Lookalikes(known=[], strangers=0)
    if request.method == "POST" and form.is_valid():
        data = form.person_data()
        lookalikes = selectors.lookalikes_check(viewer=request.user, data=data)
        if not lookalikes or form.cleaned_data["confirm_distinct"]:
            membership = form.household_membership
            try:
                person = services.person_register(
                    actor=request.user,
                    data=data,
                    consent_given_on=form.cleaned_data["consent_given_on"],
                    consent_purposes=form.cleaned_data["consent_purposes"],
                    household_choice=services.HouseholdChoice(
                        household=membership.household if membership else None,
                        relationship=form.cleaned_data["relationship"],
                    ),
                    ip_address=client_address(request),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("%(name)s is registered with social ID %(id)s.")
                    % {"name": person.full_name, "id": isolate_ltr_if_bidi(person.social_id_display)},
                )
                return redirect("registry:detail", social_id=person.social_id)
    context = {"form": form, "lookalikes": lookalikes.known, "strangers": lookalikes.strangers, "creating": True}
    return render(request, "registry/person_form.html", context)


@login_required
def person_detail(request, social_id: str):
    person = selectors.person_open(viewer=request.user, social_id=social_id, ip_address=client_address(request))
    if person.merged_into is not None:
        messages.info(request, _("This file was merged into another one; here it is."))
        return redirect("registry:detail", social_id=person.merged_into.social_id)
    context = {
        "person": person,
        "phone": format_phone(person.phone),
        "members": selectors.household_members(person=person),
        "consents": person.consents.select_related("recorded_by"),
        "can_see_disability": roles.can_see_disability(request.user),
        "can_edit": roles.can_edit_person(request.user, person),
        # What the apps above the registry show of the person (the cases app: requests and services received).
        "sections": person_sections(request=request, person=person),
        "can_file": roles.can_file_requests(request.user),
    }
    if context["can_see_disability"]:
        context["disability"] = selectors.disability_record_get(
            viewer=request.user, person=person, ip_address=client_address(request)
        )
    return render(request, "registry/person_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, social_id: str):
    person = selectors.person_get_for_edit(viewer=request.user, social_id=social_id)
    if request.method == "GET":  # the form shows the whole file: an opening (a save is recorded as a change)
        audit_record(
            actor=request.user,
            action=AuditEntry.Action.VIEW,
            obj=person,
            person=person,
            ip_address=client_address(request),
        )
    form = PersonEditForm(request.POST or None, instance=person, initial={"version": person.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(
                actor=request.user,
                person=person,
                expected_version=form.cleaned_data["version"],
                data=form.person_data(),
                ip_address=client_address(request),
            )
        except StaleEdit as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("registry:detail", social_id=person.social_id)
    return render(request, "registry/person_form.html", {"form": form, "person": person, "creating": False})


@login_required
@require_http_methods(["GET", "POST"])
def disability_edit(request, social_id: str):
    person = selectors.person_get(viewer=request.user, social_id=social_id)
    record = selectors.disability_record_get(viewer=request.user, person=person, ip_address=client_address(request))
    form = DisabilityForm(request.POST or None, instance=record, initial={"version": record.version if record else 0})
    if request.method == "POST" and form.is_valid():
        try:
            services.disability_record_save(
                actor=request.user,
                person=person,
                expected_version=form.cleaned_data.get("version"),
                data=form.cleaned_data,
                ip_address=client_address(request),
            )
        except StaleEdit as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The disability record is saved."))
            return redirect("registry:detail", social_id=person.social_id)
    return render(request, "registry/disability_form.html", {"form": form, "person": person})
