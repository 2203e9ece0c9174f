"""WSGI entry point for production servers (gunicorn guichet.wsgi).

It refuses to serve with the demo's secret key unless GUICHET_DEBUG is on: a forgotten GUICHET_SECRET_KEY
would let anyone who has read the source sign sessions and reset links. Management commands (make demo, the
tests) do not load this module, so they still run with the demo key.
"""

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")
application = get_wsgi_application()


def refuse_demo_secret_key() -> None:
    if not settings.DEBUG and settings.SECRET_KEY == settings.DEMO_SECRET_KEY:
        raise ImproperlyConfigured(
            "GUICHET_SECRET_KEY is not set: the demo key may only be used with GUICHET_DEBUG=1. "
            "See deploy/production.env.example."
        )


refuse_demo_secret_key()
