"""What the tracking page says of each status: the status in plain words, and what happens next."""

from django.utils.translation import gettext_lazy as _

STATUS_WORDS = {
    "submitted": _("Received: the centre is examining your request."),
    "referred": _("Sent to another centre, which will answer soon."),
    "info_requested": _("Waiting for information from you."),
    "approved": _("Approved."),
    "rejected": _("Not approved."),
    "delivered": _("Delivered."),
    "withdrawn": _("Withdrawn, as you asked."),
    "declined": _("Not taken by the centre it was sent to."),
}

NEXT_STEP = {
    "submitted": _("Nothing to do for now. You will receive a text message when the centre decides."),
    "referred": _(
        "The centre below will accept your request or tell you why it cannot. You will receive a text message."
    ),
    "info_requested": _(
        "Contact the centre below, or go back to your window with the documents asked for. The time limit "
        "is paused until then."
    ),
    "approved": _("The centre below will contact you to give you the service. You may call it if you wish."),
    "rejected": _("Contact the centre below to learn why and what you can do. You may ask for a review."),
    "delivered": _("Nothing more to do. Keep your receipt."),
    "withdrawn": _("Nothing more to do. You may file a new request at any window."),
    "declined": _("Your first centre will contact you to find another solution."),
}

OPEN = frozenset({"submitted", "referred", "info_requested", "approved"})
