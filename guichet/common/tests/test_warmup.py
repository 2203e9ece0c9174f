"""Gunicorn's master compiles every template before it forks: the workers start with them in the cached loader."""

from django.template import engines

from guichet.common.warmup import warm_up


def test_every_template_is_compiled_into_the_cached_loader():
    compiled = warm_up()
    assert compiled > 200  # ours and the libraries' (allauth, DRF, Django's forms)
    (loader,) = engines["django"].engine.template_loaders
    cached = set(loader.get_template_cache)
    assert {"base.html", "cases/queue.html", "cases/_partials/queue_rows.html", "registry/search.html"} <= cached
