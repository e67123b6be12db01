"""API: project warnings 预警 (yellow, red) and the liaison's risk list."""

from datetime import date, datetime

from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel

from gongjian import permissions
from gongjian.api.base import COMMON_ERRORS, PageParams, body_doc, page_of, read_body
from gongjian.projects.models import DUE_SOON_DAYS, Project
from gongjian.supervision import selectors
from gongjian.supervision.models import ProjectWarning
from gongjian.supervision.services import warnings

from .common import IdFilter, page_answer

router = Router()


class ProjectWarningOut(Schema):
    id: int
    project: int
    project_title: str
    community: int
    unit: int
    level: str = Field(..., description="yellow 黄色预警 · red 红色预警")
    reason: str = Field(..., description="near_deadline · no_progress · overdue · other")
    note: str
    raised_on: date
    active: bool
    lifted_at: datetime | None


class ProjectWarningIn(BaseModel):
    project: int
    level: str
    reason: str
    note: str = ""


class ProjectWarningLiftIn(BaseModel):
    note: str = ""


class ProjectWarningFilters(PageParams):
    community: IdFilter | None = None
    project: IdFilter | None = None
    level: str | None = None
    active: bool | None = None


class RiskProjectOut(Schema):
    id: int
    title: str
    community: int
    community_name: str
    lead_unit: int
    lead_unit_name: str
    deadline: date
    status: str
    progress: int
    risk: int = Field(..., description=f"0 逾期 · 1 临近时限（{DUE_SOON_DAYS}天内） · 2 30天无进展 · 3 正常")
    risk_label: str
    last_progress_at: datetime | None


class RiskFilters(PageParams):
    community: IdFilter | None = None


def warning_out(w: ProjectWarning) -> dict:
    return {"id": w.pk, "project": w.project_id, "project_title": w.project.title, "community": w.community_id,
            "unit": w.unit_id, "level": w.level, "reason": w.reason, "note": w.note, "raised_on": w.raised_on,
            "active": w.active, "lifted_at": w.lifted_at}


def risk_out(p: Project) -> dict:
    return {"id": p.pk, "title": p.title, "community": p.community_id, "community_name": p.community.name,
            "lead_unit": p.lead_unit_id, "lead_unit_name": p.lead_unit.name, "deadline": p.deadline,
            "status": p.status, "progress": p.progress, "risk": p.risk,
            "risk_label": selectors.RISK_LABELS[p.risk], "last_progress_at": p.last_progress_at}


@router.get("/warnings", response={200: page_of(ProjectWarningOut), **COMMON_ERRORS}, summary="项目预警列表")
def warning_list(request, filters: Query[ProjectWarningFilters]):
    qs = permissions.visible(request.user, ProjectWarning).select_related("project")
    if filters.community is not None:
        qs = qs.filter(community_id=filters.community)
    if filters.project is not None:
        qs = qs.filter(project_id=filters.project)
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.active is not None:
        qs = qs.filter(active=filters.active)
    return page_answer(qs.order_by("-raised_on", "-id"), filters, warning_out)


@router.post("/warnings", response={201: ProjectWarningOut, **COMMON_ERRORS}, openapi_extra=body_doc(ProjectWarningIn),
             summary="发出预警（黄色/红色）")
def warning_create(request):
    user = request.user
    permissions.require(user, "create", ProjectWarning)
    data = read_body(request, ProjectWarningIn)
    project = permissions.get_visible_or_404(user, Project, data.project)
    permissions.require(user, "create", ProjectWarning(community_id=project.community_id))
    warning = warnings.warning_raise(actor=user, project=project, level=data.level, reason=data.reason,
                                     note=data.note)
    return Status(201, warning_out(warning))


@router.post("/warnings/{warning_id}/lift", response={200: ProjectWarningOut, **COMMON_ERRORS},
             openapi_extra=body_doc(ProjectWarningLiftIn), summary="解除预警")
def warning_lift(request, warning_id: int):
    qs = permissions.visible(request.user, ProjectWarning).select_related("project")
    warning = permissions.get_visible_or_404(request.user, ProjectWarning, warning_id, queryset=qs)
    permissions.require(request.user, "lift", warning)
    data = read_body(request, ProjectWarningLiftIn)
    return warning_out(warnings.warning_lift(actor=request.user, warning=warning, note=data.note))


@router.get("/supervision/risk", response={200: page_of(RiskProjectOut), **COMMON_ERRORS},
            summary="风险项目：逾期、临近时限、30天无进展（联络员首页）")
def risk_list(request, filters: Query[RiskFilters]):
    qs = permissions.visible(request.user, Project)
    if filters.community is not None:
        qs = qs.filter(community_id=filters.community)
    return page_answer(selectors.projects_by_risk(qs.select_related("community", "lead_unit")), filters, risk_out)
