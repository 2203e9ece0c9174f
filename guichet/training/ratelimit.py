"""Against guessing access codes: so many failed attempts per client address, then wait.

Counted in the cache in a fixed window that starts at the first failure, like the portal's tracking limit.
Only failures count, so a learner who types her code right is never held up.
"""

import time

from django.conf import settings
from django.core.cache import cache

ATTEMPTS = 10
WINDOW_MINUTES = 15


def _limits() -> tuple[int, int]:
    return (
        getattr(settings, "GUICHET_LEARN_ATTEMPTS", ATTEMPTS),
        getattr(settings, "GUICHET_LEARN_WINDOW_MINUTES", WINDOW_MINUTES) * 60,
    )


def _key(ip: str) -> str:
    return f"training:learn:ip:{ip}"


def retry_after(*, ip: str) -> int | None:
    """Seconds before this client may try again, if it used up its attempts; else None."""
    attempts, window = _limits()
    key = _key(ip)
    if (cache.get(key) or 0) < attempts:
        return None
    since = cache.get(f"{key}:since") or time.time()
    return max(int(since + window - time.time()) + 1, 1)


def record_failure(*, ip: str) -> None:
    _, window = _limits()
    key = _key(ip)
    cache.add(f"{key}:since", time.time(), window)
    cache.add(key, 0, window)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
