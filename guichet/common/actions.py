"""Actions on a page: every form of a page posts to the page's own address and names its action, so that a refused
action comes back on the page the person was on (same address, errors in the summary); an action that cannot be
undone (reject, withdraw, decline, revoke, remove) is confirmed first, on a step of its own, without JavaScript.

A page view dispatches its posts with `action_dispatch`; a handler validates its form, and when the form is valid
and the action destructive, returns `action_confirmation(...)` unless `action_confirmed(request)`. The confirmation
step posts the same fields again to the same address, with `confirm=1`.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# The field of every action form that names its action (a hidden input, or the name of its submit button).
ACTION_FIELD = "action"
# The field the confirmation step adds; any other value, or none, is the first submit.
CONFIRM_FIELD = "confirm"
# Fields never copied into the confirmation step: the token is the page's own, the answer is the step's.
_NOT_KEPT = {"csrfmiddlewaretoken", CONFIRM_FIELD}

Handler = Callable[..., HttpResponse]


def action_posted(request: HttpRequest) -> str:
    """The action named by the posted form ("" when it names none: the page's own main form)."""
    value = request.POST.get(ACTION_FIELD, "")
    return value if isinstance(value, str) else ""


def action_dispatch(request: HttpRequest, handlers: Mapping[str, Handler], *args: Any, **kwargs: Any) -> HttpResponse:
    """Run the handler of the posted action with `args`/`kwargs`; a 400 page for an action the page does not have
    (a forged post, or a form of another page)."""
    handler = handlers.get(action_posted(request))
    if handler is None:
        raise BadRequest("unknown action")
    return handler(request, *args, **kwargs)


def action_confirmed(request: HttpRequest) -> bool:
    """True on the second submit of a destructive action: the person answered the confirmation step."""
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == "1"


def _kept_fields(request: HttpRequest) -> list[tuple[str, str]]:
    return [(name, value) for name, values in request.POST.lists() if name not in _NOT_KEPT for value in values]


def action_confirmation(
    request: HttpRequest,
    *,
    question: str,
    confirm_label: str,
    details: Iterable[tuple[str, Any]] = (),
    warning: str = "",
    cancel_url: str = "",
    base_template: str = "base.html",
) -> HttpResponse:
    """The confirmation step of a destructive action: the question (e.g. "Reject request 45891 74533?"), what will
    be done (`details`: label/value pairs, e.g. the reason typed), Confirm and Cancel. Confirm posts the same fields
    to the same address with confirm=1; Cancel goes back to the page (`cancel_url`, by default this address)."""
    context = {
        "question": question,
        "confirm_label": confirm_label,
        "details": list(details),
        "warning": warning,
        "kept": _kept_fields(request),
        "cancel_url": cancel_url or request.get_full_path(),
        "base_template": base_template,
        "confirm_field": CONFIRM_FIELD,
    }
    return render(request, "confirm.html", context)
