"""Example values to preview a template with, and the words for each trigger on the staff pages."""

from django.utils.translation import gettext_lazy as _

from guichet.cases.models import Status
from guichet.common.l10n import isolate_ltr

SAMPLE_VALUES = {
    language: {
        "reference": "48151 62342",
        "status": status,
        "centre_phone": "+212522000000",
        "track_url": "https://guichet.example.ma/track/4815162342/",
        **names,
    }
    for language, status, names in (
        ("fr", "approuvée", {"service": "Carte de handicap", "centre": "Centre Anfa", "due_date": "15 janvier 2027"}),
        ("ar", "مقبول", {"service": "بطاقة الإعاقة", "centre": "مركز أنفا", "due_date": "15 يناير 2027"}),
        ("en", "approved", {"service": "Disability card", "centre": "Anfa centre", "due_date": "15 January 2027"}),
    )
}
# As in the messages sent (rendering.request_values): the Arabic preview counts the isolates that keep the numbers
# in order.
SAMPLE_VALUES["ar"].update(
    {name: isolate_ltr(SAMPLE_VALUES["ar"][name]) for name in ("reference", "centre_phone", "track_url")}
)


def trigger_label(trigger: str) -> str:
    if trigger == "filed":
        return str(_("request filed"))
    try:
        return str(Status(trigger).label)
    except ValueError:
        return trigger
