"""API: projects, transitions, progress and evidence, extensions, bulk set-up; the public board and
residents' ratings (API.md › Projects, Public).

Every handler: look the object up among the visible rows (404) → permission (403) → read the body
(400) → one service call (409 from the service's state checks) → the answer.
"""

import json
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel

from gongjian import permissions
from gongjian.api.base import (
    COMMON_ERRORS,
    BadRequest,
    ErrorOut,
    body_doc,
    page_of,
    paginate,
    parse_json,
    rate_limit,
    read_body,
    resolve_ref,
)
from gongjian.registry.models import Unit
from gongjian.solicitation.models import Opinion, Problem, Round

from . import board_cache, selectors, services
from .imports import SheetError, projects_import
from .models import Extension, ProgressAttachment, ProgressReport, Project

router = Router(tags=["办实事项目"])
PUBLIC_TAGS = ["居民公开接口"]

PUBLIC_ERRORS = {400: ErrorOut, 404: ErrorOut, 409: ErrorOut, 429: ErrorOut}


JSON_TYPE = "application/json; charset=utf-8"


def _public_read_rate() -> str:
    # Generous by default; a deployment behind a shared proxy address may raise or clear it ("").
    return getattr(settings, "GONGJIAN_PUBLIC_READ_RATE", "600/m")


# ------------------------------------------------------------------------------ schemas

class PageParams(Schema):
    page: int = 1
    page_size: int = 50


class RatingSummaryOut(Schema):
    satisfied: int
    basic: int
    unsatisfied: int
    total: int
    satisfaction_rate: float | None
    mostly_unsatisfied: bool


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
    key: bool
    status: str
    progress: int
    overdue: bool
    near_deadline: bool = Field(..., description="未完成且 7 天内到期")
    completion_note: str
    approved_at: datetime | None
    completed_at: datetime | None
    closed_at: datetime | None
    version: int = Field(..., description="修改时带回此版本号；已被他人修改则 409")


class ProjectCreatedOut(ProjectOut):
    warnings: list[str] = Field(..., description="如：本社区本轮重点项目不在 2–3 个之间")


class ProjectDetailOut(ProjectOut):
    warnings: list[str]
    ratings: RatingSummaryOut


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
    batch: int = Field(1, ge=1, description="批次号")


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


class TransitionIn(BaseModel):
    action: str = Field(..., description="approve, decline, start, report_done, return, close")
    note: str = ""
    version: int | None = Field(None, description="可选：页面显示时的版本号，已被他人修改则 409")
    override_note: str = Field("", description="销号时：居民评价多数为不满意仍要销号的说明")


class AttachmentOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    url: str
    created_at: datetime


class ProgressIn(BaseModel):
    percent: int = Field(..., ge=0, le=100)
    note: str


class ProgressOut(Schema):
    id: int
    project: int
    percent: int
    note: str
    unit: int
    unit_name: str
    created_at: datetime
    attachments: list[AttachmentOut]


class ExtensionIn(BaseModel):
    deadline: date
    reason: str


class ExtensionDecideIn(BaseModel):
    approve: bool
    note: str = ""


class ExtensionOut(Schema):
    id: int
    project: int
    old_deadline: date
    new_deadline: date
    reason: str
    status: str
    decision_note: str
    created_at: datetime
    decided_at: datetime | None


class ImportOut(Schema):
    created: int
    ids: list[int]
    warnings: list[str]


class ProjectFilters(Schema):
    round: int | None = None
    community: int | None = None
    status: str | None = None
    lead_unit: int | None = None
    key: bool | None = None
    overdue: bool | None = None
    near_deadline: bool | None = None
    batch: int | None = Field(None, description="批次号")


# ------------------------------------------------------------------------------ helpers

