"""What the projects API modules share: the project's shape and how a project is looked up."""

from datetime import date, datetime

from django.db.models import Prefetch
from django.utils import timezone
from ninja import Field, Schema

from gongjian import permissions
from gongjian.projects.models import Project
from gongjian.registry.models import Unit

TAGS = ["办实事项目"]
PUBLIC_TAGS = ["居民公开接口"]


class ProjectOut(Schema):
    id: int
    round: int
    batch: int | None = Field(None, description="批次号（第几批），不是 id")
    problem: int
    community: int
    title: str
    description: str
    lead_unit: int
    co_units: list[int]
    handler: str
    handler_phone: str
    deadline: date
    budget: str = Field(..., description="十进制字符串，如 \"8000.00\"")
    fund_source: str
    key: bool = Field(..., description="重点项目")
    status: str
    progress: int
    overdue: bool = Field(..., description="已过完成时限且为已公示或实施中")
    near_deadline: bool = Field(..., description="已公示或实施中且 7 天内到期")
    completion_note: str
    approved_at: datetime | None
    completed_at: datetime | None
    closed_at: datetime | None
    version: int = Field(..., description="修改时带回此版本号；已被他人修改则 409")


def project_out(p: Project, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    return {
        "id": p.pk, "round": p.round_id, "batch": p.batch.number if p.batch_id else None,
        "problem": p.problem_id, "community": p.community_id, "title": p.title, "description": p.description,
        "lead_unit": p.lead_unit_id, "co_units": sorted(u.pk for u in p.co_units.all()),
        "handler": p.handler, "handler_phone": p.handler_phone, "deadline": p.deadline,
        "budget": f"{p.budget:.2f}", "fund_source": p.fund_source, "key": p.is_key, "status": p.status,
        "progress": p.progress, "overdue": p.is_overdue(today), "near_deadline": p.is_due_soon(today),
        "completion_note": p.completion_note, "approved_at": p.approved_at, "completed_at": p.completed_at,
        "closed_at": p.closed_at, "version": p.version,
    }


def with_relations(qs):
    return qs.select_related("batch").prefetch_related(Prefetch("co_units", queryset=Unit.objects.only("id")))


def fresh(project: Project) -> Project:
    return with_relations(Project.objects.filter(pk=project.pk)).get()


def visible_project(request, project_id: int) -> Project:
    return permissions.get_visible_or_404(request.user, Project, project_id,
                                          queryset=permissions.visible(request.user, Project)
                                          .select_related("lead_unit", "community"))


def units_of(community_id: int):
    return Unit.objects.filter(community_id=community_id)


def multipart_doc(**fields: str) -> dict:
    properties = {name: ({"type": "string", "format": "binary", "description": desc} if name == "file"
                         else {"type": "string", "description": desc}) for name, desc in fields.items()}
    return {"requestBody": {"required": True, "content": {"multipart/form-data": {
        "schema": {"type": "object", "properties": properties, "required": ["file"]}}}}}
