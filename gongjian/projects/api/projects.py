"""Projects: the list, set-up (立项), details, changes and the state machine's steps."""

from datetime import date
from decimal import Decimal

from django.utils import timezone
from ninja import Field, Query, Router, Status
from pydantic import BaseModel

from gongjian import permissions
from gongjian.api.base import (
    COMMON_ERRORS,
    BadRequest,
    PageParams,
    body_doc,
    page_of,
    paged,
    read_body,
    resolve_ref,
)
from gongjian.projects import selectors, services
from gongjian.projects.models import TRANSITIONS, Project
from gongjian.solicitation.models import Problem

from .common import TAGS, ProjectOut, fresh, project_out, units_of, visible_project, with_relations

router = Router(tags=TAGS)


class ProjectRatingSummaryOut(BaseModel):
    satisfied: int
    basic: int
    unsatisfied: int
    total: int
    satisfaction_rate: float | None
    mostly_unsatisfied: bool


class ProjectCreatedOut(ProjectOut):
    warnings: list[str] = Field(..., description="如：本社区本轮重点项目不在 2–3 个之间")


class ProjectDetailOut(ProjectOut):
    warnings: list[str]
    ratings: ProjectRatingSummaryOut


class ProjectIn(BaseModel):
    problem: int | str = Field(..., description="问题 id 或档案号；须为 A 类或 B 类")
    title: str
    lead_unit: int | str = Field(..., description="牵头单位 id 或名称（问题所在社区的辖区单位）")
    co_units: list[int | str] = []
    handler: str
    handler_phone: str = ""
    deadline: date
    budget: Decimal = Field(Decimal("0"), ge=0, max_digits=14, decimal_places=2)
    fund_source: str = ""
    key: bool = False
    description: str = ""
    batch: int = Field(1, ge=1, le=32767, description="批次号")


class ProjectUpdateIn(BaseModel):
    version: int = Field(..., description="页面显示时的版本号")
    note: str = Field("", description="变更理由；已公示项目的牵头单位、承办人、完成时限变更会公开显示")
    title: str | None = None
    description: str | None = None
    lead_unit: int | str | None = None
    co_units: list[int | str] | None = None
    handler: str | None = None
    handler_phone: str | None = None
    deadline: date | None = None
    budget: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    fund_source: str | None = None
    key: bool | None = None


class ProjectTransitionIn(BaseModel):
    action: str = Field(..., description="、".join(TRANSITIONS))
    note: str = ""
    version: int | None = Field(None, description="可选：页面显示时的版本号，已被他人修改则 409")
    override_note: str = Field("", description="销号时：居民评价多数为不满意仍要销号的说明")


class _ActionIn(BaseModel):
    action: str = Field(..., min_length=1)


class ProjectListFilters(PageParams):
    round: int | None = None
    community: int | None = None
    street: int | None = None
    status: str | None = None
    lead_unit: int | None = None
    key: bool | None = None
    overdue: bool | None = None
    near_deadline: bool | None = None
    batch: int | None = Field(None, description="批次号")

    def selector_filters(self) -> selectors.ProjectFilters:
        return selectors.ProjectFilters(
            round=self.round, community=self.community, street=self.street, status=self.status,
            lead_unit=self.lead_unit, is_key=self.key, overdue=self.overdue, due_soon=self.near_deadline,
            batch=self.batch)


@router.get("/projects", response={200: page_of(ProjectOut), **COMMON_ERRORS}, summary="项目列表")
def project_list(request, filters: Query[ProjectListFilters]):
    today = timezone.localdate()
    qs = selectors.project_list(request.user, filters.selector_filters(), today=today)
    return paged(with_relations(qs).order_by("-id"), filters, out=lambda p: project_out(p, today))


@router.post("/projects", response={201: ProjectCreatedOut, **COMMON_ERRORS}, openapi_extra=body_doc(ProjectIn),
             summary="立项（由 A 类或 B 类问题）")