def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _project_out(p: Project, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    return {
        "id": p.pk, "round": p.round_id, "batch": p.batch.number if p.batch_id else None,
        "problem": p.problem_id, "community": p.community_id, "title": p.title, "description": p.description,
        "lead_unit": p.lead_unit_id, "co_units": sorted(u.pk for u in p.co_units.all()),
        "handler": p.handler, "handler_phone": p.handler_phone, "deadline": p.deadline,
        "budget": _money(p.budget), "fund_source": p.fund_source, "key": p.key, "status": p.status,
        "progress": p.progress, "overdue": selectors.is_overdue(p.status, p.deadline, today),
        "near_deadline": (p.status in selectors.OPEN_STATUSES
                          and 0 <= (p.deadline - today).days <= selectors.NEAR_DEADLINE_DAYS),
        "completion_note": p.completion_note, "approved_at": p.approved_at, "completed_at": p.completed_at,
        "closed_at": p.closed_at, "version": p.version,
    }


def _with_relations(qs):
    return qs.select_related("batch").prefetch_related(Prefetch("co_units", queryset=Unit.objects.only("id")))


def _fresh(project: Project) -> Project:
    return _with_relations(Project.objects.filter(pk=project.pk)).get()


def _attachment_out(a: ProgressAttachment) -> dict:
    return {"id": a.pk, "name": a.name, "kind": a.kind, "size": a.size, "url": a.file.url,
            "created_at": a.created_at}


def _progress_out(r: ProgressReport) -> dict:
    return {"id": r.pk, "project": r.project_id, "percent": r.percent, "note": r.note, "unit": r.unit_id,
            "unit_name": r.unit.name, "created_at": r.created_at,
            "attachments": [_attachment_out(a) for a in r.attachments.all()]}


def _extension_out(x: Extension) -> dict:
    return {"id": x.pk, "project": x.project_id, "old_deadline": x.old_deadline, "new_deadline": x.new_deadline,
            "reason": x.reason, "status": x.status, "decision_note": x.decision_note,
            "created_at": x.created_at, "decided_at": x.decided_at}


def _units_of(community_id: int):
    return Unit.objects.filter(community_id=community_id)


def _visible_project(request, project_id: int) -> Project:
    return permissions.get_visible_or_404(request.user, Project, project_id,
                                          queryset=permissions.visible(request.user, Project)
                                          .select_related("lead_unit", "community"))


def _multipart_doc(**fields: str) -> dict:
    properties = {name: ({"type": "string", "format": "binary", "description": desc} if name == "file"
                         else {"type": "string", "description": desc}) for name, desc in fields.items()}
    return {"requestBody": {"required": True, "content": {"multipart/form-data": {
        "schema": {"type": "object", "properties": properties, "required": ["file"]}}}}}


# ------------------------------------------------------------------------------ staff endpoints

@router.get("/projects", response={200: page_of(ProjectOut), **COMMON_ERRORS}, summary="项目列表")
def project_list(request, params: Query[PageParams], filters: Query[ProjectFilters]):
    qs = permissions.visible(request.user, Project)
    if filters.round is not None:
        qs = qs.filter(round_id=filters.round)
    if filters.community is not None:
        qs = qs.filter(community_id=filters.community)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.lead_unit is not None:
        qs = qs.filter(lead_unit_id=filters.lead_unit)
    if filters.key is not None:
        qs = qs.filter(key=filters.key)
    if filters.batch is not None:
        qs = qs.filter(batch__number=filters.batch)
    if filters.overdue is not None:
        qs = qs.filter(selectors.overdue_q()) if filters.overdue else qs.exclude(selectors.overdue_q())
    if filters.near_deadline:
        qs = selectors.near_deadline(qs)
    count, rows = paginate(_with_relations(qs).order_by("-id"), params.page, params.page_size)
    today = timezone.localdate()
    return {"count": count, "results": [_project_out(p, today) for p in rows]}


@router.post("/projects", response={201: ProjectCreatedOut, **COMMON_ERRORS}, openapi_extra=body_doc(ProjectIn),
             summary="立项（由 A 类或 B 类问题）")
def project_create(request):
    user = request.user
    permissions.require(user, "create", Project)
    data = read_body(request, ProjectIn)
    problem = resolve_ref(permissions.visible(user, Problem), data.problem, "problem", "问题", by=("archive_no",))
    permissions.require(user, "create", Project(community_id=problem.community_id))
    units = _units_of(problem.community_id)
    lead_unit = resolve_ref(units, data.lead_unit, "lead_unit", "牵头单位", by=("name",))
    co_units = [resolve_ref(units, ref, "co_units", "协办单位", by=("name",)) for ref in data.co_units]
    project = services.project_create(
        actor=user, problem=problem, title=data.title, lead_unit=lead_unit, co_units=co_units,
        handler=data.handler, handler_phone=data.handler_phone, deadline=data.deadline, budget=data.budget,
        fund_source=data.fund_source, key=data.key, description=data.description, batch_number=data.batch)
    out = _project_out(_fresh(project))
    out["warnings"] = selectors.key_project_warnings(problem.community, problem.round_id)
    return Status(201, out)


@router.post("/projects/import", response={201: ImportOut, **COMMON_ERRORS},
             openapi_extra=_multipart_doc(file="Excel（.xlsx/.xls）或 CSV：问题档案号、项目名称、牵头单位、协办单位、"
                                               "承办人、联系电话、完成时限、预算、资金来源、重点、批次",
                                          round="轮次 id"),
             summary="从 Excel 批量立项（全部成功或全部不导入）")
def project_import(request):
    user = request.user
    permissions.require(user, "create", Project)
    upload = request.FILES.get("file")
    if upload is None:
        raise BadRequest("请上传文件", {"file": ["此项必填"]})
    rnd = resolve_ref(permissions.visible(user, Round), request.POST.get("round"), "round", "轮次", by=("name",))
    try:
        result = projects_import(actor=user, round=rnd, file=upload, filename=upload.name)
    except SheetError as exc:
        raise BadRequest(exc.detail, {"rows": exc.rows}) from None
    return Status(201, {"created": len(result.projects), "ids": [p.pk for p in result.projects],
                        "warnings": result.warnings})


@router.get("/projects/{project_id}", response={200: ProjectDetailOut, **COMMON_ERRORS}, summary="项目详情")
def project_detail(request, project_id: int):
    project = permissions.get_visible_or_404(request.user, Project, project_id,
                                             queryset=_with_relations(permissions.visible(request.user, Project)))
    out = _project_out(project)
    out["warnings"] = selectors.key_project_warnings(project.community_id, project.round_id)
    out["ratings"] = selectors.rating_summary(project)
    return out


@router.patch("/projects/{project_id}", response={200: ProjectOut, **COMMON_ERRORS},
              openapi_extra=body_doc(ProjectUpdateIn), summary="修改项目（带版本号，防止覆盖他人修改）")
def project_update(request, project_id: int):
    user = request.user
    project = _visible_project(request, project_id)
    permissions.require(user, "change", project)
    data = read_body(request, ProjectUpdateIn)
    changes = {f: getattr(data, f) for f in data.model_fields_set if f not in ("version", "note")}
    for field in ("title", "handler", "deadline", "key"):
        if field in changes and changes[field] is None:
            raise BadRequest("输入有误", {field: ["不能为空"]})
    units = _units_of(project.community_id)
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
    return _project_out(_fresh(project))


@router.post("/projects/{project_id}/transition", response={200: ProjectOut, **COMMON_ERRORS},
             openapi_extra=body_doc(TransitionIn), summary="项目流转：审批、退回、签收、报告完成、退回重办、销号")
def project_transition(request, project_id: int):
    user = request.user
    project = _visible_project(request, project_id)
    action = _peek_action(request)
    if action not in Project.TRANSITIONS:
        raise BadRequest(f"未知操作：{action}", {"action": ["须为 " + "、".join(Project.TRANSITIONS)]})
    permissions.require(user, action, project)
    data = read_body(request, TransitionIn)
    project = services.project_transition(actor=user, project=project, action=action, note=data.note,
                                          expected_version=data.version, override_note=data.override_note)
    return _project_out(_fresh(project))


def _peek_action(request) -> str:
    """The action names which permission to check; the rest of the body is validated after it."""
    data = parse_json(request.body or b"{}")
    action = data.get("action") if isinstance(data, dict) else None
    if not isinstance(action, str) or not action:
        raise BadRequest("请指定操作 action", {"action": ["此项必填"]})
    return action


@router.get("/projects/{project_id}/progress", response={200: page_of(ProgressOut), **COMMON_ERRORS},
            summary="进度记录（最新在前）")
def progress_list(request, project_id: int, params: Query[PageParams]):
    project = _visible_project(request, project_id)
    qs = (ProgressReport.objects.filter(project=project).select_related("unit")
          .prefetch_related("attachments").order_by("-created_at", "-id"))
    count, rows = paginate(qs, params.page, params.page_size)
    return {"count": count, "results": [_progress_out(r) for r in rows]}


@router.post("/projects/{project_id}/progress", response={201: ProgressOut, **COMMON_ERRORS},
             openapi_extra=body_doc(ProgressIn), summary="填报进度（牵头或协办单位）")
def progress_create(request, project_id: int):
    user = request.user
    project = _visible_project(request, project_id)
    permissions.require(user, "progress", project)
    data = read_body(request, ProgressIn)
    report = services.progress_report(actor=user, project=project, unit=user.unit, percent=data.percent,
                                      note=data.note)
    return Status(201, _progress_out(report))


@router.post("/projects/{project_id}/progress/{report_id}/attachments",
             response={201: AttachmentOut, **COMMON_ERRORS},
             openapi_extra=_multipart_doc(file="照片或文件：jpg、png、pdf、docx、xlsx，不超过 10 MB"),
             summary="上传进度照片或文件")
def progress_attach(request, project_id: int, report_id: int):
    user = request.user
    project = _visible_project(request, project_id)
    report = ProgressReport.objects.filter(project=project, pk=report_id).first()
    if report is None:
        raise Http404("进度记录不存在")
    permissions.require(user, "attach", project)
    upload = request.FILES.get("file")
    if upload is None:
        raise BadRequest("请上传文件", {"file": ["此项必填"]})
    attachment = services.progress_attach(actor=user, project=project, file=upload, filename=upload.name,
                                          report=report)
    return Status(201, _attachment_out(attachment))


@router.get("/projects/{project_id}/extensions", response={200: page_of(ExtensionOut), **COMMON_ERRORS},
            summary="延期申请列表")
def extension_list(request, project_id: int, params: Query[PageParams]):
    project = _visible_project(request, project_id)
    count, rows = paginate(Extension.objects.filter(project=project).order_by("-created_at", "-id"),
                           params.page, params.page_size)
    return {"count": count, "results": [_extension_out(x) for x in rows]}


@router.post("/projects/{project_id}/extension", response={201: ExtensionOut, **COMMON_ERRORS},
             openapi_extra=body_doc(ExtensionIn), summary="申请延期（牵头单位）")
def extension_request(request, project_id: int):
    user = request.user
    project = _visible_project(request, project_id)
    permissions.require(user, "extension_request", project)
    data = read_body(request, ExtensionIn)
    extension = services.extension_request(actor=user, project=project, deadline=data.deadline,
                                           reason=data.reason)
    return Status(201, _extension_out(extension))


@router.post("/projects/{project_id}/extensions/{extension_id}/decide",
             response={200: ExtensionOut, **COMMON_ERRORS}, openapi_extra=body_doc(ExtensionDecideIn),
             summary="审批延期申请（街道、市级）")
def extension_decide(request, project_id: int, extension_id: int):
    user = request.user
    project = _visible_project(request, project_id)
    extension = Extension.objects.filter(project=project, pk=extension_id).first()
    if extension is None:
        raise Http404("延期申请不存在")
    permissions.require(user, "extension_decide", project)
    data = read_body(request, ExtensionDecideIn)
    extension = services.extension_decide(actor=user, extension=extension, approve=data.approve, note=data.note)
    return _extension_out(extension)


# ------------------------------------------------------------------------------ public endpoints

class PublicProjectOut(Schema):
    id: int
    round: int
    batch: int | None
    community: int
    community_name: str
    street: int
    title: str
    lead_unit: int
    lead_unit_name: str
    handler: str = Field(..., description="已遮掩，如 张**")
    deadline: date
    status: str
    status_label: str
    progress: int
    key: bool
    overdue: bool


class PublicProgressOut(Schema):
    percent: int
    note: str
    unit: str
    at: datetime


class PublicEventOut(Schema):
    action: str
    from_status: str
    to_status: str
    note: str
    at: datetime


class PublicExtensionOut(Schema):
    id: int
    old_deadline: date
    new_deadline: date
    reason: str
    status: str
    decision_note: str
    requested_at: datetime
    decided_at: datetime | None


class PublicChangeOut(Schema):
    field: str
    label: str
    old: str
    new: str
    reason: str
    changed_at: datetime
    text: str = Field(..., description="如：2010-07-01 完成时限由“2010-06-30”变更为“2010-08-31”")


class PublishedOut(Schema):
    title: str
    lead_unit: str
    co_units: str
    handler: str
    deadline: date
    key: bool
    published_at: datetime


class PublicRatingsOut(Schema):
    satisfied: int
    basic: int
    unsatisfied: int
    total: int
    satisfaction_rate: float | None


class PublicProjectDetailOut(PublicProjectOut):
    published: PublishedOut | None = Field(..., description="首次公示时的内容，此后的变更见 changes")
    progress_timeline: list[PublicProgressOut]
    events: list[PublicEventOut]
    extensions: list[PublicExtensionOut]
    changes: list[PublicChangeOut]
    ratings: PublicRatingsOut


class PublicFilters(Schema):
    community: int | None = None
    street: int | None = None
    round: int | None = None
    status: str | None = None


class RatingIn(BaseModel):
    rating: str = Field(..., description="satisfied 满意 · basic 基本满意 · unsatisfied 不满意")
    receipt_code: str


class RatingOut(Schema):
    id: int
    project: int
    rating: str
    created_at: datetime


def _public_read(request):
    rate = _public_read_rate()
    if rate:
        rate_limit(request, "public_projects_read", rate)


@router.get("/public/projects", auth=None, tags=PUBLIC_TAGS, response={200: page_of(PublicProjectOut), **PUBLIC_ERRORS},
                   summary="公示的项目（已审批及以后）")
def public_project_list(request, params: Query[PageParams], filters: Query[PublicFilters]):
    _public_read(request)
    paginate(Project.objects.none(), params.page, params.page_size)  # checks page and page_size
    key = None
    if filters.community is not None and filters.street is None:
        # A community's board: answered from the cache without SQL until a service changes it.
        key = board_cache.community_cache_key("api", filters.community, filters.round, filters.status,
                                              params.page, params.page_size)
        content = cache.get(key)
        if content is not None:
            return HttpResponse(content, content_type=JSON_TYPE)
    count, rows = selectors.public_board(filters.community, filters.round, street_id=filters.street,
                                         status=filters.status, offset=(params.page - 1) * params.page_size,
                                         limit=params.page_size)
    answer = {"count": count, "results": rows}
    if key is None:
        return answer
    content = json.dumps(page_of(PublicProjectOut).model_validate(answer).model_dump(mode="json"),
                         ensure_ascii=False).encode()
    cache.set(key, content, board_cache.CACHE_SECONDS)
    return HttpResponse(content, content_type=JSON_TYPE)


@router.get("/public/projects/{project_id}", auth=None, tags=PUBLIC_TAGS,
                   response={200: PublicProjectDetailOut, **PUBLIC_ERRORS},
                   summary="公示项目详情：进度、动态、延期、变更")
def public_project_detail(request, project_id: int):
    _public_read(request)
    key = board_cache.project_cache_key("api", project_id)
    content = cache.get(key)
    if content is not None:
        return HttpResponse(content, content_type=JSON_TYPE)
    answer = _public_project_detail(project_id)
    content = json.dumps(PublicProjectDetailOut.model_validate(answer).model_dump(mode="json"),
                         ensure_ascii=False).encode()
    cache.set(key, content, board_cache.CACHE_SECONDS)
    return HttpResponse(content, content_type=JSON_TYPE)


def _public_project_detail(project_id: int) -> dict:
    # Once published, a project stays visible (a declined one shows as 待审批 until re-approved).
    _count, rows = selectors.public_board(None, None, limit=1, ids=[project_id], include_once_published=True)
    if not rows:
        raise Http404("项目不存在或尚未公示")
    out = rows[0]
    out.update(selectors.public_detail(project_id))
    summary = selectors.rating_summary(project_id)
    out["ratings"] = {k: summary[k] for k in ("satisfied", "basic", "unsatisfied", "total", "satisfaction_rate")}
    return out


@router.post("/public/projects/{project_id}/rating", auth=None, tags=PUBLIC_TAGS, response={201: RatingOut, **PUBLIC_ERRORS},
                    openapi_extra=body_doc(RatingIn), summary="居民满意度评价（凭回执码，每码一次）")
def public_rating(request, project_id: int):
    rate_limit(request, "public_rating", "10/m")
    project = Project.objects.filter(pk=project_id, status__in=Project.PUBLIC_STATUSES).first()
    if project is None:
        raise Http404("项目不存在或尚未公示")
    data = read_body(request, RatingIn)
    try:
        rating = services.rating_submit(project=project, receipt_code=data.receipt_code, value=data.rating)
    except Opinion.DoesNotExist:
        raise Http404("回执码不存在") from None
    return Status(201, {"id": rating.pk, "project": project.pk, "rating": rating.value,
                        "created_at": rating.created_at})

