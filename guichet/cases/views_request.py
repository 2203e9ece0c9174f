"""The request page: details, eligibility when filed, documents, links, timeline, and the actions allowed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guichet.accounts import scopes
from guichet.common.exceptions import NotAllowed, StaleEdit, ValidationError
from guichet.common.forms import form_add_service_error
from guichet.common.net import client_address

from . import permissions, selectors, services
from .forms import AssignForm, AttachForm, CommentForm, TransitionForm
from .transitions import CLOCK_RUNNING, TRANSITIONS


def _detail_context(request, req, *, bound: dict | None = None) -> dict:
    """Everything the page shows; `bound` replaces the blank form of one action (to show its errors)."""
    bound = bound or {}
    viewer = request.user
    allowed = permissions.allowed_actions(viewer, req)
    transitions = []
    for name, transition in TRANSITIONS.items():
        if name in allowed:
            form = bound.get(name) or TransitionForm(
                prefix=name, transition=transition, initial={"version": req.version}
            )
            transitions.append({"name": name, "transition": transition, "form": form})
    assign_form = comment_form = attach_form = None
    if permissions.ASSIGN in allowed:
        colleagues = selectors.colleagues(centre_id=req.centre_id)
        initial = {"version": req.version, "assignee": req.assignee_id}
        assign_form = bound.get("assign") or AssignForm(prefix="assign", colleagues=colleagues, initial=initial)
    if permissions.COMMENT in allowed:
        comment_form = bound.get("comment") or CommentForm(prefix="comment")
    if permissions.ATTACH in allowed:
        attach_form = bound.get("attach") or AttachForm(prefix="attach", service=req.service)
    # Errors of a form the page no longer shows (its action is not possible now) are shown on top.
    shown = {item["name"] for item in transitions} | {"assign", "comment", "attach"}
    problems = [error for name, form in bound.items() if name not in shown for error in form.non_field_errors()]
    eligibility = selectors.eligibility_seen(viewer=viewer, explanation=req.eligibility)
    return {
        "problems": problems,
        "req": req,
        "person": req.person,
        "can_open_person": scopes.scope_of(viewer).contains(
            region_id=req.person.region_id, province_id=req.person.province_id
        ),
        "overdue": req.status in CLOCK_RUNNING and req.due_date < timezone.localdate(),
        "eligibility": eligibility,
        "conditions": selectors.explain(eligibility),
        "documents": list(req.documents_received.all()),
        "attachments": selectors.request_attachments(request=req),
        "events": selectors.request_timeline(request=req),
        "links": selectors.request_links(viewer=viewer, request=req),
        "transitions": transitions,
        "assign_form": assign_form,
        "comment_form": comment_form,
        "attach_form": attach_form,
        "can_refer": permissions.REFER in allowed,
        "read_only": not allowed,
    }


@login_required
def request_detail(request, reference: str):
    req = selectors.request_open(viewer=request.user, reference=reference, ip_address=client_address(request))
    if req.reference != reference:  # typed with spaces or Arabic-Indic digits: show the canonical address
        return redirect("cases:detail", reference=req.reference)
    return render(request, "cases/request_detail.html", _detail_context(request, req))


def _rerender(request, reference: str, *, bound: dict, status: int = 400, conflict: bool = False):
    req = selectors.request_get(viewer=request.user, reference=reference)
    context = _detail_context(request, req, bound=bound)
    context["conflict"] = str(StaleEdit()) if conflict else ""
    return render(request, "cases/request_detail.html", context, status=status)


@login_required
@require_POST
def request_act(request, reference: str, action: str):
    req = selectors.request_get(viewer=request.user, reference=reference)
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise NotAllowed
    form = TransitionForm(request.POST, prefix=action, transition=transition)
    if form.is_valid():
        try:
            services.request_transition(
                actor=request.user,
                request=req,
                action=action,
                expected_version=form.cleaned_data["version"],
                note=form.cleaned_data["note"],
                ip_address=client_address(request),
            )
        except StaleEdit:
            return _conflict(request, reference, action, form)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(
                request,
                _("The request is now “%(status)s”.") % {"status": req.get_status_display()},
            )
            return redirect("cases:detail", reference=req.reference)
    return _rerender(request, reference, bound={action: form})


def _conflict(request, reference: str, action: str, form):
    """Show the request as it is now, keeping the note typed in the form of the same action."""
    req = selectors.request_get(viewer=request.user, reference=reference)
    typed = {"version": req.version, "note": form.data.get(f"{action}-note", "")}
    bound = {action: TransitionForm(prefix=action, transition=TRANSITIONS[action], initial=typed)}
    return _rerender(request, reference, bound=bound, status=409, conflict=True)


@login_required
@require_POST
def request_assign(request, reference: str):
    req = selectors.request_get(viewer=request.user, reference=reference)
    if permissions.ASSIGN not in permissions.allowed_actions(request.user, req):
        raise NotAllowed
    form = AssignForm(request.POST, prefix="assign", colleagues=selectors.colleagues(centre_id=req.centre_id))
    if form.is_valid():
        try:
            services.request_assign(
                actor=request.user,
                request=req,
                assignee=form.cleaned_data["assignee"],
                expected_version=form.cleaned_data["version"],
                ip_address=client_address(request),
            )
        except StaleEdit:
            return _rerender(request, reference, bound={}, status=409, conflict=True)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The assignment is saved."))
            return redirect("cases:detail", reference=req.reference)
    return _rerender(request, reference, bound={"assign": form})


@login_required
@require_POST
def request_comment(request, reference: str):
    req = selectors.request_get(viewer=request.user, reference=reference)
    form = CommentForm(request.POST, prefix="comment")
    if form.is_valid():
        try:
            services.request_comment(
                actor=request.user, request=req, text=form.cleaned_data["text"], ip_address=client_address(request)
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The comment is added to the timeline."))
            return redirect("cases:detail", reference=req.reference)
    return _rerender(request, reference, bound={"comment": form})


@login_required
@require_POST
def request_attach(request, reference: str):
    req = selectors.request_get(viewer=request.user, reference=reference)
    form = AttachForm(request.POST, request.FILES, prefix="attach", service=req.service)
    if form.is_valid():
        try:
            services.request_attach(
                actor=request.user,
                request=req,
                uploads=form.cleaned_data["files"],
                document=form.cleaned_data["document"],
                ip_address=client_address(request),
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The documents are attached."))
            return redirect("cases:detail", reference=req.reference)
    return _rerender(request, reference, bound={"attach": form})
