"""Portal tests: a cache emptied of earlier attempts for each test."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _no_earlier_attempts():
    cache.clear()
    yield
    cache.clear()
