"""Pages that belong to no app: the health check and the home redirect."""

from django.db import connection
from django.db.utils import Error as DatabaseError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache


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


# Where each role starts its day; the others start at the registry search.
ROLE_HOME = {
    "centre_staff": "cases:queue",
    "coordinator": "training:home",
    "facilitator": "training:home",
    "programme_officer": "associations:list",
    "association_manager": "associations:list",
}


def home(request):
    role = getattr(request.user, "role", "") if request.user.is_authenticated else ""
    return redirect(ROLE_HOME.get(role, "registry:search"))
