"""The data steward's review pages: the queue of candidate pairs, a pair side by side (decide, merge), a merge (undo).

Every action posts to its page's own address (common/actions.py): a refused one comes back on the page with the
service's reasons; a merge and an unmerge are confirmed first.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from guichet.audit.models import AuditEntry
from guichet.audit.services import audit_record
from guichet.common.actions import action_confirmation, action_confirmed, action_dispatch
from guichet.common.exceptions import StaleEdit, ValidationError
from guichet.common.forms import query_choice
from guichet.common.l10n import isolate_ltr_if_bidi
from guichet.common.net import client_address
from guichet.registry.models import Person

from . import selectors, services
from .forms import CompareForm, DecisionForm, MergeForm
from .models import Merge, PairDecision
from .templatetags.identity_review import percent


def _bands() -> list[tuple[str, str]]:
    """The probability bands of the filter, in words: "99 % and more", "90 % to 99 %"…"""
    labels = []
    for key, (lowest, below) in selectors.PROBABILITY_BANDS.items():
        if below is None:
            label = _("%(lowest)s and more") % {"lowest": percent(lowest)}
        elif lowest == 0:
            label = _("under %(below)s") % {"below": percent(below)}
        else:
            label = _("%(lowest)s to %(below)s") % {"lowest": percent(lowest), "below": percent(below)}
        labels.append((key, label))
    return labels


@login_required
def review_queue(request):
    regions = selectors.queue_regions()
    region = query_choice(request.GET, "region", regions.values_list("code", flat=True))
    bands = _bands()
    band = query_choice(request.GET, "band", bands)
    page = selectors.candidate_queue(
        viewer=request.user, region=region, band=band, page_number=request.GET.get("page", 1)
    )
    compare = CompareForm(request.GET if "first" in request.GET else None)
    if compare.is_bound and compare.is_valid():
        wanted = (compare.cleaned_data["first"], compare.cleaned_data["second"])
        found = selectors.existing_social_ids(wanted)
        for name, social_id in zip(("first", "second"), wanted, strict=True):
            if social_id not in found:
                compare.add_error(name, _("No file has this social ID."))
        if not compare.errors:
            return redirect("identity:pair", *wanted)
    context = {"page": page, "regions": regions, "region": region, "bands": bands, "band": band, "compare": compare}
    return render(request, "identity/queue.html", context, status=400 if compare.errors else 200)


def _pair_url(review: selectors.PairReview) -> str:
    return reverse("identity:pair", args=[review.first.social_id, review.second.social_id])


def _pair_page(request, review, *, form=None, problems=(), status=200):
    context = {
        "review": review,
        "form": form or MergeForm(review=review),
        "problems": list(problems),
        "decisions": PairDecision.Decision,
    }
    return render(request, "identity/pair.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def pair_detail(request, first: str, second: str):
    a = selectors.person_for_review(viewer=request.user, social_id=first)
    b = selectors.person_for_review(viewer=request.user, social_id=second)
    if a.pk == b.pk:
        raise Http404
    if request.method == "POST":
        return action_dispatch(request, {"decide": _decide, "merge": _merge}, a, b)
    review = selectors.pair_review(viewer=request.user, a=a, b=b)
    for person in (review.first, review.second):  # the steward reads both files in full
        audit_record(
            actor=request.user,
            action=AuditEntry.Action.VIEW,
            obj=person,
            person=person,
            ip_address=client_address(request),
        )
    return _pair_page(request, review)


def _decide(request, a: Person, b: Person):
    form = DecisionForm(request.POST)
    if not form.is_valid():
        review = selectors.pair_review(viewer=request.user, a=a, b=b)
        return _pair_page(request, review, problems=[_("Choose “same person” or “not the same person”.")], status=400)
    decision = form.cleaned_data["decision"]
    try:
        services.pair_decide(actor=request.user, a=a, b=b, decision=decision, ip_address=client_address(request))
    except ValidationError as error:
        review = selectors.pair_review(viewer=request.user, a=a, b=b)
        return _pair_page(request, review, problems=error.messages, status=400)
    if decision == PairDecision.Decision.NOT_SAME:
        messages.success(
            request, _("Noted: these two files are different persons; the pair will not be proposed again.")
        )
        return redirect("identity:queue")
    messages.success(
        request, _("Noted: these two files are the same person. Choose the values to keep and merge them.")
    )
    pair_url = reverse("identity:pair", args=[a.social_id, b.social_id])
    return redirect(f"{pair_url}#merge-title")


def _merge(request, a: Person, b: Person):
    review = selectors.pair_review(viewer=request.user, a=a, b=b)
    form = MergeForm(request.POST, review=review)
    if not form.is_valid():
        return _pair_page(request, review, form=form, status=400)
    survivor_side, absorbed_side = form.sides()
    survivor, absorbed = getattr(review, survivor_side), getattr(review, absorbed_side)
    if not action_confirmed(request):
        return action_confirmation(
            request,
            question=_("Merge the file %(absorbed)s into the file %(survivor)s?")
            % {
                "absorbed": isolate_ltr_if_bidi(absorbed.social_id_display),
                "survivor": isolate_ltr_if_bidi(survivor.social_id_display),
            },
            confirm_label=_("Merge the files"),
            details=[
                (_("File that remains"), f"{survivor.full_name} ({isolate_ltr_if_bidi(survivor.social_id_display)})"),
                (_("File merged into it"), f"{absorbed.full_name} ({isolate_ltr_if_bidi(absorbed.social_id_display)})"),
                *form.kept(),
            ],
            warning=_(
                "Every request, enrolment and application of the merged file moves to the file that remains, and "
                "its social ID leads there. The merge can be undone from its page."
            ),
            cancel_url=_pair_url(review),
        )
    versions = {"first": form.cleaned_data["version_first"], "second": form.cleaned_data["version_second"]}
    try:
        merge = services.person_merge(
            actor=request.user,
            survivor=survivor,
            absorbed=absorbed,
            survivor_version=versions[survivor_side],
            absorbed_version=versions[absorbed_side],
            choices=form.choices(),
            ip_address=client_address(request),
        )
    except StaleEdit as error:
        a.refresh_from_db()  # what the files hold now
        b.refresh_from_db()
        fresh = selectors.pair_review(viewer=request.user, a=a, b=b)
        return _pair_page(request, fresh, problems=[str(error)], status=409)
    except ValidationError as error:
        return _pair_page(request, review, form=form, problems=error.messages, status=400)
    messages.success(
        request,
        _("The file %(absorbed)s is merged into the file %(survivor)s.")
        % {
            "absorbed": isolate_ltr_if_bidi(absorbed.social_id_display),
            "survivor": isolate_ltr_if_bidi(survivor.social_id_display),
        },
    )
    return redirect("identity:merge", merge.pk)


def _merge_page(request, merge: Merge, *, problems=(), status=200):
    context = {
        "merge": merge,
        "summary": selectors.merge_summary(merge),
        "problems": list(problems),
    }
    return render(request, "identity/merge_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def merge_detail(request, pk: int):
    merge = selectors.merge_get(viewer=request.user, pk=pk)
    if request.method == "POST":
        return action_dispatch(request, {"unmerge": _unmerge}, merge)
    return _merge_page(request, merge)


def _unmerge(request, merge: Merge):
    if merge.undone_at is None and not action_confirmed(request):
        return action_confirmation(
            request,
            question=_("Undo the merge of the file %(absorbed)s into the file %(survivor)s?")
            % {
                "absorbed": isolate_ltr_if_bidi(merge.absorbed.social_id_display),
                "survivor": isolate_ltr_if_bidi(merge.survivor.social_id_display),
            },
            confirm_label=_("Undo the merge"),
            warning=_(
                "Both files become what they were before the merge, and every record moved by it goes back to the "
                "file it came from."
            ),
        )
    try:
        services.person_unmerge(actor=request.user, merge=merge, ip_address=client_address(request))
    except ValidationError as error:
        merge.refresh_from_db()
        return _merge_page(request, merge, problems=error.messages, status=400)
    messages.success(request, _("The merge is undone: the two files are separate again."))
    return redirect("identity:merge", merge.pk)
