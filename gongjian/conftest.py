"""Fixtures for every app's tests: the small city, the API client, and the browser set-up.

Browser tests use Debian's Chromium (`apt-get install chromium fonts-noto-cjk`; `make setup` installs
them as root): Playwright's own browser download has no network here. They are marked `browser` and
skip when Chromium is missing.
"""

import os
from pathlib import Path

import pytest
from django.core.cache import cache

from gongjian.testing import ApiClient, build_small_city

# Playwright's sync API runs an event loop in the test's thread; Django refuses ORM calls from such a
# thread unless told that it is safe (it is: the test is the only user of the connection).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
HAVE_CHROMIUM = Path(CHROMIUM).exists()


def pytest_collection_modifyitems(config, items):
    if HAVE_CHROMIUM:
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} not found: apt-get install chromium fonts-noto-cjk")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


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


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture
def site_static():
    """The live server must find the site's stylesheet (gongjian/static is in STATICFILES_DIRS)."""
    from django.contrib.staticfiles import finders

    assert finders.find("gongjian/site.css"), "gongjian/static is missing from STATICFILES_DIRS"


@pytest.fixture
def phone_page(browser, site_static):
    """A page the size of a common phone (360×740), touch and a phone's pixel ratio."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()
