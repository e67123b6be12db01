"""Opinions as Open311 requests: status, notes, the project they led to. No personal data: no name,
no phone, no receipt code, and phone and ID numbers written into the text are masked."""

from __future__ import annotations

from datetime import datetime, time

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from gongjian.core.masking import mask_text
from gongjian.projects.models import Project
from gongjian.solicitation.models import Opinion


def _first_project_status():
    """The status of the project an opinion led to: the first approved (or later) one of its problem,
    as the public receipt page shows it."""
    return Subquery(Project.objects.filter(problem_id=OuterRef("problem_id"), status__in=Project.PUBLIC_STATUSES)
                    .order_by("id").values("status")[:1])


def closed_only(opinions: QuerySet) -> QuerySet:
    return opinions.annotate(_project_status=_first_project_status()).filter(
        Q(status=Opinion.Status.REJECTED) | Q(_project_status=Project.Status.CLOSED))


def open_only(opinions: QuerySet) -> QuerySet:
    return opinions.annotate(_project_status=_first_project_status()).filter(
        ~Q(status=Opinion.Status.REJECTED)
        & (Q(_project_status__isnull=True) | ~Q(_project_status=Project.Status.CLOSED)))


def w3c(value) -> str | None:
    """ISO 8601 with offset; a date (a deadline) is the end of that day, local time."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = timezone.make_aware(datetime.combine(value, time(23, 59, 59)))
    return timezone.localtime(value).isoformat(timespec="seconds")


def _notes(opinion: Opinion, project: Project | None) -> str:
    if opinion.status == Opinion.Status.REJECTED:
        return f"不予采纳：{opinion.reject_reason}"
    if opinion.status == Opinion.Status.PENDING or opinion.problem is None:
        return "已收到，正在等待社区筛选"
    problem = opinion.problem
    text = f"已归并为问题 {problem.archive_no}"
    if problem.klass:
        text += f"（{problem.klass} 类：{problem.get_klass_display()}）"
        if problem.klass == "C" and problem.class_note:
            text += f"。说明：{problem.class_note}"
    if project is None:
        return text
    if project.status == Project.Status.CLOSED:
        return f"{text}；项目“{project.title}”已办结销号"
    return (f"{text}；已立项“{project.title}”，牵头单位 {project.lead_unit.name}，"
            f"{project.get_status_display()}，进度 {project.progress}%")


def requests_out(opinions: list[Opinion]) -> list[dict]:
    """The GeoReport v2 request objects of these opinions (two queries in all, whatever their number;
    the opinions come with category, community and problem selected)."""
    problem_ids = {o.problem_id for o in opinions if o.problem_id}
    first_project: dict[int, Project] = {}
    if problem_ids:
        for project in (Project.objects.filter(problem_id__in=problem_ids, status__in=Project.PUBLIC_STATUSES)
                        .select_related("lead_unit").order_by("id")):
            first_project.setdefault(project.problem_id, project)
    out = []
    for o in opinions:
        project = first_project.get(o.problem_id) if o.problem_id else None
        closed = o.status == Opinion.Status.REJECTED or (project is not None
                                                         and project.status == Project.Status.CLOSED)
        updated = max(o.updated_at, project.updated_at) if project is not None else o.updated_at
        out.append({
            "service_request_id": str(o.pk),  # the public number; the receipt code stays the resident's
            "status": "closed" if closed else "open",
            "status_notes": mask_text(_notes(o, project)),
            "service_name": o.category.name,
            "service_code": o.category.code,
            "description": mask_text(o.content),
            "agency_responsible": project.lead_unit.name if project is not None else None,
            "service_notice": None,
            "requested_datetime": w3c(o.created_at),
            "updated_datetime": w3c(updated),
            "expected_datetime": w3c(project.deadline) if project is not None else None,
            "address": o.community.name,
            "address_id": o.community.code,
            "zipcode": None,
            "lat": None,
            "long": None,
            "media_url": None,
        })
    return out
