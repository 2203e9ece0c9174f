"""Reads of client systems for the administrator's pages: the list with its status, one client, its last calls."""

from django.db.models import Case, CharField, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guichet.audit.models import AuditEntry
from guichet.common.exceptions import NotAllowed

from .models import ApiClient
from .permissions import can_manage_staff

ACTIVE, REVOKED, EXPIRED = "active", "revoked", "expired"
STATUSES = [(ACTIVE, _("active")), (REVOKED, _("revoked")), (EXPIRED, _("expired"))]
# How many of a client's calls its page shows; the audit log has them all.
LAST_CALLS = 20


def _status_of(now) -> Case:
    """The status as the API sees it: revoked first (whatever the date), then expired, else active."""
    return Case(
        When(revoked_at__isnull=False, then=Value(REVOKED)),
        When(expires_at__lte=now, then=Value(EXPIRED)),
        default=Value(ACTIVE),
        output_field=CharField(),
    )


def _having(status: str, now) -> Q:
    """The same statuses as a filter (one index-friendly condition each)."""
    return {
        REVOKED: Q(revoked_at__isnull=False),
        EXPIRED: Q(revoked_at__isnull=True, expires_at__lte=now),
        ACTIVE: Q(revoked_at__isnull=True, expires_at__gt=now),
    }[status]


def _clients(viewer, now) -> QuerySet[ApiClient]:
    if not can_manage_staff(viewer):
        raise NotAllowed
    return ApiClient.objects.select_related("user", "user__province", "user__region").annotate(status=_status_of(now))


def api_client_list(*, viewer, text: str = "", status: str = "") -> QuerySet[ApiClient]:
    """The client systems by name, narrowed to those whose name holds `text` and to one status."""
    now = timezone.now()
    clients = _clients(viewer, now).order_by("name", "pk")
    if text:
        clients = clients.filter(Q(name__icontains=text) | Q(contact__icontains=text))
    if status:
        clients = clients.filter(_having(status, now))
    return clients


def api_client_get(*, viewer, pk: int) -> ApiClient:
    return get_object_or_404(_clients(viewer, timezone.now()), pk=pk)


def api_client_calls(*, viewer, client: ApiClient, limit: int = LAST_CALLS) -> list[AuditEntry]:
    """The client's last calls, newest first, as the audit log recorded them under its account."""
    if not can_manage_staff(viewer):
        raise NotAllowed
    entries = AuditEntry.objects.filter(actor_id=client.user_id).select_related("actor", "person")
    return list(entries.order_by("-at", "-seq")[:limit])
