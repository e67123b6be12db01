"""API: supervision notices 督办单 (催办 → 督办 → 通报) to a project's lead unit, and their replies."""

from datetime import date, datetime

from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel

from gongjian import permissions
from gongjian.api.base import COMMON_ERRORS, PageParams, body_doc, page_of, read_body
from gongjian.projects.models import Project
from gongjian.supervision.models import Supervision
from gongjian.supervision.services import notices

from .common import IdFilter, page_answer

router = Router()


class SupervisionStepOut(Schema):
    action: str
    stage: str
    on: date
    reply_due: date | None
    note: str


class SupervisionOut(Schema):
    id: int
    project: int
    project_title: str
    community: int
    unit: int = Field(..., description="督办对象：项目的牵头单位")
    stage: str = Field(..., description="urge 催办 · supervise 督办 · report 通报")
    status: str = Field(..., description="awaiting_reply 待回复 · replied 已回复")
    finding: str
    requirement: str
    issued_on: date
    reply_due: date
    issued_by: int | None
    reply: str
    replied_at: datetime | None
    reported_at: datetime | None


class SupervisionDetailOut(SupervisionOut):
    steps: list[SupervisionStepOut]


class SupervisionIn(BaseModel):
    project: int
    finding: str
    requirement: str
    reply_due: date = Field(..., description="回复期限，须晚于下发日期")
    stage: str = Field("urge", description="urge 催办 或 supervise 督办")
    issued_on: date | None = Field(None, description="下发日期，默认今天；可补录项目销号前的督办")


class SupervisionReplyIn(BaseModel):
    reply: str


class SupervisionEscalateIn(BaseModel):
    note: str = ""


class SupervisionFilters(PageParams):
    community: IdFilter | None = None
    project: IdFilter | None = None
    unit: IdFilter | None = None
    status: str | None = None
    stage: str | None = None


def supervision_out(s: Supervision) -> dict:
    return {"id": s.pk, "project": s.project_id, "project_title": s.project.title, "community": s.community_id,
            "unit": s.unit_id, "stage": s.stage, "status": s.status, "finding": s.finding,
            "requirement": s.requirement, "issued_on": s.issued_on, "reply_due": s.reply_due,
            "issued_by": s.issued_by_id, "reply": s.reply, "replied_at": s.replied_at, "reported_at": s.reported_at}


def supervision_detail_out(s: Supervision) -> dict:
    out = supervision_out(s)
    out["steps"] = [{"action": st.action, "stage": st.stage, "on": st.on, "reply_due": st.reply_due, "note": st.note}
                    for st in s.steps.all()]
    return out


def _visible_supervision(request, pk) -> Supervision:
    qs = permissions.visible(request.user, Supervision).select_related("project")
    return permissions.get_visible_or_404(request.user, Supervision, pk, queryset=qs)


@router.get("/supervisions", response={200: page_of(SupervisionOut), **COMMON_ERRORS}, summary="督办单列表")
def supervision_list(request, filters: Query[SupervisionFilters]):
    qs = permissions.visible(request.user, Supervision).select_related("project")
    for field in ("community", "project", "unit"):
        if getattr(filters, field) is not None:
            qs = qs.filter(**{f"{field}_id": getattr(filters, field)})
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    return page_answer(qs.order_by("-issued_on", "-id"), filters, supervision_out)


@router.post("/supervisions", response={201: SupervisionDetailOut, **COMMON_ERRORS},
             openapi_extra=body_doc(SupervisionIn), summary="下发督办单（催办/督办）")
def supervision_create(request):
    user = request.user
    permissions.require(user, "create", Supervision)
    data = read_body(request, SupervisionIn)
    project = permissions.get_visible_or_404(user, Project, data.project)
    permissions.require(user, "create", Supervision(community_id=project.community_id))
    record = notices.supervision_issue(actor=user, project=project, finding=data.finding,
                                       requirement=data.requirement, reply_due=data.reply_due, stage=data.stage,
                                       issued_on=data.issued_on)
    return Status(201, supervision_detail_out(record))


@router.get("/supervisions/{supervision_id}", response={200: SupervisionDetailOut, **COMMON_ERRORS},
            summary="督办单详情（含每一步）")
def supervision_detail(request, supervision_id: int):
    return supervision_detail_out(_visible_supervision(request, supervision_id))


@router.post("/supervisions/{supervision_id}/reply", response={200: SupervisionDetailOut, **COMMON_ERRORS},
             openapi_extra=body_doc(SupervisionReplyIn), summary="牵头单位回复督办单")
def supervision_reply(request, supervision_id: int):
    record = _visible_supervision(request, supervision_id)
    permissions.require(request.user, "reply", record)
    data = read_body(request, SupervisionReplyIn)
    record = notices.supervision_reply(actor=request.user, supervision=record, reply=data.reply)
    return supervision_detail_out(record)


@router.post("/supervisions/{supervision_id}/escalate", response={200: SupervisionDetailOut, **COMMON_ERRORS},
             openapi_extra=body_doc(SupervisionEscalateIn), summary="逾期未回复：升级（催办→督办→通报）")
def supervision_escalate(request, supervision_id: int):
    record = _visible_supervision(request, supervision_id)
    permissions.require(request.user, "escalate", record)
    data = read_body(request, SupervisionEscalateIn)
    record = notices.supervision_escalate(actor=request.user, supervision=record, note=data.note)
    return supervision_detail_out(record)
