"""Reads of the projects area that several places need: the public board, near-deadline and overdue
lists, key-project warnings, rating summaries. Each answers in a fixed number of queries."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gongjian.core.masking import mask_name, mask_text
from gongjian.solicitation.validation import unstorable as unstorable_text

from .models import (
    ChangeNotice,
    Extension,
    ProgressAttachment,
    ProgressReport,
    Project,
    ProjectEvent,
    PublishedSnapshot,
    Rating,
    due_soon_on,
    due_soon_q,
    overdue_on,
    overdue_q,
)

KEY_PROJECTS_MIN, KEY_PROJECTS_MAX = 2, 3
# Close-out gate: more than this share of 不满意 ratings and `close` needs a reason (不满意重办).
MOSTLY_UNSATISFIED_SHARE = 0.5

# The board's columns: one query, no model instances, nothing personal but the handler's name
# (masked before it leaves this module).
_BOARD_FIELDS = ("id", "round_id", "community_id", "community__name", "community__street_id", "batch__number",
                 "title", "lead_unit_id", "lead_unit__name", "handler", "deadline", "status", "progress", "is_key")


@dataclass(frozen=True)
class ProjectFilters:
    """The one filter set of project lists. The API's documented filters (round, community, street,
    status, lead_unit, key, batch, overdue, near_deadline) are the core every list takes; the staff
    board adds `unit` (lead or co-unit) and a text search `q`."""

    round: int | None = None
    community: int | None = None
    street: int | None = None
    status: str | None = None
    lead_unit: int | None = None
    is_key: bool | None = None
    batch: int | None = None
    overdue: bool | None = None
    due_soon: bool | None = None
    unit: int | None = None
    q: str = ""
    in_hand: bool | None = None


# A deadline this far away is allowed but questioned (a typo of the year, or work that is not 办实事).
FAR_DEADLINE_DAYS = 365


def far_deadline_warning(deadline: date, today: date | None = None) -> str:
    """The warning a set-up page shows for a deadline more than FAR_DEADLINE_DAYS away ("" otherwise)."""
    today = today or timezone.localdate()
    if deadline and (deadline - today).days > FAR_DEADLINE_DAYS:
        return (f"提示：完成时限 {deadline:%Y-%m-%d} 在一年以后。办实事项目一般在本轮内完成，"
                "如填错了年份，请在“修改项目”中更正。")
    return ""


def current_round_id(user) -> int | None:
    """The round a staff list opens on: the newest round not yet closed that has projects the user
    sees, else the newest round with such projects (None: no projects at all)."""
    from gongjian import permissions
    from gongjian.solicitation.models import Round

    visible = permissions.visible(user, Project)
    rounds = visible.values("round_id").distinct()
    newest = (Round.objects.filter(pk__in=rounds).exclude(status=Round.Status.CLOSED).order_by("-year", "-id")
              .values_list("pk", flat=True).first())
    if newest is None:
        newest = Round.objects.filter(pk__in=rounds).order_by("-year", "-id").values_list("pk", flat=True).first()
    return newest


def project_list(user, filters: ProjectFilters, *, today: date | None = None) -> QuerySet:
    """The projects `user` may see, filtered — the staff board, the API list and (user None: the public)
    the public board all start here. Unordered: each surface orders as it shows."""
    if user is None:
        qs = Project.objects.public()
    else:
        from gongjian import permissions

        qs = permissions.visible(user, Project)
    return _filtered(qs, filters, today or timezone.localdate())


def _filtered(qs: QuerySet, f: ProjectFilters, today: date) -> QuerySet:
    if f.round is not None:
        qs = qs.filter(round_id=f.round)
    if f.community is not None:
        qs = qs.filter(community_id=f.community)
    if f.street is not None:
        qs = qs.filter(community__street_id=f.street)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.in_hand:
        qs = qs.in_hand()
    if f.lead_unit is not None:
        qs = qs.filter(lead_unit_id=f.lead_unit)
    if f.unit is not None:
        co = Project.co_units.through.objects.filter(unit_id=f.unit).values("project_id")
        qs = qs.filter(Q(lead_unit_id=f.unit) | Q(pk__in=co))
    if f.is_key is not None:
        qs = qs.filter(is_key=f.is_key)
    if f.batch is not None:
        qs = qs.filter(batch__number=f.batch)
    if f.overdue is not None:
        qs = qs.filter(overdue_q(today)) if f.overdue else qs.exclude(overdue_q(today))
    if f.due_soon:
        qs = qs.filter(due_soon_q(today))
    if f.q:
        qs = qs.filter(Q(title__contains=f.q) | Q(handler__contains=f.q) | Q(lead_unit__name__contains=f.q))
    return qs


def public_projects(*, ids=None, include_once_published: bool = False, **filters) -> QuerySet:
    """Projects the public may see (approved and later), filtered (ProjectFilters' fields).

    `include_once_published` adds projects published once and since sent back to draft (declined by
    the lead unit, awaiting re-assignment): what was published stays visible on its own page."""
    qs = Project.objects.public()
    if include_once_published:
        qs = Project.objects.filter(Q(status__in=Project.PUBLIC_STATUSES) | Q(approved_at__isnull=False))
    qs = _filtered(qs, ProjectFilters(**filters), timezone.localdate())
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs


def public_search_q(text: str) -> Q | None:
    """The public board's search: words of a project's title, its lead unit or its community — never
    the handler's name, and no long digit runs (a phone number written in a title is masked on the
    board; a search must not confirm it). None: nothing to search for."""
    text = (text or "").strip()[:50]
    if not text or re.search(r"\d{5,}", text) or unstorable_text(text):
        return None
    return Q(title__contains=text) | Q(lead_unit__name__contains=text) | Q(community__name__contains=text)


def public_board(filters: ProjectFilters, *, offset: int = 0, limit: int | None = 200, ids=None,
                 include_once_published: bool = False) -> tuple[int, list[dict]]:
    """The public board (公示): `(count, rows)` in two queries whatever the page size.

    Rows are plain dicts, the handler masked (张**) and phone or ID numbers written in the title masked:
    id, round, community, community_name, street, batch, title, lead_unit, lead_unit_name, handler,
    deadline, status, status_label, progress, key, overdue. A community's board lists key projects
    first, then by deadline.
    """
    fields = {name: getattr(filters, name) for name in ("round", "community", "street", "status")}
    qs = public_projects(ids=ids, include_once_published=include_once_published, **fields)
    if filters.q:
        search = public_search_q(filters.q)
        qs = qs.filter(search) if search is not None else qs.none()
    ordering = ("-round_id", "-is_key", "deadline", "id") if filters.community is not None else ("-id",)
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
            "batch": r["batch__number"], "title": mask_text(r["title"]), "lead_unit": r["lead_unit_id"],
            "lead_unit_name": r["lead_unit__name"], "handler": mask_name(r["handler"]),
            "deadline": r["deadline"], "status": r["status"], "status_label": str(labels[r["status"]]),
            "progress": r["progress"], "key": r["is_key"],
            "overdue": overdue_on(r["status"], r["deadline"], today),
            "due_soon": due_soon_on(r["status"], r["deadline"], today),
        }
        for r in rows
    ]


def public_detail(project) -> dict:
    """What the public sees of one project besides its board row: the progress timeline, public events,
    extensions (with their reasons), change notices and the as-first-published snapshot. Five queries.
    `project` is a Project or its id."""
    project = getattr(project, "pk", project)
    progress = [
        {"percent": p.percent, "note": mask_text(p.note), "unit": p.unit.name, "at": p.created_at}
        for p in ProgressReport.objects.filter(project_id=project).select_related("unit").order_by("-created_at", "-id")
    ]
    events = [
        {"action": e.action, "from_status": e.from_status, "to_status": e.to_status, "note": mask_text(e.note),
         "at": e.created_at}
        for e in ProjectEvent.objects.filter(project_id=project, public=True).order_by("created_at", "id")
    ]
    extensions = [
        {"id": x.pk, "old_deadline": x.old_deadline, "new_deadline": x.new_deadline, "reason": mask_text(x.reason),
         "status": x.status, "decision_note": mask_text(x.decision_note), "requested_at": x.created_at,
         "decided_at": x.decided_at}
        for x in Extension.objects.filter(project_id=project).order_by("created_at", "id")
    ]
    changes = []
    for n in ChangeNotice.objects.filter(project_id=project).order_by("changed_at", "id"):
        old, new = n.public_values()
        changes.append({"field": n.field, "label": n.get_field_display(), "old": old, "new": new,
                        "reason": mask_text(n.reason), "changed_at": n.changed_at, "text": n.public_text})
    snapshot = PublishedSnapshot.objects.filter(project_id=project).first()
    published = None
    if snapshot is not None:
        published = {"title": mask_text(snapshot.title), "lead_unit": snapshot.lead_unit_name,
                     "co_units": snapshot.co_unit_names, "handler": mask_name(snapshot.handler),
                     "deadline": snapshot.deadline, "key": snapshot.is_key, "published_at": snapshot.published_at}
    return {"progress_timeline": progress, "events": events, "extensions": extensions, "changes": changes,
            "published": published}


def published_list(batch_id: int) -> list[PublishedSnapshot]:
    """A batch's list as first published (公示), whatever changed since."""
    return list(PublishedSnapshot.objects.filter(batch_id=batch_id).order_by("published_at", "id"))


