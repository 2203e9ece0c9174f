"""The request workflow's one table of allowed transitions, and the check of a move against it.

The table is read by the pages (which buttons), the permissions (which actions) and services.py, the one
write path, which applies a transition after checking who acts and this table.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guichet.common.exceptions import ValidationError

from .models import OPEN_STATUSES, Request, Status


@dataclass(frozen=True)
class Transition:
    sources: tuple[str, ...]
    target: str
    reason_required: bool
    label: Promise  # the button
    note_label: Promise  # the text field beside it


# Every status change there is. Anything else is refused with a message naming the action and the status.
TRANSITIONS: dict[str, Transition] = {
    "request_info": Transition(
        (Status.SUBMITTED,),
        Status.INFO_REQUESTED,
        True,
        gettext_lazy("Ask the citizen for information"),
        gettext_lazy("What is missing"),
    ),
    "resume": Transition(
        (Status.INFO_REQUESTED,),
        Status.SUBMITTED,
        False,
        gettext_lazy("Information received"),
        gettext_lazy("Note"),
    ),
    "approve": Transition((Status.SUBMITTED,), Status.APPROVED, False, gettext_lazy("Approve"), gettext_lazy("Note")),
    "reject": Transition(
        (Status.SUBMITTED, Status.INFO_REQUESTED),
        Status.REJECTED,
        True,
        gettext_lazy("Reject"),
        gettext_lazy("Reason for the rejection"),
    ),
    "deliver": Transition(
        (Status.APPROVED,), Status.DELIVERED, False, gettext_lazy("Mark delivered"), gettext_lazy("Note")
    ),
    "withdraw": Transition(
        tuple(OPEN_STATUSES),
        Status.WITHDRAWN,
        True,
        gettext_lazy("Withdraw at the citizen's wish"),
        gettext_lazy("Reason for the withdrawal"),
    ),
    "accept": Transition(
        (Status.REFERRED,), Status.SUBMITTED, False, gettext_lazy("Accept the referral"), gettext_lazy("Note")
    ),
    "decline": Transition(
        (Status.REFERRED,),
        Status.DECLINED,
        True,
        gettext_lazy("Decline the referral"),
        gettext_lazy("Reason for declining"),
    ),
}
# How the request page groups the actions a status allows (one radio button each, one note box for all).
GROUPS: tuple[tuple[Promise, tuple[str, ...]], ...] = (
    (gettext_lazy("Decide"), ("approve", "reject", "deliver")),
    (gettext_lazy("Ask the citizen"), ("request_info", "resume")),
    (gettext_lazy("The referral"), ("accept", "decline")),
    (gettext_lazy("Close"), ("withdraw",)),
)
# The moves that cannot be undone: the page asks to confirm them first, with the question to ask.
CONFIRM_FIRST: dict[str, Promise] = {
    "reject": gettext_lazy("Reject request %(reference)s?"),
    "withdraw": gettext_lazy("Withdraw request %(reference)s?"),
    "decline": gettext_lazy("Decline the referral of request %(reference)s?"),
}
# While information is requested the clock is stopped: such a request is never overdue.
CLOCK_RUNNING = (Status.REFERRED, Status.SUBMITTED, Status.APPROVED)


def transition_check(request: Request, action: str, note: str) -> Transition:
    """The transition, if allowed from the request's status with the note given; ValidationError otherwise."""
    rule = TRANSITIONS.get(action)
    if rule is None:
        raise ValidationError(_("Unknown action."), code="unknown_action")
    if request.status not in rule.sources:
        raise ValidationError(
            _("“%(action)s” is not possible while the request is “%(status)s”.")
            % {"action": rule.label, "status": request.get_status_display()},
            code="invalid_transition",
        )
    if rule.reason_required and not note.strip():
        raise ValidationError({"note": _("%(field)s: this is required.") % {"field": rule.note_label}})
    return rule
