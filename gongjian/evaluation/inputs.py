"""What the assessment takes from other areas that may not be installed yet: supervision warnings
(通报) against units, the units' participation in co-building activities (共建活动), the regularity of the
rotating chair's meetings (联席会议), and the notification service.

Each function answers for many units or communities at once, and answers None when the source does not
exist (app not installed, selector not there). scoring.py then gives that term the weight 0 and shows
"暂无数据" — so the formula code never cares which areas are installed.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterable

from django.apps import apps

log = logging.getLogger(__name__)

# A unit that took part in this many co-building activities in a year has the full participation term.
PARTICIPATION_TARGET = 4
# The rotating chair holds one meeting of the units a month.
MEETINGS_PER_YEAR = 12


def _module(app: str, module: str):
    if not apps.is_installed(f"gongjian.{app}"):
        return None
    try:
        return importlib.import_module(f"gongjian.{app}.{module}")
    except ImportError:
        return None


def _first(module, *names):
    for name in names:
        fn = getattr(module, name, None) if module is not None else None
        if callable(fn):
            return fn
    return None


def _count_of(value) -> float:
    """A selector may answer a number or a small dict ({"activities": 3, "hours": 12, …})."""
    if isinstance(value, dict):
        if "activities_organised" in value or "activities_joined" in value:
            return float((value.get("activities_organised") or 0) + (value.get("activities_joined") or 0))
        for key in ("activities", "count", "events", "total", "participations"):
            if key in value and value[key] is not None:
                return float(value[key])
        return 0.0
    return float(value or 0)


# ------------------------------------------------------------------------------ supervision

def warnings_by_unit(unit_ids: Iterable[int], year: int) -> dict[int, int] | None:
    """Number of supervision warnings (通报/督办警示) each unit received in `year`; None: no source."""
    selectors = _module("supervision", "selectors")
    fn = _first(selectors, "warnings_by_unit", "warning_counts_by_unit", "unit_warning_counts")
    if fn is None:
        return None
    unit_ids = list(unit_ids)
    try:
        counts = fn(unit_ids, year)
    except TypeError:
        counts = fn(unit_ids=unit_ids, year=year)
    return {int(k): int(v or 0) for k, v in (counts or {}).items()}


def meeting_regularity_by_community(community_ids: Iterable[int], year: int) -> dict[int, dict] | None:
    """For each community: {"held": n, "expected": m} meetings of the rotating chair in `year`; None: no
    source. The rate is held ÷ expected, at most 1."""
    selectors = _module("supervision", "selectors")
    fn = _first(selectors, "meetings_by_community", "meeting_counts_by_community", "community_meeting_counts")
    if fn is None:
        return None
    community_ids = list(community_ids)
    try:
        counts = fn(community_ids, year)
    except TypeError:
        counts = fn(community_ids=community_ids, year=year)
    out = {}
    for key, value in (counts or {}).items():
        if isinstance(value, dict):
            held = int(value.get("held", value.get("count", 0)) or 0)
            expected = int(value.get("expected", MEETINGS_PER_YEAR) or 0)  # 0: no chair in office
        else:
            held, expected = int(value or 0), MEETINGS_PER_YEAR
        out[int(key)] = {"held": held, "expected": expected}
    return out


# ------------------------------------------------------------------------------ activities

def _participation_from_models(unit_ids: list[int], year: int) -> dict[int, float] | None:
    """Two aggregate queries over the activities area's models: activities each unit organised, and
    distinct activities its people joined. None when those models are not what this expects."""
    try:
        from django.core.exceptions import FieldError
        from django.db.models import Count

        from gongjian.activities.models import Activity, Participation
    except ImportError:
        return None
    try:
        organised = dict(Activity.objects.filter(organiser_unit_id__in=unit_ids, date__year=year)
                         .values("organiser_unit_id").annotate(n=Count("id"))
                         .values_list("organiser_unit_id", "n"))
        joined = dict(Participation.objects.filter(unit_id__in=unit_ids, activity__date__year=year)
                      .values("unit_id").annotate(n=Count("activity_id", distinct=True))
                      .values_list("unit_id", "n"))
    except FieldError:
        return None
    return {uid: float(organised.get(uid, 0) + joined.get(uid, 0)) for uid in unit_ids}


def participation_by_unit(units, year: int) -> dict[int, float] | None:
    """Co-building activities each unit organised or took part in during `year` (counted as in
    activities.selectors.unit_participation: activities_organised + activities_joined).

    None — "暂无数据", weight taken as 0 — when the activities area is not installed, or when it holds no
    activity at all for that year (a year before the city started recording them must not mark every unit
    down). Counted with a bulk selector when the activities area offers one, else with two aggregate
    queries over its models; the per-unit `unit_participation(unit, year)` is the last resort.
    """
    selectors = _module("activities", "selectors")
    if selectors is None:
        return None
    units = list(units)
    ids = [u.pk for u in units]
    bulk = _first(selectors, "participation_by_unit", "units_participation", "unit_participation_bulk")
    if bulk is not None:
        result = {int(k): _count_of(v) for k, v in (bulk(ids, year) or {}).items()}
    else:
        result = _participation_from_models(ids, year)
        if result is None:
            single = _first(selectors, "unit_participation")
            if single is None:
                return None
            result = {u.pk: _count_of(single(u, year)) for u in units}
    if not any(result.values()):
        return None
    return result


# ------------------------------------------------------------------------------ notifications

def notify(*, users, title: str, body: str, link: str = "", actor=None, **extra) -> bool:
    """Send a notification through the notifications area when it exists. False: not sent (no such area).
    `extra` (kind, object_type, object_id, period) lets that area keep one notice per key."""
    services = _module("notifications", "services")
    fn = _first(services, "notify", "notification_send", "notify_users", "notification_create")
    if fn is None:
        return False
    users = list(users)
    if not users:
        return True
    for kwargs in ({"users": users, "title": title, "body": body, "link": link, "actor": actor, **extra},
                   {"users": users, "title": title, "body": body, "link": link}):
        try:
            fn(**kwargs)
            return True
        except TypeError:
            continue
    log.warning("notifications service has an unexpected signature; reminder not sent")
    return False
