"""What the request page reads besides the request itself: its timeline, its attachments and the referrals it took
part in, each with only the columns the page shows."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from guichet.common.kept_reads import KeptQuery, attach_joined, joined_columns
from guichet.network.models import ServiceDocument

from . import permissions
from .models import Attachment, Event, Referral, Request
from .selectors import ASSIGNEE_COLUMNS

# What the request page shows of its timeline and attachments: the staff by name only (a user row is 19 columns,
# and Django spends its time on each column it writes into the query, not on the rows: most requests have none).
EVENT_OWN_COLUMNS = ("request_id", "actor_id", "at", "kind", "from_status", "to_status", "note")
DOCUMENT_COLUMNS = ("service_id", "position", "name_fr", "name_ar", "name_en")
ATTACHMENT_COLUMNS = (
    "request_id",
    "original_name",
    "size",
    "uploaded_at",
    *(f"document__name_{language}" for language in ("fr", "ar", "en")),
    *(f"uploaded_by__{column}" for column in ASSIGNEE_COLUMNS),
)


def _timeline_query(_shape: object, request_id: int) -> QuerySet[Event]:
    names = joined_columns("actor", ASSIGNEE_COLUMNS)
    return Event.objects.filter(request_id=request_id).only(*EVENT_OWN_COLUMNS).annotate(**names).order_by("at", "pk")


def _documents_query(_shape: object, request_id: int) -> QuerySet[ServiceDocument]:
    received = Request.documents_received.through.objects.filter(request_id=request_id)
    return ServiceDocument.objects.filter(pk__in=received.values("servicedocument_id")).only(*DOCUMENT_COLUMNS)


# Read on every opening of a request, by SQL written once (common.kept_reads): compiling these reads cost the
# request page more CPU than running them.
_TIMELINE = KeptQuery(Event, _timeline_query)
_DOCUMENTS = KeptQuery(ServiceDocument, _documents_query)
_SERVICE_DOCUMENTS = KeptQuery(
    ServiceDocument, lambda _shape, service_id: ServiceDocument.objects.filter(service_id=service_id)
)


def request_timeline(*, request: Request) -> list[Event]:
    """The request's events in order, each with its actor's names (and nothing else of the account)."""
    events = _TIMELINE.rows("timeline", request.pk)
    attach_joined(events, "actor", ASSIGNEE_COLUMNS)
    return events


def request_documents(*, request: Request) -> list[ServiceDocument]:
    """The paper documents seen at the window, in the service's order."""
    return _DOCUMENTS.rows("documents", request.pk)


def request_attachments(*, request: Request) -> list[Attachment]:
    """The request's attachments as its page lists them (attachment_get reads one whole, to serve it); none read
    when the request was read knowing it has none (selectors.request_open)."""
    if getattr(request, "has_attachments", True) is False:
        return []
    return list(request.attachments.select_related("document", "uploaded_by").only(*ATTACHMENT_COLUMNS))


@dataclass
class Links:
    """The referrals a request took part in, both ways; each side may be opened or only named."""

    sent: list[Referral]
    received: Referral | None


# What the request page shows of a referral and of the request at its other end.
LINK_COLUMNS = (
    "from_request_id",
    "to_request_id",
    "reason",
    "status",
    "decline_reason",
    *(f"{side}_request__{name}" for side in ("from", "to") for name in ("reference", "status", "service_id")),
    *(f"{side}_request__service__name_{lang}" for side in ("from", "to") for lang in ("fr", "ar", "en")),
    *(f"{side}_centre__{name}" for side in ("from", "to") for name in ("name", "name_ar")),
)


def request_links(*, viewer, request: Request) -> Links:
    """The referrals both ways, with only the columns the page shows. Most requests have none: a plain read of
    the one table says so (or the request's own read, selectors.request_open), and the joined read of the names is
    made only when there are some."""
    if getattr(request, "has_referrals", True) is False:
        return Links(sent=[], received=None)
    either = Referral.objects.filter(Q(from_request=request) | Q(to_request=request))
    if not either.exists():
        return Links(sent=[], received=None)
    both = (
        either.select_related("from_request__service", "to_request__service", "from_centre", "to_centre")
        .only(*LINK_COLUMNS)
        .order_by("pk")
    )
    sent, received = [], None
    for referral in both:
        if referral.from_request_id == request.pk:
            sent.append(referral)
        else:
            received = referral
    visible = set(
        Request.objects.filter(permissions.visible_filter(viewer))
        .filter(pk__in=[r.to_request_id for r in sent] + ([received.from_request_id] if received else []))
        .values_list("pk", flat=True)
    )
    for referral in sent:
        referral.can_open = referral.to_request_id in visible
    if received is not None:
        received.can_open = received.from_request_id in visible
    return Links(sent=sent, received=received)


def service_documents(*, service_id: int) -> list[ServiceDocument]:
    """The documents a service asks for, in its order (the choices of the page's attachment form)."""
    return _SERVICE_DOCUMENTS.rows("service documents", service_id)
