"""The one limiter: windows, reset, limits kept apart, and what happens when the shared cache fails."""

import pytest
from django.core.cache import cache
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache

from guichet.common import ratelimit
from guichet.common.ratelimit import GLOBAL, Limit

LIMIT = Limit("test:login", attempts=3, window_seconds=60)


class BrokenCache(BaseCache):
    """A cache server that does not answer: every call raises, as Redis does when it is down."""

    def __init__(self, location, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        raise ConnectionError("cache server unreachable")

    get = get_many = set = add = incr = delete = delete_many = clear = _fail


class Clock:
    def __init__(self, start: float = 1_000_000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    cache.clear()
    ratelimit.fallback.clear()
    fake = Clock()
    monkeypatch.setattr(ratelimit, "clock", fake)
    return fake


@pytest.fixture
def broken_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "guichet.common.tests.test_ratelimit.BrokenCache"}}


def test_a_key_may_try_until_its_attempts_are_used_then_waits_until_the_window_ends(clock):
    for _ in range(3):
        assert ratelimit.wait_seconds(LIMIT, "fatima") == 0
        ratelimit.hit(LIMIT, "fatima")

    assert ratelimit.wait_seconds(LIMIT, "fatima") == 60
    clock.now += 45
    assert ratelimit.wait_seconds(LIMIT, "fatima") == 15
    clock.now += 15
    assert ratelimit.wait_seconds(LIMIT, "fatima") == 0


def test_the_window_starts_at_the_first_attempt_and_a_new_one_starts_after_it(clock):
    ratelimit.hit(LIMIT, "fatima")
    clock.now += 50
    ratelimit.hit(LIMIT, "fatima")
    ratelimit.hit(LIMIT, "fatima")
    assert ratelimit.wait_seconds(LIMIT, "fatima") == 10

    clock.now += 10
    ratelimit.hit(LIMIT, "fatima")  # a new window: one attempt counted, not four
    assert ratelimit.wait_seconds(LIMIT, "fatima") == 0
    ratelimit.hit(LIMIT, "fatima")
    assert ratelimit.wait_seconds(LIMIT, "fatima") == 0


def test_reset_forgets_the_attempts():
    ratelimit.hit_all([(LIMIT, "fatima")] * 3)
    assert ratelimit.wait_seconds(LIMIT, "fatima") > 0

    ratelimit.reset(LIMIT, "fatima")

    assert ratelimit.wait_seconds(LIMIT, "fatima") == 0


def test_two_limits_and_two_keys_count_apart():
    other = Limit("test:track", attempts=3, window_seconds=60)
    ratelimit.hit_all([(LIMIT, "fatima")] * 3)

    assert ratelimit.wait_seconds(LIMIT, "fatima") == 60
    assert ratelimit.wait_seconds(other, "fatima") == 0
    assert ratelimit.wait_seconds(LIMIT, "youssef") == 0
    assert ratelimit.longest_wait([(other, "fatima"), (LIMIT, "youssef")]) == 0
    assert ratelimit.longest_wait([(other, "fatima"), (LIMIT, "fatima")]) == 60


def test_the_cache_holds_no_key_in_clear():
    ratelimit.hit(LIMIT, "1234567890")
    assert cache._cache  # the locmem store is the one counting
    assert not any("1234567890" in key for key in cache._cache)


def test_a_limit_that_fails_closed_refuses_while_the_cache_is_down(broken_cache):
    closed = Limit("test:login", attempts=3, window_seconds=900, fails_closed=True)

    ratelimit.hit(closed, "fatima")  # no crash

    assert ratelimit.wait_seconds(closed, "fatima") == 900
    ratelimit.reset(closed, "fatima")  # no crash either


def test_another_limit_counts_in_the_process_while_the_cache_is_down(broken_cache):
    assert ratelimit.wait_seconds(LIMIT, "fatima") == 0
    ratelimit.hit_all([(LIMIT, "fatima")] * 3)

    assert ratelimit.wait_seconds(LIMIT, "fatima") == 60
    assert ratelimit.wait_seconds(LIMIT, "youssef") == 0


def test_guessing_limits_hold_a_reference_and_the_site_a_minute_at_most(settings):
    settings.GUICHET_TRACK_ATTEMPTS = 2
    settings.GUICHET_TRACK_WINDOW_MINUTES = 30
    settings.GUICHET_TRACK_GLOBAL_ATTEMPTS = 100
    settings.GUICHET_PUBLIC_WINDOW_SECONDS = 3600  # a mistaken setting is still held to a minute

    checks = ratelimit.guessing_checks("TRACK", address="10.0.0.1", subject="1234567890")
    windows = {limit.name: (limit.window_seconds, key) for limit, key in checks}

    assert windows == {
        "track:address": (1800, "10.0.0.1"),
        "track:global": (60, GLOBAL),
        "track:subject": (60, "1234567890"),
    }


class CountingCache(LocMemCache):
    """Django's local-memory cache, counting the calls made to it (each one a round trip to Redis in production)."""

    calls = 0
    inside = False  # a call made by another (LocMemCache's get_many calls get for each key) is not a round trip


def _counted(name: str):
    def call(self, *args, **kwargs):
        if not CountingCache.inside:
            CountingCache.calls += 1
        outer, CountingCache.inside = CountingCache.inside, True
        try:
            return getattr(LocMemCache, name)(self, *args, **kwargs)
        finally:
            CountingCache.inside = outer

    return call


for _name in ("get", "get_many", "set", "add", "incr", "delete_many"):
    setattr(CountingCache, _name, _counted(_name))


def test_an_attempt_is_counted_until_the_limit_then_waits_in_two_round_trips_a_call(settings, clock):
    """What an API call does: counted while it may try, refused with the wait past its attempts, and, while its
    window runs, one read and one count of the shared cache (not five)."""
    settings.CACHES = {"default": {"BACKEND": "guichet.common.tests.test_ratelimit.CountingCache"}}
    assert [ratelimit.attempt(LIMIT, "client-7") for _ in range(3)] == [0, 0, 0]
    assert ratelimit.wait_seconds(LIMIT, "client-7") == 60  # the three counted, as hit() counts them
    CountingCache.calls = 0
    clock.now += 20
    assert ratelimit.attempt(LIMIT, "client-7") == 40
    assert CountingCache.calls == 1  # a refused attempt is not counted: one read
    other = Limit("test:api", attempts=100, window_seconds=60)
    ratelimit.attempt(other, "client-7")
    CountingCache.calls = 0
    assert ratelimit.attempt(other, "client-7") == 0
    assert CountingCache.calls == 2
    clock.now += 60
    assert ratelimit.attempt(LIMIT, "client-7") == 0  # a new window


def test_an_attempt_falls_back_like_the_others_while_the_cache_is_down(broken_cache):
    closed = Limit("test:login", attempts=3, window_seconds=900, fails_closed=True)
    assert ratelimit.attempt(closed, "fatima") == 900
    assert [ratelimit.attempt(LIMIT, "fatima") for _ in range(4)] == [0, 0, 0, 60]