def project_create(request):
    user = request.user
    permissions.require(user, "create", Project)
    data = read_body(request, ProjectIn)
    problem = resolve_ref(permissions.visible(user, Problem), data.problem, "problem", "问题", by=("archive_no",))
    permissions.require(user, "create", Project(community_id=problem.community_id))
    units = units_of(problem.community_id)
    lead_unit = resolve_ref(units, data.lead_unit, "lead_unit", "牵头单位", by=("name",))
    co_units = [resolve_ref(units, ref, "co_units", "协办单位", by=("name",)) for ref in data.co_units]
    project = services.project_create(
        actor=user, problem=problem, title=data.title, lead_unit=lead_unit, co_units=co_units,
        handler=data.handler, handler_phone=data.handler_phone, deadline=data.deadline, budget=data.budget,
        fund_source=data.fund_source, is_key=data.key, description=data.description, batch_number=data.batch)
    out = project_out(fresh(project))
    out["warnings"] = selectors.key_project_warnings(problem.community, problem.round_id)
    return Status(201, out)


@router.get("/projects/{project_id}", response={200: ProjectDetailOut, **COMMON_ERRORS}, summary="项目详情")
def project_detail(request, project_id: int):
    project = permissions.get_visible_or_404(request.user, Project, project_id,
                                             queryset=with_relations(permissions.visible(request.user, Project)))
    out = project_out(project)
    out["warnings"] = selectors.key_project_warnings(project.community_id, project.round_id)
    out["ratings"] = selectors.rating_summary(project)
    return out


@router.patch("/projects/{project_id}", response={200: ProjectOut, **COMMON_ERRORS},
              openapi_extra=body_doc(ProjectUpdateIn), summary="修改项目（带版本号，防止覆盖他人修改）")
def project_update(request, project_id: int):
    user = request.user
    project = visible_project(request, project_id)
    permissions.require(user, "change", project)
    data = read_body(request, ProjectUpdateIn)
    changes = {f: getattr(data, f) for f in data.model_fields_set if f not in ("version", "note")}
    if "key" in changes:  # the API's `key` is the model's `is_key`
        changes["is_key"] = changes.pop("key")
    for field in ("title", "handler", "deadline", "is_key"):
        if field in changes and changes[field] is None:
            raise BadRequest("输入有误", {"key" if field == "is_key" else field: ["不能为空"]})
    units = units_of(project.community_id)
    if changes.get("lead_unit") is not None:
        changes["lead_unit"] = resolve_ref(units, changes["lead_unit"], "lead_unit", "牵头单位", by=("name",))
    elif "lead_unit" in changes:
        raise BadRequest("输入有误", {"lead_unit": ["不能为空"]})
    if "co_units" in changes:
        changes["co_units"] = [resolve_ref(units, ref, "co_units", "协办单位", by=("name",))
                               for ref in (changes["co_units"] or [])]
    for field in ("description", "handler_phone", "fund_source"):
        if field in changes and changes[field] is None:
            changes[field] = ""
    if "budget" in changes and changes["budget"] is None:
        changes["budget"] = Decimal("0")
    project = services.project_update(actor=user, project=project, expected_version=data.version, note=data.note,
                                      **changes)
    return project_out(fresh(project))


@router.post("/projects/{project_id}/transition", response={200: ProjectOut, **COMMON_ERRORS},
             openapi_extra=body_doc(ProjectTransitionIn),
             summary="项目流转：" + "、".join(t.label for t in TRANSITIONS.values()))
def project_transition(request, project_id: int):
    user = request.user
    project = visible_project(request, project_id)
    # The action names which permission to check; the rest of the body is validated after it.
    action = read_body(request, _ActionIn).action
    if action not in TRANSITIONS:
        raise BadRequest(f"未知操作：{action}", {"action": ["须为 " + "、".join(TRANSITIONS)]})
    permissions.require(user, action, project)
    data = read_body(request, ProjectTransitionIn)
    project = services.project_transition(actor=user, project=project, action=data.action, note=data.note,
                                          expected_version=data.version, override_note=data.override_note)
    return project_out(fresh(project))
