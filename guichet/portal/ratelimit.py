"""Against guessing dates of birth: so many failed lookups per client address and per reference, then wait.

Counted in the cache (shared by every process when Redis is configured), in a fixed window that starts at
the first failure. Only failures count, so a citizen checking their own request again is never held up.
"""

import datetime
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


def _keys(*, ip: str, reference: str | None) -> list[str]:
    keys = [f"portal:track:ip:{ip}"]
    if reference:
        keys.append(f"portal:track:ref:{reference}")
    return keys


def _window_seconds() -> int:
    return settings.GUICHET_TRACK_WINDOW_MINUTES * 60


def blocked_until(*, ip: str, reference: str | None) -> datetime.datetime | None:
    """When this client may try again, if it (or this reference) used up its attempts; else None."""
    latest = None
    for key in _keys(ip=ip, reference=reference):
        if (cache.get(key) or 0) >= settings.GUICHET_TRACK_ATTEMPTS:
            since = cache.get(f"{key}:since") or time.time()
            until = since + _window_seconds()
            latest = until if latest is None else max(latest, until)
    if latest is None:
        return None
    return datetime.datetime.fromtimestamp(latest, tz=datetime.UTC).astimezone(timezone.get_current_timezone())


def record_failure(*, ip: str, reference: str | None) -> None:
    window = _window_seconds()
    for key in _keys(ip=ip, reference=reference):
        cache.add(f"{key}:since", time.time(), window)
        cache.add(key, 0, window)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, window)


def retry_after_seconds(until: datetime.datetime) -> int:
    return max(int((until - timezone.now()).total_seconds()) + 1, 1)
