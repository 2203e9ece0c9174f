"""The one rate limiter of Guichet: login, tracking, learner codes, certificate checks, public registration.

A limit allows so many attempts for one key (a client address, a reference, an account, or "*" for a global
budget) in a fixed window that starts at the first attempt; past that the key waits until the window ends.
Counters live in Django's cache, shared by every process when Redis is configured (GUICHET_REDIS_URL). Keys
are hashed, so the cache holds no reference, username or address in clear.

When the shared cache does not answer, a limit that `fails_closed` (login) refuses for its whole window,
and any other limit (tracking) falls back to a counter local to the process: safe, never a crash.

The window is measured with this module's clock (`clock`, which tests move forward), the cache expiry only
frees the memory: a key whose window has ended may try again even if the cache still holds its counter.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache

logger = logging.getLogger(__name__)

# Used only when the shared cache fails: each process then counts on its own (tests empty it between tests).
fallback = LocMemCache("guichet-ratelimit-fallback", {"OPTIONS": {"MAX_ENTRIES": 100_000}})
GLOBAL = "*"


def clock() -> float:
    return time.time()


@dataclass(frozen=True)
class Limit:
    """`attempts` allowed per key in `window_seconds`; `name` keeps the counters of two limits apart."""

    name: str
    attempts: int
    window_seconds: int
    fails_closed: bool = False


def _cache_key(limit: Limit, key: str) -> str:
    digest = hashlib.sha256(f"{limit.name}\x00{key}".encode()).hexdigest()[:32]
    return f"ratelimit:{limit.name}:{digest}"


def _window_end(since: float | None, limit: Limit) -> float | None:
    """When the window that started at `since` ends, or None when there is no window running now."""
    if since is None:
        return None
    end = since + limit.window_seconds
    return end if end > clock() else None


def _state(store, limit: Limit, key: str) -> tuple[str, int, float | None]:
    """The key's name in the cache, its attempts counted, and when its running window ends (None: no window)."""
    name = _cache_key(limit, key)
    state = store.get_many([name, f"{name}:since"])
    return name, state.get(name) or 0, _window_end(state.get(f"{name}:since"), limit)


def _wait_of(limit: Limit, attempts: int, end: float | None) -> int:
    if end is None or attempts < limit.attempts:
        return 0
    return max(math.ceil(end - clock()), 1)


def _wait_in(store, limit: Limit, key: str) -> int:
    _, attempts, end = _state(store, limit, key)
    return _wait_of(limit, attempts, end)


def _hit_in(store, limit: Limit, key: str, *, running: bool | None = None) -> None:
    """Count one attempt; `running`, when the caller has just read whether a window runs, saves reading it again."""
    name = _cache_key(limit, key)
    # A little longer than the window in the cache, so that the clock above decides when it ends.
    timeout = limit.window_seconds + 5
    if running is None:
        running = _window_end(store.get(f"{name}:since"), limit) is not None
    if not running:  # a new window: its start and a counter at 0 (`add`: another process may start it too)
        store.delete_many([name, f"{name}:since"])
        store.add(f"{name}:since", clock(), timeout)
        store.add(name, 0, timeout)
    try:
        store.incr(name)
    except ValueError:  # the counter expired, or was evicted, since
        store.set(name, 1, timeout)


def _attempt_in(store, limit: Limit, key: str) -> int:
    _, attempts, end = _state(store, limit, key)
    wait = _wait_of(limit, attempts, end)
    if not wait:
        _hit_in(store, limit, key, running=end is not None)
    return wait


def wait_seconds(limit: Limit, key: str) -> int:
    """Seconds before `key` may try again under `limit`; 0 when it may try now."""
    try:
        return _wait_in(cache, limit, key)
    except Exception:  # the shared cache is down: Redis errors are not one class
        logger.warning("rate limit %s: shared cache unavailable", limit.name)
        return limit.window_seconds if limit.fails_closed else _wait_in(fallback, limit, key)


def hit(limit: Limit, key: str) -> None:
    """Count one attempt (usually a failed one) of `key` against `limit`."""
    try:
        _hit_in(cache, limit, key)
    except Exception:
        logger.warning("rate limit %s: shared cache unavailable", limit.name)
        _hit_in(fallback, limit, key)


def attempt(limit: Limit, key: str) -> int:
    """An attempt that counts whether or not it succeeds (an API call): the seconds `key` must wait under `limit`,
    or 0 and the attempt counted. Two round trips to the shared cache while a window runs (the wait's read, then
    the count), where `wait_seconds` then `hit` make five."""
    try:
        return _attempt_in(cache, limit, key)
    except Exception:
        logger.warning("rate limit %s: shared cache unavailable", limit.name)
        return limit.window_seconds if limit.fails_closed else _attempt_in(fallback, limit, key)


def reset(limit: Limit, key: str) -> None:
    """Forget the attempts of `key` (e.g. after a successful login)."""
    name = _cache_key(limit, key)
    for store in (cache, fallback):
        try:
            store.delete_many([name, f"{name}:since"])
        except Exception:
            logger.warning("rate limit %s: shared cache unavailable", limit.name)


def longest_wait(checks: list[tuple[Limit, str]]) -> int:
    """The longest wait over several (limit, key) pairs: 0 when every one of them allows an attempt."""
    return max((wait_seconds(limit, key) for limit, key in checks), default=0)


def hit_all(checks: list[tuple[Limit, str]]) -> None:
    for limit, key in checks:
        hit(limit, key)


def guessing_checks(page: str, *, address: str, subject: str | None = None) -> list[tuple[Limit, str]]:
    """The limits of a public page where a stranger could guess (a date of birth, an access code, a certificate).

    `page` names the settings GUICHET_<PAGE>_ATTEMPTS (failed attempts per client address, and per `subject`,
    e.g. the reference being guessed), GUICHET_<PAGE>_WINDOW_MINUTES (the address's window) and
    GUICHET_<PAGE>_GLOBAL_ATTEMPTS (the whole site's budget). The subject's and the global windows last
    GUICHET_PUBLIC_WINDOW_SECONDS, never more than a minute: a stranger's guesses may hold the right answer
    back that long at most, while a guessing address waits its own, longer, window.
    """
    attempts = getattr(settings, f"GUICHET_{page}_ATTEMPTS")
    short = min(settings.GUICHET_PUBLIC_WINDOW_SECONDS, 60)
    name = page.lower()
    checks = [
        (Limit(f"{name}:address", attempts, getattr(settings, f"GUICHET_{page}_WINDOW_MINUTES") * 60), address),
        (Limit(f"{name}:global", getattr(settings, f"GUICHET_{page}_GLOBAL_ATTEMPTS"), short), GLOBAL),
    ]
    if subject:
        checks.append((Limit(f"{name}:subject", attempts, short), subject))
    return checks
