"""Reference data that is the same for every visitor (the service catalogue, the territory), read once and kept
in Django's cache until it changes, so that busy pages do not read it again on every request.

`refcache_get(group, key, build)` returns what `build()` returned for (group, key), built at most once per
version of the group; `refcache_changed(group)` starts a new version (the apps call it from their signals when a
row of the group is saved or deleted), so that the next read builds afresh.

With Redis (GUICHET_REDIS_URL) every process shares the cache and sees a change at once. With the default
per-process memory cache, the process that made the change sees it at once and the others within
REFCACHE_SECONDS, the longest an entry is kept.
"""

import secrets
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")
REFCACHE_SECONDS = 60
_MISSING = object()


def _version_key(group: str) -> str:
    return f"refcache:{group}:version"


def refcache_get(group: str, key: str, build: Callable[[], T]) -> T:
    version = cache.get(_version_key(group))
    if version is None:
        version = secrets.token_hex(4)
        cache.set(_version_key(group), version, None)
    name = f"refcache:{group}:{version}:{key}"
    value = cache.get(name, _MISSING)
    if value is not _MISSING:
        return value
    built = build()
    cache.set(name, built, REFCACHE_SECONDS)
    return built


def refcache_changed(group: str) -> None:
    cache.set(_version_key(group), secrets.token_hex(4), None)
