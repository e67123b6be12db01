"""Reads of the supervision area that several places need (pages, API, reminders, the assessment).
Each answers in a fixed number of queries whatever the data size."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import Case, Count, IntegerField, Max, Q, QuerySet, Value, When
from django.utils import timezone

from gongjian.projects.models import Project

from .models import ChairTermMonth, Meeting, Supervision

NO_PROGRESS_DAYS = 30
RISK_OVERDUE, RISK_NEAR, RISK_STALE, RISK_NONE = 0, 1, 2, 3
RISK_LABELS = {RISK_OVERDUE: "逾期", RISK_NEAR: "临近时限", RISK_STALE: "30天无进展", RISK_NONE: "正常"}


def projects_by_risk(projects: QuerySet, today: date | None = None) -> QuerySet:
    """The open projects of `projects` (already the visible ones), riskiest first: overdue, due soon
    (DUE_SOON_DAYS), no progress for 30 days, then the rest; by deadline within each. Each row gets
    `risk` (0–3) and `last_progress_at`. Overdue and due soon are the projects' own rules
    (Project.objects.overdue / due_soon), not a second definition."""
    today = today or timezone.localdate()
    stale_before = timezone.make_aware(datetime.combine(today - timedelta(days=NO_PROGRESS_DAYS), time.min))
    return (projects.open()
            .annotate(last_progress_at=Max("progress_reports__created_at"))
            .annotate(risk=Case(
                When(pk__in=Project.objects.overdue(today).values("pk"), then=Value(RISK_OVERDUE)),
                When(pk__in=Project.objects.due_soon(today).values("pk"), then=Value(RISK_NEAR)),
                When(Q(last_progress_at__lt=stale_before)
                     | Q(last_progress_at__isnull=True, approved_at__lt=stale_before), then=Value(RISK_STALE)),
                default=Value(RISK_NONE), output_field=IntegerField()))
            .order_by("risk", "deadline", "id"))


def _months(start: date, end: date) -> list[date]:
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return months


def missed_months(community_ids, start: date, end: date, today: date | None = None) -> dict[int, list[date]]:
    """For each community: the months between `start` and `end` with a chair in office but no chair
    meeting held — only months already over (the current month is still "due"). Two queries."""
    today = today or timezone.localdate()
    this_month = today.replace(day=1)
    ids = list(community_ids)
    covered = (ChairTermMonth.objects.filter(community_id__in=ids, month__gte=start.replace(day=1), month__lte=end,
                                             month__lt=this_month)
               .values_list("community_id", "month"))
    held = set(Meeting.objects.filter(community_id__in=ids, kind=Meeting.Kind.CHAIR, status=Meeting.Status.HELD,
                                      month__gte=start.replace(day=1), month__lte=end)
               .values_list("community_id", "month"))
    out: dict[int, list[date]] = {cid: [] for cid in ids}
    for community_id, month in sorted(covered):
        if (community_id, month) not in held:
            out[community_id].append(month)
    return out


def meetings_by_community(community_ids, year: int, today: date | None = None) -> dict[int, dict]:
    """For the assessment: {"held": chair meetings held in `year`, "expected": months of `year` (already
    over) with a chair in office}."""
    today = today or timezone.localdate()
    ids = list(community_ids)
    start, end = date(year, 1, 1), date(year, 12, 31)
    expected: dict[int, int] = defaultdict(int)
    for community_id in (ChairTermMonth.objects.filter(community_id__in=ids, month__gte=start, month__lte=end,
                                                       month__lt=today.replace(day=1))
                         .values_list("community_id", flat=True)):
        expected[community_id] += 1
    held: dict[int, int] = defaultdict(int)
    for community_id in (Meeting.objects.filter(community_id__in=ids, kind=Meeting.Kind.CHAIR,
                                                status=Meeting.Status.HELD, month__gte=start, month__lte=end)
                         .values_list("community_id", flat=True)):
        held[community_id] += 1
    return {cid: {"held": held[cid], "expected": expected[cid]} for cid in ids}


def warnings_by_unit(unit_ids, year: int) -> dict[int, int]:
    """For the assessment: how many supervision records reached 通报 against each unit in `year`."""
    ids = list(unit_ids)
    counts: dict[int, int] = {uid: 0 for uid in ids}
    counts.update(Supervision.objects.filter(unit_id__in=ids, stage=Supervision.Stage.REPORT,
                                             reported_at__year=year)
                  .values("unit_id").annotate(n=Count("id")).values_list("unit_id", "n"))
    return counts


def supervision_counts(community_ids=None) -> dict[str, int]:
    """Open supervision records by stage, for dashboards."""
    qs = Supervision.objects.filter(status=Supervision.Status.AWAITING)
    if community_ids is not None:
        qs = qs.filter(community_id__in=list(community_ids))
    counts = {stage: 0 for stage in Supervision.Stage.values}
    counts.update(qs.values("stage").annotate(n=Count("id")).values_list("stage", "n"))
    return counts

