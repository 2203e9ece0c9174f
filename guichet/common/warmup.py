"""What a fresh web worker would otherwise do for its first visitors, done once in gunicorn's master before it
forks (deploy/gunicorn.conf.py): import every view, and compile every template into the cached loader, so that
the workers inherit both."""

from pathlib import Path

from django.template import TemplateSyntaxError, engines
from django.urls import get_resolver


def warm_up() -> int:
    """Imports the views and compiles the templates; returns how many templates were compiled."""
    get_resolver().url_patterns  # noqa: B018  (reading it imports the views)
    compiled = 0
    for engine in engines.all():
        for directory in map(Path, engine.template_dirs):
            for path in sorted(directory.rglob("*.html")):
                try:
                    engine.get_template(path.relative_to(directory).as_posix())
                except TemplateSyntaxError:
                    continue  # a library's template for a part of it not installed here (allauth's social logins)
                compiled += 1
    return compiled
