"""Pages that belong to no app: the health check, and the page of a server error (the home redirect is
accounts.views_home)."""

import sys

from django.db import connection
from django.db.utils import Error as DatabaseError
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.defaults import server_error as django_server_error

# Seconds a client is told to wait before trying again while the database does not answer.
RETRY_AFTER_SECONDS = 30


@never_cache
def healthz(request):
    """200 with {"status": "ok", "database": "ok"} when the database answers, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def server_error(request) -> HttpResponse:
    """handler500: a database that stops answering (a restart, a lost connection, a failover) gets a translated
    503 page that asks to try again, built without the database (no query, no session, no user: a static
    template); any other error gets Django's plain 500 page.

    Django calls it from inside its `except` around the failed view or middleware, so the error is in
    sys.exc_info(). Django closes the broken connection at the end of the request, and checks a kept one
    before reusing it (CONN_HEALTH_CHECKS), so the next request connects afresh: nothing to heal by hand."""
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        return database_unavailable(machine=_machine_client(request))
    return django_server_error(request)


def _machine_client(request) -> bool:
    """The REST and DCI APIs' callers, and any client asking for JSON rather than a page."""
    accept = request.headers.get("Accept", "")
    return request.path.startswith(("/api/", "/dci/")) or ("json" in accept and "html" not in accept)


def database_unavailable(*, machine: bool = False) -> HttpResponse:
    """The page (or, for a machine, RFC 9457 problem details) that asks to try again after RETRY_AFTER_SECONDS."""
    if machine:
        problem = {"type": "about:blank", "title": _("Service temporarily unavailable"), "status": 503}
        response: HttpResponse = JsonResponse(problem, status=503, content_type="application/problem+json")
    else:
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response
