"""The request page: details, eligibility when filed, documents, links, timeline, and the actions allowed.

Every action of the page posts to the page's own address (common/actions.py), so that a refused one comes back on
the page with its error summary on top. The status actions the viewer may take now are one form, grouped
(transitions.GROUPS), with one note; a move that cannot be undone (transitions.CONFIRM_FIRST) is confirmed first.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from guichet.accounts import scopes
from guichet.common.actions import action_confirmation, action_confirmed, action_dispatch
from guichet.common.exceptions import NotAllowed, StaleEdit, ValidationError
from guichet.common.forms import form_add_service_error
from guichet.common.net import client_address

from . import permissions, request_reads, selectors, services
from .forms import AssignForm, AttachForm, CommentForm, TransitionForm
from .transitions import CLOCK_RUNNING, CONFIRM_FIRST, GROUPS, TRANSITIONS

# Keeps a reference's digits in order inside a translated sentence, whatever the page's direction.
_ISOLATE = "\u2066{}\u2069"


def _action_groups(allowed: set[str]) -> list[dict]:
    groups = []
    for label, names in GROUPS:
        choices = [{"name": name, "transition": TRANSITIONS[name]} for name in names if name in allowed]
        if choices:
            groups.append({"label": label, "choices": choices})
    return groups


def _detail_context(request, req, *, bound: dict | None = None, failed=None, conflict: bool = False) -> dict:
    """Everything the page shows; `bound` replaces the blank form of one action (to show what was typed and its
    errors), `failed` is the form whose errors the summary on top lists."""
    bound = bound or {}
    viewer = request.user
    allowed = permissions.allowed_actions(viewer, req)
    action_groups = _action_groups(allowed)
    transition_form = None
    if action_groups:
        transition_form = bound.get("transition") or TransitionForm(initial={"version": req.version})
    assign_form = comment_form = attach_form = None
    if permissions.ASSIGN in allowed:
        colleagues = selectors.colleagues(centre_id=req.centre_id)
        initial = {"version": req.version, "assignee": req.assignee_id}
        assign_form = bound.get("assign") or AssignForm(
            prefix="assign",
            colleagues=colleagues,
            listed=selectors.colleagues_listed(centre_id=req.centre_id),
            initial=initial,
        )
    if permissions.COMMENT in allowed:
        comment_form = bound.get("comment") or CommentForm(prefix="comment")
    if permissions.ATTACH in allowed:
        attach_form = bound.get("attach") or AttachForm(
            prefix="attach",
            service=req.service,
            listed=request_reads.service_documents(service_id=req.service_id),
        )
    eligibility = selectors.eligibility_seen(viewer=viewer, explanation=req.eligibility)
    return {
        "failed": failed,
        "problems": [str(StaleEdit())] if conflict else [],
        "req": req,
        "person": req.person,
        "can_open_person": scopes.scope_of(viewer).contains(
            region_id=req.person.region_id, province_id=req.person.province_id
        ),
        "overdue": req.status in CLOCK_RUNNING and req.due_date < timezone.localdate(),
        "eligibility": eligibility,
        "conditions": selectors.explain(eligibility),
        "documents": request_reads.request_documents(request=req),
        "attachments": request_reads.request_attachments(request=req),
        "events": request_reads.request_timeline(request=req),
        "links": request_reads.request_links(viewer=viewer, request=req),
        "action_groups": action_groups,
        "transition_form": transition_form,
        "assign_form": assign_form,
        "comment_form": comment_form,
        "attach_form": attach_form,
        "can_refer": permissions.REFER in allowed,
        "read_only": not allowed,
    }


@login_required
@require_http_methods(["GET", "POST"])
def request_detail(request, reference: str):
    if request.method == "POST":
        req = selectors.request_get(viewer=request.user, reference=reference)
        handlers = {"transition": _transition, "assign": _assign, "comment": _comment, "attach": _attach}
        return action_dispatch(request, handlers, req)
    req = selectors.request_open(viewer=request.user, reference=reference, ip_address=client_address(request))
    if req.reference != reference:  # typed with spaces or Arabic-Indic digits: show the canonical address
        return redirect("cases:detail", reference=req.reference)
    return render(request, "cases/request_detail.html", _detail_context(request, req))


def _page(request, req, *, form, name: str, status: int = 400):
    """The page again with the refused form `name` as typed, its errors in the summary."""
    context = _detail_context(request, req, bound={name: form}, failed=form)
    return render(request, "cases/request_detail.html", context, status=status)


def _conflict(request, req, *, keep: dict | None = None):
    """Someone saved the request meanwhile: show it as it is now, keeping what was typed in the status form."""
    req = selectors.request_get(viewer=request.user, reference=req.reference)
    bound = {"transition": TransitionForm(initial={**(keep or {}), "version": req.version})} if keep else {}
    context = _detail_context(request, req, bound=bound, conflict=True)
    return render(request, "cases/request_detail.html", context, status=409)


def _transition(request, req):
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return _page(request, req, form=form, name="transition")
    action, note = form.cleaned_data["transition"], form.cleaned_data["note"]
    if action in CONFIRM_FIRST and not action_confirmed(request):
        rule = TRANSITIONS[action]
        return action_confirmation(
            request,
            question=CONFIRM_FIRST[action] % {"reference": _ISOLATE.format(req.reference_display)},
            confirm_label=str(rule.label),
            details=[(rule.note_label, note)],
        )
    try:
        services.request_transition(
            actor=request.user,
            request=req,
            action=action,
            expected_version=form.cleaned_data["version"],
            note=note,
            ip_address=client_address(request),
        )
    except StaleEdit:
        return _conflict(request, req, keep={"transition": action, "note": note})
    except ValidationError as error:
        form_add_service_error(form, error)
        return _page(request, req, form=form, name="transition")
    messages.success(request, _("The request is now “%(status)s”.") % {"status": req.get_status_display()})
    return redirect("cases:detail", reference=req.reference)


def _assign(request, req):
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
            return _conflict(request, req)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The assignment is saved."))
            return redirect("cases:detail", reference=req.reference)
    return _page(request, req, form=form, name="assign")


def _comment(request, req):
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
    return _page(request, req, form=form, name="comment")


def _attach(request, req):
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
    return _page(request, req, form=form, name="attach")
