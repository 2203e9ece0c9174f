"""How another system gets in: its bearer token, its rate, its permissions, its audit trail. Shared by the REST API,
the DCI API and the imports' API (the one shape of their errors is problems.py).

A client system acts as its own account (accounts.models.ApiClient.user, role API_CLIENT), so the selectors and
services it reaches scope, refuse and audit it exactly as they would a staff member of its territory.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission
from rest_framework.throttling import BaseThrottle

from guichet.accounts.api_clients import api_client_for_token
from guichet.accounts.models import ApiClient
from guichet.audit.services import audit_record
from guichet.common import ratelimit
from guichet.common.net import client_address

BAD_TOKEN = _("This token is unknown, revoked or expired: ask the administrator of Guichet for a new one.")
NO_TOKEN = _("Send the client system's token in the Authorization header: “Bearer <token>”.")


class ClientTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer gch_…` → (the client's account, the client). No token: anonymous (public endpoints
    stay open, the others answer 401); a wrong, revoked or expired token: 401 at once."""

    keyword = b"bearer"

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(NO_TOKEN)
        try:
            token = header[1].decode()
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(BAD_TOKEN) from error
        client = api_client_for_token(token)
        if client is None:
            raise exceptions.AuthenticationFailed(BAD_TOKEN)
        return client.user, client

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="guichet"'


def client_of(request) -> ApiClient | None:
    """The client system making this API call, if it authenticated."""
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiClient) else None


class ClientRateThrottle(BaseThrottle):
    """Each client's calls per minute (ApiClient.rate_per_minute), counted by the one rate limiter of Guichet
    (shared by every process through Redis when configured). Anonymous calls count per client address."""

    ANONYMOUS_PER_MINUTE = 120

    def allow_request(self, request, view) -> bool:
        client = client_of(request)
        if client is not None:
            limit = ratelimit.Limit("api:client", client.rate_per_minute, 60)
            key = str(client.pk)
        else:
            limit = ratelimit.Limit("api:anonymous", self.ANONYMOUS_PER_MINUTE, 60)
            key = client_address(request) or "?"
        self._wait = ratelimit.attempt(limit, key)
        return not self._wait

    def wait(self) -> float | None:
        return getattr(self, "_wait", None)


def ClientAllows(permission: str) -> type[BasePermission]:
    """A DRF permission class: the caller is a client system given `permission` (accounts.models.ApiPermission)."""

    class Allows(BasePermission):
        message = _("This client system is not allowed to do this.")

        def has_permission(self, request, view) -> bool:
            client = client_of(request)
            return client is not None and client.is_usable() and client.allows(permission)

    Allows.__name__ = f"ClientAllows_{permission}"
    return Allows


def api_audit(
    request, *, action: str, obj: Any = None, person: Any = None, object_type: str = "", object_id: str = ""
) -> None:
    """Record an API call in the audit log, the client's account as the actor (services that write or open a
    file record their own entry; this is for the calls that go through none)."""
    audit_record(
        actor=request.user,
        action=action,
        obj=obj,
        person=person,
        object_type=object_type,
        object_id=object_id,
        ip_address=client_address(request),
    )
