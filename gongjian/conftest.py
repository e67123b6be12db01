import pytest
from django.core.cache import cache

from gongjian.testing import ApiClient, build_small_city


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def city(db):
    return build_small_city()


@pytest.fixture
def api():
    """api(user) → an ApiClient authenticated as that user; api() is anonymous."""
    return lambda user=None: ApiClient(user)
