"""Sign-in tests start with empty counters: login limits and used TOTP codes live in the cache."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()
