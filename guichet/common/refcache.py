"""Reference data that is the same for every visitor (the service catalogue, the territory), read once and kept
in Django's cache until it changes, so that busy pages do not read it again on every request.

`refcache_get(group, key, build)` returns what `build()` returned for (group, key), built at most once per
version of the group; `refcache_changed(group)` starts a new version (the apps call it from their signals when a
row of the group is saved or deleted), so that the next read builds afresh.

With Redis (GUICHET_REDIS_URL) every process shares the cache and sees a change at once. With the default
per-process memory cache, the process that made the change sees it at once and the others within
REFCACHE_SECONDS, the longest an entry is kept.

Each process also keeps what it read, with the version it read it at, for at most REFCACHE_SECONDS: a read then
costs one look at the group's version instead of unpickling the value again. What is returned is shared by every
request of the process: read it, never change it.
"""

import secrets
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

T = TypeVar("T")
REFCACHE_SECONDS = 60
# The service catalogue with its documents, the centres and the windows (network/signals.py starts a new version
# when one changes); named here so that an app below the network (accounts) reads the same rows.
CATALOGUE = "catalogue"
# The regions, provinces and communes (territory/apps.py starts a new version when one changes).
TERRITORY = "territory"
_MISSING = object()
# (group, key) -> (version, value, kept until this time.monotonic())
_kept: dict[tuple[str, str], tuple[str, Any, float]] = {}


def _version_key(group: str) -> str:
    return f"refcache:{group}:version"


def refcache_get(group: str, key: str, build: Callable[[], T]) -> T:
    version = cache.get(_version_key(group))
    if version is None:
        version = secrets.token_hex(4)
        cache.set(_version_key(group), version, None)
    now = time.monotonic()
    kept = _kept.get((group, key))
    if kept is not None and kept[0] == version and kept[2] > now:
        return kept[1]
    name = f"refcache:{group}:{version}:{key}"
    value = cache.get(name, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(name, value, REFCACHE_SECONDS)
    _kept[(group, key)] = (version, value, now + REFCACHE_SECONDS)
    return value


def refcache_rows_by_pk(group: str, model, ids: set[int], *, related: tuple[str, ...] = ()) -> dict:
    """Every row of a reference table by primary key (with the `related` rows joined), kept for every visitor
    (shared: never change them); any of `ids` created since the table was kept is read from the database."""
    rows = refcache_get(group, f"{model._meta.label}-by-pk", lambda: model.objects.select_related(*related).in_bulk())
    missing = ids - rows.keys()
    return {**rows, **model.objects.select_related(*related).in_bulk(missing)} if missing else rows


def refcache_changed(group: str) -> None:
    cache.set(_version_key(group), secrets.token_hex(4), None)


def refcache_follow(group: str, *models) -> None:
    """Start a new version of `group` whenever a row of one of `models` is saved or deleted (called when a module
    the app's ready() imports is loaded; a second call connects nothing more)."""

    def changed(**kwargs) -> None:
        refcache_changed(group)

    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(changed, sender=model, weak=False, dispatch_uid=f"refcache:{group}:{model._meta.label}")
