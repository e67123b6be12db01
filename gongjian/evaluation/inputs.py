"""What the assessment takes from other areas: supervision reports (通报) against units, the units'
participation in co-building activities (共建活动), the regularity of the rotating chair's meetings
(联席会议), and the notification service — imported directly, as any other dependency.

Each function answers for many units or communities at once. `participation_by_unit` answers None for
a year without any activity recorded: scoring.py then gives that term the weight 0 and shows "暂无数据".
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count

from gongjian.activities.models import Activity, Participation
from gongjian.notifications import services as notifications
from gongjian.supervision import selectors as supervision

# A unit that took part in this many co-building activities in a year has the full participation term.
PARTICIPATION_TARGET = 4


# ------------------------------------------------------------------------------ supervision

def warnings_by_unit(unit_ids: Iterable[int], year: int) -> dict[int, int]:
    """Number of supervision records that reached 通报 against each unit in `year`."""
    return supervision.warnings_by_unit(list(unit_ids), year)


def meeting_regularity_by_community(community_ids: Iterable[int], year: int) -> dict[int, dict]:
    """For each community: {"held": n, "expected": m} meetings of the rotating chair in `year` (expected:
    months already over with a chair in office). The rate is held ÷ expected, at most 1."""
    return supervision.meetings_by_community(list(community_ids), year)


# ------------------------------------------------------------------------------ activities

def participation_by_unit(units, year: int) -> dict[int, float] | None:
    """Co-building activities each unit organised or took part in during `year` (as
    activities.selectors.unit_participation counts them: activities organised + distinct activities its
    people joined), in two aggregate queries.

    None — "暂无数据", weight taken as 0 — when the year holds no activity at all (a year before the city
    started recording them must not mark every unit down)."""
    ids = [u.pk for u in units]
    organised = dict(Activity.objects.filter(organiser_unit_id__in=ids, date__year=year)
                     .values("organiser_unit_id").annotate(n=Count("id"))
                     .values_list("organiser_unit_id", "n"))
    joined = dict(Participation.objects.filter(unit_id__in=ids, activity__date__year=year)
                  .values("unit_id").annotate(n=Count("activity_id", distinct=True))
                  .values_list("unit_id", "n"))
    result = {uid: float(organised.get(uid, 0) + joined.get(uid, 0)) for uid in ids}
    if not any(result.values()):
        return None
    return result


# ------------------------------------------------------------------------------ notifications

def notify(*, users, title: str, body: str, link: str = "", kind: str = "general", object_type: str = "",
           object_id: int = 0, period: str = "") -> int:
    """Put a notice in each user's inbox, once per key (kind, object, user, period); how many were new.
    An error inside the notification service propagates: nothing is retried, nothing sent twice."""
    users = list(users)
    if not users:
        return 0
    return notifications.notify(users=users, title=title, body=body, url=link, kind=kind,
                                object_type=object_type, object_id=object_id, period=period)