def key_project_warnings(community, round) -> list[str]:
    """Each community names 2–3 key projects (重点项目) a round; outside that range, a warning."""
    community_id = getattr(community, "pk", community)
    round_id = getattr(round, "pk", round)
    count = Project.objects.filter(community_id=community_id, round_id=round_id, is_key=True).count()
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


RATING_COMMENTS_SHOWN = 20


def rating_comments(project_ids, *, limit: int = RATING_COMMENTS_SHOWN) -> dict[int, list[dict]]:
    """Residents' comments with their ratings, newest first, at most `limit` per project (one query) —
    as written, for staff (project page, close-out); the public sees public_rating_comments."""
    ids = list(project_ids)
    found: dict[int, list[dict]] = {pk: [] for pk in ids}
    labels = dict(Rating.Value.choices)
    rows = (Rating.objects.filter(project_id__in=ids).exclude(comment="")
            .order_by("project_id", "-created_at", "-id").values("project_id", "value", "comment", "created_at"))
    for r in rows:
        if len(found[r["project_id"]]) < limit:
            found[r["project_id"]].append({"value": r["value"], "label": str(labels[r["value"]]),
                                           "comment": r["comment"], "at": r["created_at"]})
    return found


def public_rating_comments(project_id: int, *, limit: int = RATING_COMMENTS_SHOWN) -> list[dict]:
    """The newest residents' comments of a project for the public page: phone and ID numbers masked."""
    rows = (Rating.objects.filter(project_id=project_id).exclude(comment="").order_by("-created_at", "-id")
            .values("value", "comment", "created_at")[:limit])
    labels = dict(Rating.Value.choices)
    return [{"label": str(labels[r["value"]]), "comment": mask_text(r["comment"]), "at": r["created_at"]}
            for r in rows]


def public_photos(project_id: int) -> list[dict]:
    """The photos street or city staff chose to show on the public page (attachment_set_public)."""
    return list(ProgressAttachment.objects.filter(project_id=project_id, public=True, kind__in=("jpg", "png"))
                .exclude(thumbnail="").order_by("created_at", "id").values("id", "created_at"))


def closeout_checklist(queryset: QuerySet) -> list[dict]:
    """Completed projects awaiting close-out (销号) with their rating summary: two queries."""
    projects = list(queryset.filter(status=Project.Status.COMPLETED).select_related("community", "lead_unit")
                    .order_by("completed_at", "id"))
    summaries = rating_summaries(p.pk for p in projects)
    return [{"project": p, "ratings": summaries[p.pk]} for p in projects]
