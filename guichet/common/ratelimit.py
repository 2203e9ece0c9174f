"""The one rate limiter of Guichet: login, tracking, learner codes, certificate checks, public registration.

A limit allows so many attempts for one key (a client address, a reference, an account, or "*" for a global
budget) in a fixed window that starts at the first attempt; past that the key waits until the window ends.
Counters live in Django's cache, shared by every process when Redis is configured (GUICHET_REDIS_URL). Keys
are hashed, so the cache holds no reference, username or address in clear.

When the shared cache does not answer, a limit that `fails_closed` (login) refuses for its whole window,
and any other limit (tracking) falls back to a counter local to the process: safe, never a crash.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache

logger = logging.getLogger(__name__)

# Used only when the shared cache fails: each process then counts on its own.
_local = LocMemCache("guichet-ratelimit-fallback", {"OPTIONS": {"MAX_ENTRIES": 100_000}})


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


def _wait_in(store, limit: Limit, key: str) -> int:
    name = _cache_key(limit, key)
    state = store.get_many([name, f"{name}:since"])
    if (state.get(name) or 0) < limit.attempts:
        return 0
    since = state.get(f"{name}:since") or time.time()
    return max(math.ceil(since + limit.window_seconds - time.time()), 1)


def _hit_in(store, limit: Limit, key: str) -> None:
    name = _cache_key(limit, key)
    store.add(f"{name}:since", time.time(), limit.window_seconds)
    store.add(name, 0, limit.window_seconds)
    try:
        store.incr(name)
    except ValueError:  # the window ended between add and incr
        store.set(name, 1, limit.window_seconds)


def wait_seconds(limit: Limit, key: str) -> int:
    """Seconds before `key` may try again under `limit`; 0 when it may try now."""
    try:
        return _wait_in(cache, limit, key)
    except Exception:  # the shared cache is down: Redis errors are not one class
        logger.warning("rate limit %s: shared cache unavailable", limit.name)
        return limit.window_seconds if limit.fails_closed else _wait_in(_local, limit, key)


def hit(limit: Limit, key: str) -> None:
    """Count one attempt (usually a failed one) of `key` against `limit`."""
    try:
        _hit_in(cache, limit, key)
    except Exception:
        logger.warning("rate limit %s: shared cache unavailable", limit.name)
        _hit_in(_local, limit, key)


def reset(limit: Limit, key: str) -> None:
    """Forget the attempts of `key` (e.g. after a successful login)."""
    name = _cache_key(limit, key)
    for store in (cache, _local):
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
