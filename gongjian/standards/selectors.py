"""Reads of demonstration-community creation: progress toward the city's target and the tiers, from
the final scores. Aggregated in the database: a constant number of queries whatever the city's size."""

import math
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .models import TIER_FOCUS, TIER_SHORT, Assessment, Standard, Target


def tier_counts(standard: Standard, communities: QuerySet) -> dict:
    """For the communities given: how many are in each tier by their final score under `standard`,
    how many reach the provincial standard, how many are under review and how many not assessed."""
    finals = Assessment.objects.filter(standard=standard, community__in=communities.values("id"))
    row = finals.aggregate(
        tier1=Count("id", filter=Q(status=Assessment.Status.FINAL, tier=1)),
        tier2=Count("id", filter=Q(status=Assessment.Status.FINAL, tier=2)),
        tier3=Count("id", filter=Q(status=Assessment.Status.FINAL, tier=3)),
        reached=Count("id", filter=Q(status=Assessment.Status.FINAL, reached=True)),
        final=Count("id", filter=Q(status=Assessment.Status.FINAL)),
        in_review=Count("id", filter=Q(status__in=[Assessment.Status.SUBMITTED,
                                                    Assessment.Status.STREET_REVIEWED])),
        started=Count("id"),
    )
    row["communities"] = communities.count()
    row["not_assessed"] = row["communities"] - row["final"]
    row["tiers"] = [
        {"tier": t, "label": f"{'一二三'[t - 1]}类社区", "count": row[f"tier{t}"], "focus": TIER_FOCUS[t],
         "short": TIER_SHORT[t]} for t in (1, 2, 3)
    ]
    return row


def target_progress(target: Target, communities: QuerySet, today=None) -> dict:
    """Progress toward `target.share` % of `communities` at the provincial standard by `target.due_on`."""
    today = today or timezone.localdate()
    counts = tier_counts(target.standard, communities)
    total = counts["communities"]
    reached = counts["reached"]
    needed = math.ceil(Decimal(total) * target.share / 100) if total else 0
    share_now = (Decimal(reached) * 100 / total).quantize(Decimal("0.1")) if total else Decimal("0")
    days_left = (target.due_on - today).days
    return {
        "target": target.pk, "name": target.name, "standard": target.standard_id, "share": target.share,
        "due_on": target.due_on, "communities": total, "reached": reached, "needed": needed,
        "remaining": max(0, needed - reached), "share_now": share_now,
        "met": reached >= needed and total > 0, "days_left": days_left,
        "overdue": days_left < 0 and reached < needed,
        "percent_of_goal": min(100, int(reached * 100 / needed)) if needed else 100,
        "tiers": counts["tiers"], "in_review": counts["in_review"], "not_assessed": counts["not_assessed"],
    }
