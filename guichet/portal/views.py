"""The public tracking page: a reference and a date of birth give a request's status, and nothing else."""

import datetime
from dataclasses import dataclass

from django.shortcuts import render
from django.utils import formats, timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from guichet.cases.references import format_reference, parse_reference
from guichet.common import ratelimit
from guichet.common.net import client_address

from . import selectors
from .forms import TrackForm
from .wording import NEXT_STEP, OPEN, STATUS_WORDS


@dataclass(frozen=True)
class Tracked:
    """What the page may show: the status, the next step, the due date and the centre — nothing personal."""

    reference: str
    status: str
    words: str
    next_step: str
    due_date: object
    paused: bool
    centre_name: str
    centre_phone: str
    centre_email: str
    centre_address: str


def _tracked(request) -> Tracked:
    centre = request.centre
    return Tracked(
        reference=format_reference(request.reference),
        status=request.status,
        # The citizen's words for the status, else its label (not get_status_display as a default: that rebuilt
        # every status's label on each visit, even when the citizen's words were there).
        words=str(STATUS_WORDS.get(request.status) or request.status_label),
        next_step=str(NEXT_STEP.get(request.status, "")),
        due_date=request.due_date if request.status in OPEN else None,
        paused=request.status == "info_requested",
        centre_name=centre.display_name,
        centre_phone=centre.phone,
        centre_email=centre.email,
        centre_address=centre.address,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def track(request):
    return _track(request, reference=None)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def track_reference(request, reference: str):
    return _track(request, reference=reference)


def _track(http_request, *, reference: str | None):
    data = http_request.POST if http_request.method == "POST" else None
    if data is not None and reference is not None:
        data = data.copy()
        data["reference"] = reference
    form = TrackForm(data, with_reference=reference is None)
    context = {"form": form, "reference": format_reference(parse_reference(reference or "") or reference or "")}
    status = 200
    wait = 0
    if data is not None:
        checks = ratelimit.guessing_checks(
            "TRACK",
            address=client_address(http_request) or "unknown",
            subject=parse_reference(data.get("reference", "")),
        )
        wait = ratelimit.longest_wait(checks)
        if wait:
            status = 429
            retry_at = timezone.localtime() + datetime.timedelta(seconds=wait)
            context["retry_at"] = formats.time_format(retry_at, "H:i")
            context["retry_minutes"] = -(-wait // 60)
        elif form.is_valid():
            found = selectors.tracked_request(
                reference=data.get("reference", ""), birth_date=form.cleaned_data["birth_date"]
            )
            if found is None:
                ratelimit.hit_all(checks)
                context["not_found"] = True
            else:
                context["tracked"] = _tracked(found)
    response = render(http_request, "portal/track.html", context, status=status)
    if wait:
        response["Retry-After"] = str(wait)
    return response
