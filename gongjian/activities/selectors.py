"""Reads several places need: volunteer-hour totals and a unit's participation (the assessment)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from .models import Activity, Participation


def public_activities(*, when: str = "upcoming", community_id: int | None = None, today: date | None = None
                      ) -> QuerySet:
    """Activities residents may see: public ones, upcoming (today and later, soonest first) or past
    (newest first). No personal data is reachable from these rows' fields used by the public pages."""
    today = today or timezone.localdate()
    qs = Activity.objects.filter(public=True).select_related("community", "organiser_unit", "organiser_community")
    if community_id:
        qs = qs.filter(community_id=community_id)
    if when == "past":
        return qs.filter(date__lt=today).order_by("-date", "-id")
    return qs.filter(date__gte=today).order_by("date", "id")


def _year(qs: QuerySet, year: int | None, prefix: str = "activity__") -> QuerySet:
    return qs.filter(**{f"{prefix}date__year": year}) if year else qs


def hours_by_member(participations: QuerySet, year: int | None = None) -> QuerySet:
    """Per member: activities and hours, most hours first."""
    return (_year(participations, year).filter(member__isnull=False)
            .values("member_id", "member__name", "member__unit__name", "member__community__name")
            .annotate(activities=Count("id"), hours=Sum("hours")).order_by("-hours", "member_id"))


def hours_by_cadre(participations: QuerySet, year: int | None = None) -> QuerySet:
    return (_year(participations, year).filter(cadre__isnull=False)
            .values("cadre_id", "cadre__name", "cadre__community__name")
            .annotate(activities=Count("id"), hours=Sum("hours")).order_by("-hours", "cadre_id"))


def hours_by_unit(participations: QuerySet, year: int | None = None) -> QuerySet:
    """Per unit the participants came from: people, participations and hours."""
    return (_year(participations, year).filter(unit__isnull=False)
            .values("unit_id", "unit__name")
            .annotate(people=Count("member_id", distinct=True), participations=Count("id"), hours=Sum("hours"))
            .order_by("-hours", "unit_id"))


def member_hours(member_id: int, year: int | None = None) -> Decimal:
    qs = _year(Participation.objects.filter(member_id=member_id), year)
    return qs.aggregate(total=Sum("hours"))["total"] or Decimal("0")


def unit_participation(unit, year: int) -> dict:
    """A unit's part in co-building activities in `year`, for the assessment (目标责任考核):

    * ``activities_organised`` — activities the unit organised that year;
    * ``activities_joined`` — distinct activities its people took part in;
    * ``people`` — distinct members of the unit who took part;
    * ``participations`` — person-activity rows;
    * ``hours`` — volunteer hours of its people (Decimal);
    * ``members`` — the unit's registered in-service members; ``members_reported`` — how many of them
      reported to their residential community (双报到) — by the end of that year.
    """
    from gongjian.members.models import Member, MemberReport

    unit_id = unit.pk if hasattr(unit, "pk") else int(unit)
    organised = Activity.objects.filter(organiser_unit_id=unit_id, date__year=year).count()
    joined = (Participation.objects.filter(unit_id=unit_id, activity__date__year=year)
              .aggregate(activities=Count("activity_id", distinct=True), people=Count("member_id", distinct=True),
                         participations=Count("id"), hours=Sum("hours")))
    members = Member.objects.filter(unit_id=unit_id, category=Member.Category.IN_SERVICE)
    counts = members.aggregate(
        total=Count("id"),
        reported=Count("id", filter=Q(pk__in=MemberReport.objects.filter(
            reported_on__year__lte=year).values("member_id"))))
    return {
        "unit": unit_id,
        "year": year,
        "activities_organised": organised,
        "activities_joined": joined["activities"] or 0,
        "people": joined["people"] or 0,
        "participations": joined["participations"] or 0,
        "hours": joined["hours"] or Decimal("0"),
        "members": counts["total"] or 0,
        "members_reported": counts["reported"] or 0,
    }
