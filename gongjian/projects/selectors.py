"""Reads of the projects area that several places need: the public board, near-deadline and overdue
lists, key-project warnings, rating summaries. Each answers in a fixed number of queries."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gongjian.core.masking import mask_name

from .models import ChangeNotice, Extension, ProgressReport, Project, ProjectEvent, PublishedSnapshot, Rating

NEAR_DEADLINE_DAYS = 7
KEY_PROJECTS_MIN, KEY_PROJECTS_MAX = 2, 3
OPEN_STATUSES = (Project.Status.APPROVED, Project.Status.IN_PROGRESS)
# Close-out gate: more than this share of 不满意 ratings and `close` needs a reason (不满意重办).
MOSTLY_UNSATISFIED_SHARE = 0.5

# The board's columns: one query, no model instances, nothing personal but the handler's name
# (masked before it leaves this module).
_BOARD_FIELDS = ("id", "round_id", "community_id", "community__name", "community__street_id", "batch__number",
                 "title", "lead_unit_id", "lead_unit__name", "handler", "deadline", "status", "progress", "key")


def is_overdue(status: str, deadline: date, today: date | None = None) -> bool:
    """API.md: the deadline has passed and the project is not completed or closed."""
    return status not in Project.DONE_STATUSES and deadline < (today or timezone.localdate())


def overdue_q(today: date | None = None) -> Q:
    return ~Q(status__in=Project.DONE_STATUSES) & Q(deadline__lt=today or timezone.localdate())


def public_projects(*, community_id=None, round_id=None, street_id=None, status=None, ids=None,
                    include_once_published: bool = False) -> QuerySet:
    """Projects the public may see (approved and later), filtered. A queryset of Project.

    `include_once_published` adds projects published once and since sent back to draft (declined by
    the lead unit, awaiting re-assignment): what was published stays visible on its own page."""
    public = Q(status__in=Project.PUBLIC_STATUSES)
    if include_once_published:
        public |= Q(approved_at__isnull=False)
    qs = Project.objects.filter(public)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    if community_id is not None:
        qs = qs.filter(community_id=community_id)
    if round_id is not None:
        qs = qs.filter(round_id=round_id)
    if street_id is not None:
        qs = qs.filter(community__street_id=street_id)
    if status:
        qs = qs.filter(status=status)
    return qs


def public_board(community_id=None, round_id=None, *, street_id=None, status=None, offset: int = 0,
                 limit: int | None = 200, ids=None, include_once_published: bool = False
                 ) -> tuple[int, list[dict]]:
    """The public board (公示): `(count, rows)` in two queries whatever the page size.

    Rows are plain dicts, the handler already masked (张**): id, round, community, community_name,
    street, batch, title, lead_unit, lead_unit_name, handler, deadline, status, status_label, progress,
    key, overdue. A community's board lists key projects first, then by deadline.
    """
    qs = public_projects(community_id=community_id, round_id=round_id, street_id=street_id, status=status,
                         ids=ids, include_once_published=include_once_published)
    ordering = ("-round_id", "-key", "deadline", "id") if community_id is not None else ("-id",)
    count = qs.count()
    if offset >= count:  # past the end: no query with an offset the database cannot hold (?page=10^20)
        return count, []
    rows = qs.order_by(*ordering).values(*_BOARD_FIELDS)
    rows = rows[offset:offset + limit] if limit is not None else rows[offset:]
    today = timezone.localdate()
    labels = dict(Project.Status.choices)
    return count, [
        {
            "id": r["id"], "round": r["round_id"], "community": r["community_id"],
            "community_name": r["community__name"], "street": r["community__street_id"],
            "batch": r["batch__number"], "title": r["title"], "lead_unit": r["lead_unit_id"],
            "lead_unit_name": r["lead_unit__name"], "handler": mask_name(r["handler"]),
            "deadline": r["deadline"], "status": r["status"], "status_label": str(labels[r["status"]]),
            "progress": r["progress"], "key": r["key"],
            "overdue": is_overdue(r["status"], r["deadline"], today),
        }
        for r in rows
    ]


def public_detail(project) -> dict:
    """What the public sees of one project besides its board row: the progress timeline, public events,
    extensions (with their reasons), change notices and the as-first-published snapshot. Five queries.
    `project` is a Project or its id."""
    project = getattr(project, "pk", project)
    progress = [
        {"percent": p.percent, "note": p.note, "unit": p.unit.name, "at": p.created_at}
        for p in ProgressReport.objects.filter(project_id=project).select_related("unit").order_by("-created_at", "-id")
    ]
    events = [
        {"action": e.action, "from_status": e.from_status, "to_status": e.to_status, "note": e.note,
         "at": e.created_at}
        for e in ProjectEvent.objects.filter(project_id=project, public=True).order_by("created_at", "id")
    ]
    extensions = [
        {"id": x.pk, "old_deadline": x.old_deadline, "new_deadline": x.new_deadline, "reason": x.reason,
         "status": x.status, "decision_note": x.decision_note, "requested_at": x.created_at,
         "decided_at": x.decided_at}
        for x in Extension.objects.filter(project_id=project).order_by("created_at", "id")
    ]
    changes = []
    for n in ChangeNotice.objects.filter(project_id=project).order_by("changed_at", "id"):
        old, new = n.public_values()
        changes.append({"field": n.field, "label": n.get_field_display(), "old": old, "new": new,
                        "reason": n.reason, "changed_at": n.changed_at, "text": n.public_text})
    snapshot = PublishedSnapshot.objects.filter(project_id=project).first()
    published = None
    if snapshot is not None:
        published = {"title": snapshot.title, "lead_unit": snapshot.lead_unit_name,
                     "co_units": snapshot.co_unit_names, "handler": mask_name(snapshot.handler),
                     "deadline": snapshot.deadline, "key": snapshot.key, "published_at": snapshot.published_at}
    return {"progress_timeline": progress, "events": events, "extensions": extensions, "changes": changes,
            "published": published}


def published_list(batch_id: int) -> list[PublishedSnapshot]:
    """A batch's list as first published (公示), whatever changed since."""
    return list(PublishedSnapshot.objects.filter(batch_id=batch_id).order_by("published_at", "id"))


