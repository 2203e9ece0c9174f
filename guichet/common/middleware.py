"""Request- and response-wide rules: a refusal raised anywhere (NotAllowed) becomes a translated 403 page, a NUL
character in an address or its query a translated 400 page, and every response carries the Content-Security-Policy
and, for a signed-in staff member, Cache-Control: no-store."""

from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from .exceptions import NotAllowed

# No inline script or style anywhere (templates load static files only; htmx is django-htmx's static copy);
# data: images only for the empty favicon.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "media-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class NotAllowedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotAllowed):
            return render(request, "403.html", status=403)
        return None


class SecurityHeadersMiddleware:
    """Counter computers are shared: nothing served to a signed-in staff member stays in the browser's cache.

    Public pages that show personal data (tracking result, learner pages) say so themselves with never_cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        if response.status_code >= 500:
            # An error page is never kept, and its request may not reach the database to ask who is signed in.
            add_never_cache_headers(response)
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


def _holds_nul(request) -> bool:
    if "\x00" in request.path:
        return True
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists())


class RefuseNulMiddleware:
    """No field, file name or address of Guichet takes a NUL character: PostgreSQL refuses it in text (a crash
    of the query, not a message), and it hides the rest of a value from many tools. Forms refuse it field by
    field, with the field's message; this answers a clear 400 for the address and its query parameters."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _holds_nul(request):
            return render(request, "400.html", status=400)
        return self.get_response(request)
