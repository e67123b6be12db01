"""The public board's cache versions: one number per community and per project, bumped by every
projects service that writes (see services.py), so that a cached anonymous page or API answer can be
found with no SQL at all and is never served after a change.

A write bumps the version at once and again after its commit: a reader that cached the old rows in
between (it could not see the uncommitted change) has cached them under a version that the second bump
retires. Versions live in the shared cache (Redis in production; every web process sees the same
numbers). An evicted version comes back as a new, larger number, never as an old one.
"""

import hashlib
import time

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

CACHE_SECONDS = 600  # a ceiling: registry renames (a unit, a community) do not bump the versions


def _community_key(community_id) -> str:
    return f"board:v:c:{community_id}"


def _project_key(project_id) -> str:
    return f"board:v:p:{project_id}"


# The city-wide board shows every community's projects: one version that every write moves.
_CITY_KEY = "board:v:city"


def _version(key: str) -> int:
    value = cache.get(key)
    if value is None:
        cache.add(key, time.time_ns(), None)
        value = cache.get(key) or time.time_ns()
    return value


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # not in the cache (evicted or never read): start from a new, larger number
        cache.set(key, time.time_ns(), None)


def board_changed(project) -> None:
    """Retire the cached public pages and answers that show this project."""
    keys = [_community_key(project.community_id), _project_key(project.pk), _CITY_KEY]
    for key in keys:
        _bump(key)
    transaction.on_commit(lambda: [_bump(key) for key in keys])


def community_cache_key(kind: str, community_id, *parts) -> str:
    raw = "|".join(str(p) for p in (kind, community_id, _version(_community_key(community_id)), *parts,
                                    timezone.localdate()))
    return "board:" + hashlib.sha1(raw.encode()).hexdigest()


def project_cache_key(kind: str, project_id, *parts) -> str:
    raw = "|".join(str(p) for p in (kind, project_id, _version(_project_key(project_id)), *parts,
                                    timezone.localdate()))
    return "board:" + hashlib.sha1(raw.encode()).hexdigest()


def city_cache_key(kind: str, *parts) -> str:
    raw = "|".join(str(p) for p in (kind, _version(_CITY_KEY), *parts, timezone.localdate()))
    return "board:" + hashlib.sha1(raw.encode()).hexdigest()
