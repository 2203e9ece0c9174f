"""The WSGI application bench/api.py serves with gunicorn: Guichet as in production, and beside it the yardstick.

`/yardstick/<social_id>` is a bare Django view reading one row of the registry's person table, served by a
handler built with no middleware at all and returning the row as JSON without a serializer: what the API's reads
are compared with. Every other path goes to Guichet's own WSGI application, whole.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")

from django.core.wsgi import get_wsgi_application
from django.test.utils import override_settings

guichet = get_wsgi_application()

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.http import HttpResponse, JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402

from guichet.registry.models import Person  # noqa: E402


def yardstick(request, social_id: str):
    row = Person.objects.filter(social_id=social_id).values("social_id", "given_name_latin", "birth_date").first()
    if row is None:
        return HttpResponse(status=404)
    row["birth_date"] = row["birth_date"].isoformat() if row["birth_date"] else None
    return JsonResponse(row, json_dumps_params={"ensure_ascii": False, "separators": (",", ":")})


urlpatterns = [path("yardstick/<str:social_id>", yardstick)]


class BareHandler(WSGIHandler):
    """Django's handler with no middleware, resolving against this module's one address."""

    def get_response(self, request):
        request.urlconf = __name__
        return super().get_response(request)


with override_settings(MIDDLEWARE=[]):
    bare = BareHandler()  # its middleware chain is built now, from the empty list


def application(environ, start_response):
    if environ.get("PATH_INFO", "").startswith("/yardstick/"):
        return bare(environ, start_response)
    return guichet(environ, start_response)
