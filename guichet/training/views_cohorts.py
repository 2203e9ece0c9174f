"""Pages of a cohort: the facilitator's board, enrolment (one by one or by a list), codes, attendance, completion."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from guichet.accounts.permissions import can_register_persons
from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_record, audit_search
from guichet.common.actions import action_dispatch
from guichet.common.exceptions import NotAllowed, ValidationError
from guichet.common.forms import clean_ids, clean_value, query_text
from guichet.common.links import public_url, qr_data_uri
from guichet.common.net import client_address
from guichet.common.sealed import seal, unseal
from guichet.network.eligibility import describe
from guichet.registry import services as registry_services
from guichet.registry.forms import RegistrationForm
from guichet.registry.selectors import Lookalikes, lookalikes_check, person_get, person_search

from . import selectors, services
from .certificate import certificate_pdf
from .codes import format_code
from .forms import EnrolForm, EnrolListForm, SearchForm, SessionForm
from .models import Enrollment
from .views_courses import training_staff

SLIP_SESSION_KEY = "training_slip"


def _message(error: ValidationError) -> str:
    return " ".join(error.messages)


def _cohort_page(request, cohort, *, session_form=None, status: int = 200):
    stuck_days = clean_value(forms.IntegerField(min_value=1, max_value=365), request.GET.get("stuck"), default=14)
    board = selectors.cohort_board(cohort=cohort, stuck_days=stuck_days)
    context = {
        "cohort": cohort,
        "board": board,
        "can_enrol": selectors.can_enrol(request.user, cohort),
        "session_form": session_form or SessionForm(),
    }
    return render(request, "training/cohort_detail.html", context, status=status)


@training_staff
@require_http_methods(["GET", "POST"])
def cohort_detail(request, pk: int):
    cohort = selectors.cohort_get(viewer=request.user, pk=pk)
    if request.method == "POST":
        return action_dispatch(request, {"attendance": _session_record}, cohort)
    # The board lists every learner of the cohort: one opening of the cohort, not one per woman.
    audit_record(actor=request.user, action=AuditEntry.Action.VIEW, obj=cohort, ip_address=client_address(request))
    return _cohort_page(request, cohort)


@training_staff
def enrol_search(request, pk: int):
    cohort = selectors.cohort_get(viewer=request.user, pk=pk)
    if not selectors.can_enrol(request.user, cohort):
        raise NotAllowed
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        results = person_search(
            viewer=request.user, text=form.cleaned_data["q"], page_number=request.GET.get("page", 1)
        )
        if results.identifier_kinds:
            audit_search(
                actor=request.user,
                kinds=results.identifier_kinds,
                found=results.found_by_identifier,
                ip_address=client_address(request),
            )
    register_url = reverse("training:enrol_register", args=[cohort.pk])
    return render(
        request,
        "training/enrol_search.html",
        {"cohort": cohort, "form": form, "results": results, "register_url": register_url},
    )


@training_staff
@require_http_methods(["GET", "POST"])
def enrol_person(request, pk: int, social_id: str):
    """Her eligibility condition by condition, then enrol her."""
    cohort = selectors.cohort_get(viewer=request.user, pk=pk)
    if not selectors.can_enrol(request.user, cohort):
        raise NotAllowed
    person = person_get(viewer=request.user, social_id=social_id)
    explanation = services.eligibility_of(viewer=request.user, cohort=cohort, person=person)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enrolled = services.enrollment_create(
                actor=request.user,
                cohort=cohort,
                person=person,
                language=form.cleaned_data["language"],
                ip_address=client_address(request),
            )
        except ValidationError as error:
            form.add_error(None, _message(error))
        else:
            if enrolled.code:
                request.session[SLIP_SESSION_KEY] = {str(enrolled.enrollment.pk): seal(enrolled.code)}
                messages.success(request, _("She is enrolled. Print her slip: the code is shown only now."))
                return redirect("training:slip", enrolled.enrollment.pk)
            messages.warning(request, _("The cohort is full: she is on the waiting list."))
            return redirect("training:cohort_detail", cohort.pk)
    else:
        audit_record(
            actor=request.user,
            action=AuditEntry.Action.VIEW,
            obj=person,
            person=person,
            ip_address=client_address(request),
        )
    conditions = [{"text": describe(result.condition), "passed": result.passed} for result in explanation.results]
    return render(
        request,
        "training/enrol_person.html",
        {"cohort": cohort, "person": person, "explanation": explanation, "conditions": conditions, "form": form},
    )


@training_staff
@require_http_methods(["GET", "POST"])
def enrol_register(request, pk: int):
    """Register a woman not yet in the registry (the registry's own form, consent and lookalikes), then enrol her."""
    cohort = selectors.cohort_get(viewer=request.user, pk=pk)
    if not selectors.can_enrol(request.user, cohort) or not can_register_persons(request.user):
        raise NotAllowed
    form = RegistrationForm(request.POST or None, initial={"given_name_latin": query_text(request.GET, "q")})
    lookalikes = Lookalikes(known=[], strangers=0)
    if request.method == "POST" and form.is_valid():
        data = form.person_data()
        # Persons outside her territory are only counted: the page never names a stranger.
        lookalikes = lookalikes_check(viewer=request.user, data=data)
        if not lookalikes or form.cleaned_data["confirm_distinct"]:
            membership = form.household_membership
            try:
                person = registry_services.person_register(
                    actor=request.user,
                    data=data,
                    consent_given_on=form.cleaned_data["consent_given_on"],
                    consent_purposes=form.cleaned_data["consent_purposes"],
                    household_choice=registry_services.HouseholdChoice(
                        household=membership.household if membership else None,
                        relationship=form.cleaned_data["relationship"],
                    ),
                    ip_address=client_address(request),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("She is registered: check her eligibility, then enrol her."))
                return redirect("training:enrol_person", cohort.pk, person.social_id)
    context = {"form": form, "lookalikes": lookalikes.known, "strangers": lookalikes.strangers, "creating": True}
    return render(request, "registry/person_form.html", context)


@training_staff
@require_http_methods(["GET", "POST"])
def enrol_list(request, pk: int):
    """Enrol several women at once from their social IDs; each line gets its own outcome."""
    cohort = selectors.cohort_get(viewer=request.user, pk=pk)
    if not selectors.can_enrol(request.user, cohort):
        raise NotAllowed
    form = EnrolListForm(request.POST or None)
    report = []
    if request.method == "POST" and form.is_valid():
        report = services.enrollment_create_many(
            actor=request.user,
            cohort=cohort,
            lines=form.cleaned_data["social_ids"].splitlines(),
            language=form.cleaned_data["language"],
            ip_address=client_address(request),
        )
        request.session[SLIP_SESSION_KEY] = {
            str(outcome.enrollment.pk): seal(outcome.code)
            for outcome in report
            if outcome.code and outcome.enrollment is not None  # a code is only given with an enrollment
        }
    return render(request, "training/enrol_list.html", {"cohort": cohort, "form": form, "report": report})


def _record_reading(request, enrollment: Enrollment, what: str = "") -> None:
    audit_record(
        actor=request.user,
        action=AuditEntry.Action.VIEW,
        obj=enrollment,
        person=enrollment.person,
        changes={what: ["", "page"]} if what else None,
        ip_address=client_address(request),
    )


@training_staff
def slip(request, pk: int):
    """The enrolment slip to print, in her language: her access code, shown once after it was issued, and the
    public address of the learning space with its QR code."""
    enrollment = selectors.enrollment_get(viewer=request.user, pk=pk)
    _record_reading(request, enrollment, what="slip")
    # Sealed in the session (a database row): the code is never at rest in clear.
    code = unseal((request.session.get(SLIP_SESSION_KEY) or {}).get(str(pk)))
    learn_url = public_url("training:learn")
    return render(
        request,
        "training/slip.html",
        {
            "enrollment": enrollment,
            "code": format_code(code) if code else None,
            "learn_url": learn_url,
            "qr": qr_data_uri(learn_url),
        },
    )


def _session_record(request, cohort):
    form = SessionForm(request.POST)
    if not form.is_valid():
        return _cohort_page(request, cohort, session_form=form, status=400)
    ids = clean_ids(request.POST.getlist("present"))
    services.session_record(
        actor=request.user,
        cohort=cohort,
        held_on=form.cleaned_data["held_on"],
        attendee_ids=ids,
        ip_address=client_address(request),
    )
    messages.success(request, _("The attendance is recorded."))
    return redirect("training:cohort_detail", cohort.pk)


@training_staff
def certificate(request, pk: int):
    enrollment = selectors.enrollment_get(viewer=request.user, pk=pk)
    if enrollment.status != Enrollment.Status.COMPLETED:
        raise NotAllowed
    audit_record(
        actor=request.user,
        action=AuditEntry.Action.VIEW,
        obj=enrollment.certificate,
        person=enrollment.person,
        changes={"certificate": ["", "pdf"]},
        ip_address=client_address(request),
    )
    response = HttpResponse(certificate_pdf(enrollment.certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{enrollment.certificate.code}.pdf"'
    return response