def near_deadline(queryset: QuerySet | None = None, *, days: int = NEAR_DEADLINE_DAYS,
                  today: date | None = None) -> QuerySet:
    """Open projects (approved or in progress) whose deadline falls within `days` from today (预警).
    Pass the user's visible queryset to stay inside their scope."""
    today = today or timezone.localdate()
    qs = queryset if queryset is not None else Project.objects.all()
    return qs.filter(status__in=OPEN_STATUSES, deadline__gte=today,
                     deadline__lte=today + timedelta(days=days)).order_by("deadline", "id")


def overdue(queryset: QuerySet | None = None, *, today: date | None = None) -> QuerySet:
    """Projects past their deadline and not done (逾期)."""
    qs = queryset if queryset is not None else Project.objects.all()
    return qs.filter(overdue_q(today)).order_by("deadline", "id")


def key_project_warnings(community, round) -> list[str]:
    """Each community names 2–3 key projects (重点项目) a round; outside that range, a warning."""
    community_id = getattr(community, "pk", community)
    round_id = getattr(round, "pk", round)
    count = Project.objects.filter(community_id=community_id, round_id=round_id, key=True).count()
    if KEY_PROJECTS_MIN <= count <= KEY_PROJECTS_MAX:
        return []
    name = getattr(community, "name", None) or "该社区"
    return [f"{name}本轮重点项目有 {count} 个，每个社区每轮应确定 {KEY_PROJECTS_MIN}–{KEY_PROJECTS_MAX} 个"]


def _summary(satisfied: int, basic: int, unsatisfied: int) -> dict:
    total = satisfied + basic + unsatisfied
    return {
        "satisfied": satisfied, "basic": basic, "unsatisfied": unsatisfied, "total": total,
        "satisfaction_rate": round((satisfied + basic) / total, 4) if total else None,
        "mostly_unsatisfied": bool(total) and unsatisfied / total > MOSTLY_UNSATISFIED_SHARE,
    }


def rating_summaries(project_ids) -> dict[int, dict]:
    """Residents' ratings per project (one query) — for the close-out checklist (销号): a project whose
    ratings are mostly 不满意 is flagged `mostly_unsatisfied`, and `close` refuses it without a reason."""
    ids = list(project_ids)
    rows = (Rating.objects.filter(project_id__in=ids).values("project_id")
            .annotate(s=Count("id", filter=Q(value=Rating.Value.SATISFIED)),
                      b=Count("id", filter=Q(value=Rating.Value.BASIC)),
                      u=Count("id", filter=Q(value=Rating.Value.UNSATISFIED))))
    found = {r["project_id"]: _summary(r["s"], r["b"], r["u"]) for r in rows}
    return {pk: found.get(pk, _summary(0, 0, 0)) for pk in ids}


def rating_summary(project) -> dict:
    pk = getattr(project, "pk", project)
    return rating_summaries([pk])[pk]


def closeout_checklist(queryset: QuerySet) -> list[dict]:
    """Completed projects awaiting close-out (销号) with their rating summary: two queries."""
    projects = list(queryset.filter(status=Project.Status.COMPLETED).select_related("community", "lead_unit")
                    .order_by("completed_at", "id"))
    summaries = rating_summaries(p.pk for p in projects)
    return [{"project": p, "ratings": summaries[p.pk]} for p in projects]
