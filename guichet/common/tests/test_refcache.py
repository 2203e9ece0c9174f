"""Reference data kept for every visitor: built once, built afresh after a change, never kept past its time."""

from guichet.common import refcache


class Builds:
    def __init__(self):
        self.count = 0

    def __call__(self):
        self.count += 1
        return {"built": self.count}


def test_a_value_is_built_once_then_afresh_after_its_group_changed():
    build = Builds()
    assert refcache.refcache_get("test-group", "key", build) == {"built": 1}
    assert refcache.refcache_get("test-group", "key", build) == {"built": 1}
    refcache.refcache_changed("test-group")
    assert refcache.refcache_get("test-group", "key", build) == {"built": 2}
    assert build.count == 2


def test_what_a_process_kept_expires_with_the_shared_entry(monkeypatch):
    """Another process's change is not seen through the per-process memory cache until the entry expires: the
    value kept in the process must not outlive it."""
    build = Builds()
    clock = [1000.0]
    monkeypatch.setattr(refcache.time, "monotonic", lambda: clock[0])
    refcache.refcache_get("test-expiry", "key", build)
    clock[0] += refcache.REFCACHE_SECONDS - 1
    assert refcache.refcache_get("test-expiry", "key", build) == {"built": 1}
    clock[0] += 2
    version = refcache.cache.get("refcache:test-expiry:version")
    refcache.cache.delete(f"refcache:test-expiry:{version}:key")  # the shared entry expired at the same time
    assert refcache.refcache_get("test-expiry", "key", build) == {"built": 2}
