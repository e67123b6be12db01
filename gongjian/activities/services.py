"""Every write to the activity records goes through these functions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from gongjian.core.audit import stamp, user_or_none

from .models import Activity, Participation


def _hours(value, field: str = "hours") -> Decimal:
    try:
        hours = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: ["时长须为数字"]}) from None
    if not Decimal("0") < hours <= Decimal("24"):
        raise ValidationError({field: ["时长须在 0.1 到 24 小时之间"]})
    return hours


@transaction.atomic
def activity_create(*, actor, kind: str, title: str, community, date: date, organiser_unit=None,
                    organiser_community=None, hours=2, place: str = "", description: str = "",
                    public: bool = True) -> Activity:
    if (organiser_unit is None) == (organiser_community is None):
        raise ValidationError({"organiser": ["组织者须且只能是一个单位或一个社区"]})
    activity = Activity(kind=kind, title=title.strip(), community=community, date=date,
                        organiser_unit=organiser_unit, organiser_community=organiser_community,
                        hours=_hours(hours), place=place.strip(), description=description.strip(), public=public)
    activity.full_clean()
    stamp(activity, actor, "登记共建活动")
    activity.save()
    return activity


ACTIVITY_EDITABLE = ("kind", "title", "date", "hours", "place", "description", "public")


@transaction.atomic
def activity_update(*, actor, activity: Activity, **changes) -> Activity:
    unknown = set(changes) - set(ACTIVITY_EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    for field, value in changes.items():
        setattr(activity, field, _hours(value) if field == "hours" else value)
    activity.full_clean()
    stamp(activity, actor, "修改共建活动")
    activity.save()
    return activity


@transaction.atomic
def participants_add(*, actor, activity: Activity, members: Iterable = (), cadres: Iterable = (),
                     hours=None) -> list[Participation]:
    """Add members and cadres to an activity with `hours` each (the activity's hours by default).
    People already on the list are left as they are; returns the new rows."""
    hours = _hours(hours if hours not in (None, "") else activity.hours)
    have_members = set(activity.participations.filter(member__isnull=False).values_list("member_id", flat=True))
    have_cadres = set(activity.participations.filter(cadre__isnull=False).values_list("cadre_id", flat=True))
    rows = []
    for member in members:
        if member.pk not in have_members:
            have_members.add(member.pk)
            rows.append(Participation(activity=activity, member=member, unit_id=member.unit_id, hours=hours))
    for cadre in cadres:
        if cadre.pk not in have_cadres:
            have_cadres.add(cadre.pk)
            rows.append(Participation(activity=activity, cadre=cadre, hours=hours))
    if not rows:
        return []
    user = user_or_none(actor)
    return bulk_create_with_history(rows, Participation, batch_size=500, default_user=user,
                                    default_change_reason="登记活动参加人")


@transaction.atomic
def participation_remove(*, actor, participation: Participation) -> None:
    stamp(participation, actor, "移除活动参加人")
    participation.delete()
