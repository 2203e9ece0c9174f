"""Where a request comes from: the client address, read the one way that a client cannot forge."""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest | None) -> str | None:
    """The citizen's or staff member's address: REMOTE_ADDR, or behind GUICHET_PROXY_HOPS trusted reverse
    proxies the address the nearest of them saw, read from the right of X-Forwarded-For (never the left,
    which the client writes itself)."""
    if request is None:
        return None
    hops = settings.GUICHET_PROXY_HOPS
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR") or None
