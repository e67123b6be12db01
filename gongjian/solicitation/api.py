"""API: rounds, solicitation records, categories, opinions (and their import), problems, and the
public opinion submission and tracking (API.md › Solicitation and screening, › Public).

Order of answers (API.md): 404 for what the user cannot see, then 403 for what they may not do,
then 400 for bad input, then 409 for the wrong state; bodies are read after the permission check.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status

from gongjian import permissions
from gongjian.api.base import (
    COMMON_ERRORS,
    BadRequest,
    ErrorOut,
    body_doc,
    page_of,
    paginate,
    rate_limit,
    read_body,
    resolve_ref,
)
from gongjian.core.errors import Conflict
from gongjian.core.masking import mask_name, mask_phone
from gongjian.registry.models import Community

from . import services
from .imports import CHANNEL_NAMES, ImportFileError, ImportRowsInvalid, check_upload
from .models import Category, Channel, ImportJob, Opinion, Problem, Round, Solicitation
from .selectors import opinion_by_receipt, opinion_public_status, round_open_newest
from .validation import MAX_CONTENT_CHARS, MAX_NAME_CHARS, MAX_PHONE_CHARS

router = Router(tags=["征求意见与筛选"])

PUBLIC_SUBMIT_RATE = getattr(settings, "GONGJIAN_PUBLIC_OPINION_RATE", "20/h")
PUBLIC_TRACK_RATE = getattr(settings, "GONGJIAN_PUBLIC_TRACK_RATE", "60/m")
PUBLIC_FIELDS = {"submitter_name": "name", "submitter_phone": "phone"}


# ------------------------------------------------------------------------------ schemas


class PageParams(Schema):
    page: int = 1
    page_size: int = 50


class RoundIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    year: int = Field(ge=2000, le=2100)
    opened_on: date | None = None


class RoundOut(Schema):
    id: int
    name: str
    year: int
    status: str
    opened_on: date | None = None


class RoundStatusIn(Schema):
    status: Round.Status


class SolicitationIn(Schema):
    round: int | str
    community: int | str
    kind: Solicitation.Kind
    date: date
    count: int = Field(ge=0)
    note: str = ""


class SolicitationOut(Schema):
    id: int
    round: int
    community: int
    kind: str
    date: date
    count: int
    note: str


class CategoryOut(Schema):
    code: str
    name: str


class OpinionIn(Schema):
    round: int | str | None = Field(None, description="轮次 id 或名称；不填则为最新的征集中轮次")
    community: int | str = Field(description="社区 id、代码或名称")
    channel: str = Field(description="form, letter, meeting, online, hotline, other，或其中文名（征求意见表……）")
    category: int | str = Field(description="类别代码、名称或 id")
    content: str
    submitter_name: str = ""
    submitter_phone: str = ""
    received_on: date | None = None
    form_no: str = ""


class OpinionOut(Schema):
    id: int
    round: int
    community: int
    channel: str
    category: str
    content: str
    submitter_name: str
    submitter_phone: str
    received_on: date
    status: str
    problem: int | None
    receipt_code: str
    reject_reason: str
    form_no: str
    entered_by: int | None


class OpinionFilters(Schema):
    page: int = 1
    page_size: int = 50
    round: int | None = None
    community: int | None = None
    status: Opinion.Status | None = None
    channel: Channel | None = None
    category: str | None = Field(None, description="类别代码或 id")
    q: str = Field("", description="内容包含的文字")


class ReasonIn(Schema):
    reason: str


class ImportOut(Schema):
    created: int


class ImportJobOut(Schema):
    id: int
    status: str
    total: int | None
    done: int
    created: int
    detail: str
    errors: dict


class ProblemIn(Schema):
    round: int | str | None = Field(None, description="不填则取所归并意见的轮次")
    community: int | str | None = Field(None, description="不填则取所归并意见的社区")
    title: str
    description: str = ""
    category: int | str | None = None
    opinions: list[int] = Field(default_factory=list, description="归并的意见 id（须为待筛选状态）")


class ProblemOut(Schema):
    id: int
    round: int
    community: int
    title: str
    description: str
    category: str | None
    opinions: list[int]
    klass: str | None = Field(None, alias="class", description="A、B、C，未分类为 null")
    class_note: str
    archive_no: str
    carried_from: int | None


class ClassifyIn(Schema):
    klass: str = Field(alias="class", description="A 有条件能够解决 · B 短期内难以解决 · C 不能解决")
    note: str = ""


class CarryOverIn(Schema):
    round: int


class ProblemFilters(Schema):
    page: int = 1
    page_size: int = 50
    round: int | None = None
    community: int | None = None
    klass: str | None = Field(None, alias="class", description="A、B、C；none 为未分类")
    q: str = ""


class PublicOpinionIn(Schema):
    community: int | str = Field(description="社区 id 或代码")
    category: str = Field(description="类别代码")
    content: str = Field(min_length=1, max_length=MAX_CONTENT_CHARS)
    name: str | None = Field("", max_length=MAX_NAME_CHARS)
    phone: str | None = Field("", max_length=MAX_PHONE_CHARS)


class ReceiptOut(Schema):
    receipt_code: str


class PublicProblemOut(Schema):
    archive_no: str
    klass: str | None = Field(None, alias="class")
    note: str = Field("", description="C 类（不能解决）向居民的解释")


class PublicProjectOut(Schema):
    id: int
    status: str


class PublicTrackOut(Schema):
    status: str
    reject_reason: str
    problem: PublicProblemOut | None
    project: PublicProjectOut | None


# ------------------------------------------------------------------------------ helpers


def _round_out(r: Round) -> dict:
    return {"id": r.pk, "name": r.name, "year": r.year, "status": r.status, "opened_on": r.opened_on}


def _solicitation_out(s: Solicitation) -> dict:
    return {"id": s.pk, "round": s.round_id, "community": s.community_id, "kind": s.kind, "date": s.date,
            "count": s.count, "note": s.note}


def _opinion_out(o: Opinion, user) -> dict:
    contact = permissions.can(user, "view_contact", o)
    return {
        "id": o.pk, "round": o.round_id, "community": o.community_id, "channel": o.channel,
        "category": o.category.code, "content": o.content,
        "submitter_name": o.submitter_name if contact else mask_name(o.submitter_name),
        "submitter_phone": o.submitter_phone if contact else mask_phone(o.submitter_phone),
        "received_on": o.received_on, "status": o.status, "problem": o.problem_id,
        "receipt_code": o.receipt_code, "reject_reason": o.reject_reason, "form_no": o.form_no,
        "entered_by": o.entered_by_id,
    }


def _problem_out(p: Problem) -> dict:
    return {
        "id": p.pk, "round": p.round_id, "community": p.community_id, "title": p.title,
        "description": p.description, "category": p.category.code if p.category_id else None,
        "opinions": sorted(o.pk for o in p.opinions.all()), "class": p.klass or None,
        "class_note": p.class_note, "archive_no": p.archive_no, "carried_from": p.carried_from_id,
    }


def _problems_qs(user):
    return (permissions.visible(user, Problem).select_related("category")
            .prefetch_related(Prefetch("opinions", queryset=Opinion.objects.only("id", "problem_id"))))


def _communities_in_scope(user):
    return Community.objects.filter(permissions.scope_of(user).community_q("id"))


def _round_ref(user, value, field="round") -> Round:
    return resolve_ref(permissions.visible(user, Round), value, field, "轮次", by=("name",))


def _category_ref(value, field="category") -> Category:
    return resolve_ref(Category.objects.filter(active=True), value, field, "类别")


def _channel(value: str) -> str:
    value = (value or "").strip()
    channel = value if value in Channel.values else CHANNEL_NAMES.get(value)
    if not channel:
        raise BadRequest(f"渠道“{value}”无法识别", {"channel": ["应为 form, letter, meeting, online, hotline, other"
                                                                "或 征求意见表、一封信、座谈会、网上征集、热线、其他"]})
    return channel


# ------------------------------------------------------------------------------ rounds


@router.get("/rounds", response={200: page_of(RoundOut), **COMMON_ERRORS}, summary="轮次列表")
def round_list(request, params: Query[PageParams], status: Round.Status | None = None, year: int | None = None):
    qs = permissions.visible(request.user, Round).order_by("-year", "-id")
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(year=year)
    count, rows = paginate(qs, params.page, params.page_size)
    return {"count": count, "results": [_round_out(r) for r in rows]}


@router.post("/rounds", response={201: RoundOut, **COMMON_ERRORS}, openapi_extra=body_doc(RoundIn),
             summary="新建轮次（市级）")
def round_create(request):
    permissions.require(request.user, "create", Round)
    data = read_body(request, RoundIn)
    if Round.objects.filter(name=data.name.strip()).exists():
        raise BadRequest("已有同名轮次", {"name": ["已有同名轮次"]})
    rnd = services.round_create(actor=request.user, name=data.name, year=data.year, opened_on=data.opened_on)
    return Status(201, _round_out(rnd))


@router.post("/rounds/{int:round_id}/status", response={200: RoundOut, **COMMON_ERRORS},
             openapi_extra=body_doc(RoundStatusIn),
             summary="改变轮次状态（市级）：open → screening → in_progress → closed")
def round_status(request, round_id: int):
    rnd = permissions.get_visible_or_404(request.user, Round, round_id)
    permissions.require(request.user, "change", rnd)
    data = read_body(request, RoundStatusIn)
    rnd = services.round_set_status(actor=request.user, round=rnd, status=data.status)
    return _round_out(rnd)


# ------------------------------------------------------------------------------ solicitation records


@router.get("/solicitations", response={200: page_of(SolicitationOut), **COMMON_ERRORS},
            summary="征求意见活动（发放征求意见表、一封信、座谈会、网上征集）")
def solicitation_list(request, params: Query[PageParams], round: int | None = None,
                      community: int | None = None, kind: Solicitation.Kind | None = None):
    qs = permissions.visible(request.user, Solicitation).order_by("-date", "-id")
    if round is not None:
        qs = qs.filter(round_id=round)
    if community is not None:
        qs = qs.filter(community_id=community)
    if kind:
        qs = qs.filter(kind=kind)
    count, rows = paginate(qs, params.page, params.page_size)
    return {"count": count, "results": [_solicitation_out(s) for s in rows]}


@router.post("/solicitations", response={201: SolicitationOut, **COMMON_ERRORS},
             openapi_extra=body_doc(SolicitationIn), summary="登记征求意见活动")
def solicitation_create(request):
    permissions.require(request.user, "create", Solicitation)
    data = read_body(request, SolicitationIn)
    rnd = _round_ref(request.user, data.round)
    community = resolve_ref(_communities_in_scope(request.user), data.community, "community", "社区")
    record = services.solicitation_record(actor=request.user, round=rnd, community=community, kind=data.kind,
                                          date=data.date, count=data.count, note=data.note)
    return Status(201, _solicitation_out(record))


# ------------------------------------------------------------------------------ categories


@router.get("/categories", response={200: page_of(CategoryOut), **COMMON_ERRORS}, summary="意见类别")
def category_list(request, page: int = 1, page_size: int = 200):
    qs = permissions.visible(request.user, Category).filter(active=True).order_by("sort_order", "code")
    count, rows = paginate(qs, page, page_size)
    return {"count": count, "results": [{"code": c.code, "name": c.name} for c in rows]}


# ------------------------------------------------------------------------------ opinions


@router.get("/opinions", response={200: page_of(OpinionOut), **COMMON_ERRORS},
            summary="意见建议列表（无权查看联系方式的角色看到的姓名、电话已脱敏）")
def opinion_list(request, filters: Query[OpinionFilters]):
    qs = permissions.visible(request.user, Opinion).select_related("category").order_by("-received_on", "-id")
    if filters.round is not None:
        qs = qs.filter(round_id=filters.round)
    if filters.community is not None:
        qs = qs.filter(community_id=filters.community)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.category:
        ref = filters.category.strip()
        qs = qs.filter(category_id=int(ref)) if ref.isdigit() else qs.filter(category__code=ref)
    if filters.q.strip():
        qs = qs.filter(content__contains=filters.q.strip())
    count, rows = paginate(qs, filters.page, filters.page_size)
    return {"count": count, "results": [_opinion_out(o, request.user) for o in rows]}


@router.get("/opinions/{int:opinion_id}", response={200: OpinionOut, **COMMON_ERRORS}, summary="一条意见")
def opinion_detail(request, opinion_id: int):
    qs = permissions.visible(request.user, Opinion).select_related("category")
    opinion = permissions.get_visible_or_404(request.user, Opinion, opinion_id, queryset=qs)
    return _opinion_out(opinion, request.user)


@router.post("/opinions", response={201: OpinionOut, **COMMON_ERRORS}, openapi_extra=body_doc(OpinionIn),
             summary="录入一条意见（录入人由服务器记录）")
def opinion_create(request):
    permissions.require(request.user, "create", Opinion)
    data = read_body(request, OpinionIn)
    if data.round in (None, ""):
        rnd = round_open_newest()
        if rnd is None:
            raise Conflict("目前没有正在征集意见的轮次，请指定轮次")
    else:
        rnd = _round_ref(request.user, data.round)
    community = resolve_ref(_communities_in_scope(request.user), data.community, "community", "社区")
    opinion = services.opinion_create(
        actor=request.user, round=rnd, community=community, channel=_channel(data.channel),
        category=_category_ref(data.category), content=data.content, received_on=data.received_on,
        submitter_name=data.submitter_name, submitter_phone=data.submitter_phone, form_no=data.form_no,
    )
    return Status(201, _opinion_out(opinion, request.user))


_IMPORT_DOC = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file", "round"],
    "properties": {
        "file": {"type": "string", "format": "binary",
                 "description": ".xlsx、.xls 或 .csv（UTF-8、带 BOM 的 UTF-8、GBK/GB18030）；表头：社区、渠道、类别、内容、"
                                "姓名、电话、日期（可选 表号）"},
        "round": {"type": "string", "description": "轮次 id 或名称"},
    }}}}}}


@router.post("/opinions/import", response={201: ImportOut, **COMMON_ERRORS}, openapi_extra=_IMPORT_DOC,
             summary="批量导入意见：全部导入或全部不导入；出错时 errors.rows 列出每行的错误")
def opinion_import(request):
    permissions.require(request.user, "create", Opinion)
    upload = request.FILES.get("file")
    errors = {}
    if upload is None:
        errors["file"] = ["请上传文件"]
    if not request.POST.get("round"):
        errors["round"] = ["此项必填"]
    if errors:
        raise BadRequest("输入有误：请上传文件并指定轮次", errors)
    rnd = _round_ref(request.user, request.POST["round"])
    try:
        head = upload.read(8)
        upload.seek(0)
        kind = check_upload(upload.name, upload.size, head, upload)
        created = services.opinion_import(actor=request.user, round=rnd,
                                          communities=_communities_in_scope(request.user),
                                          fileobj=upload, kind=kind)
    except ImportFileError as exc:
        raise BadRequest(exc.message, {"file": [exc.message]}) from None
    except ImportRowsInvalid as exc:
        raise BadRequest(exc.detail, {"rows": exc.rows_as_dicts()}) from None
    return Status(201, {"created": created})


@router.get("/opinions/import/{int:job_id}", response={200: ImportJobOut, **COMMON_ERRORS},
            summary="后台导入任务的进度（工作人员页面上传的大文件）")
def import_job_detail(request, job_id: int):
    job = permissions.get_visible_or_404(request.user, ImportJob, job_id)
    return {"id": job.pk, "status": job.status, "total": job.total, "done": job.done, "created": job.created,
            "detail": job.detail, "errors": {"rows": job.errors} if job.errors else {}}


@router.post("/opinions/{int:opinion_id}/reject", response={200: OpinionOut, **COMMON_ERRORS},
             openapi_extra=body_doc(ReasonIn), summary="不予采纳（理由居民可见）")
def opinion_reject(request, opinion_id: int):
    qs = permissions.visible(request.user, Opinion).select_related("category")
    opinion = permissions.get_visible_or_404(request.user, Opinion, opinion_id, queryset=qs)
    permissions.require(request.user, "reject", opinion)
    data = read_body(request, ReasonIn)
    services.opinion_reject(actor=request.user, opinion=opinion, reason=data.reason)
    opinion = qs.get(pk=opinion.pk)
    return _opinion_out(opinion, request.user)


# ------------------------------------------------------------------------------ problems


@router.get("/problems", response={200: page_of(ProblemOut), **COMMON_ERRORS}, by_alias=True,
            summary="问题台账")
def problem_list(request, filters: Query[ProblemFilters]):
    qs = _problems_qs(request.user).order_by("archive_year", "archive_seq")
    if filters.round is not None:
        qs = qs.filter(round_id=filters.round)
    if filters.community is not None:
        qs = qs.filter(community_id=filters.community)
    if filters.klass:
        qs = qs.filter(klass="" if filters.klass == "none" else filters.klass.upper())
    if filters.q.strip():
        qs = qs.filter(title__contains=filters.q.strip())
    count, rows = paginate(qs, filters.page, filters.page_size)
    return {"count": count, "results": [_problem_out(p) for p in rows]}


@router.get("/problems/{int:problem_id}", response={200: ProblemOut, **COMMON_ERRORS}, by_alias=True,
            summary="一个问题")
def problem_detail(request, problem_id: int):
    problem = permissions.get_visible_or_404(request.user, Problem, problem_id,
                                             queryset=_problems_qs(request.user))
    return _problem_out(problem)


@router.post("/problems", response={201: ProblemOut, **COMMON_ERRORS}, by_alias=True,
             openapi_extra=body_doc(ProblemIn), summary="登记问题（登记建档），可同时归并意见")
def problem_create(request):
    permissions.require(request.user, "create", Problem)
    data = read_body(request, ProblemIn)
    # Ids are looked up inside the visible rows: an opinion the user cannot see does not exist for them.
    ids = list(dict.fromkeys(data.opinions))
    opinions = list(permissions.visible(request.user, Opinion).filter(pk__in=ids))
    if len(opinions) != len(ids):
        missing = sorted(set(ids) - {o.pk for o in opinions})
        raise BadRequest(f"意见 {', '.join(map(str, missing))} 不存在", {"opinions": ["部分意见不存在"]})
    for opinion in opinions:
        permissions.require(request.user, "merge", opinion)
    if data.round not in (None, ""):
        rnd = _round_ref(request.user, data.round)
    elif opinions:
        rnd = opinions[0].round
    else:
        raise BadRequest("请指定轮次", {"round": ["此项必填"]})
    if data.community not in (None, ""):
        community = resolve_ref(_communities_in_scope(request.user), data.community, "community", "社区")
    elif opinions:
        community = opinions[0].community
    else:
        raise BadRequest("请指定社区", {"community": ["此项必填"]})
    category = _category_ref(data.category) if data.category not in (None, "") else None
    problem = services.problem_register(actor=request.user, round=rnd, community=community, title=data.title,
                                        opinions=opinions, description=data.description, category=category)
    return Status(201, _problem_out(_problems_qs(request.user).get(pk=problem.pk)))


@router.post("/problems/{int:problem_id}/classify", response={200: ProblemOut, **COMMON_ERRORS}, by_alias=True,
             openapi_extra=body_doc(ClassifyIn),
             summary="分类：A 有条件能够解决 · B 短期内难以解决 · C 不能解决（须写明理由）；立项后不能再改（409）")
def problem_classify(request, problem_id: int):
    problem = permissions.get_visible_or_404(request.user, Problem, problem_id)
    permissions.require(request.user, "classify", problem)
    data = read_body(request, ClassifyIn)
    services.problem_classify(actor=request.user, problem=problem, klass=data.klass.strip().upper(),
                              note=data.note)
    return _problem_out(_problems_qs(request.user).get(pk=problem.pk))


@router.post("/problems/{int:problem_id}/carry_over", response={201: ProblemOut, **COMMON_ERRORS}, by_alias=True,
             openapi_extra=body_doc(CarryOverIn), summary="把 B 类问题结转到以后的轮次（登记为该轮的新问题）")
def problem_carry_over(request, problem_id: int):
    problem = permissions.get_visible_or_404(request.user, Problem, problem_id)
    permissions.require(request.user, "change", problem)
    data = read_body(request, CarryOverIn)
    rnd = _round_ref(request.user, data.round)
    new = services.problem_carry_over(actor=request.user, problem=problem, round=rnd)
    return Status(201, _problem_out(_problems_qs(request.user).get(pk=new.pk)))


# ------------------------------------------------------------------------------ public


@router.post("/public/opinions", auth=None, tags=["居民公开接口"], response={201: ReceiptOut, 400: ErrorOut, 409: ErrorOut, 429: ErrorOut},
                    openapi_extra=body_doc(PublicOpinionIn),
                    summary="居民提交意见（无需令牌）；得到回执码；姓名、电话可不填")
def public_opinion_submit(request):
    rate_limit(request, "public-opinion", PUBLIC_SUBMIT_RATE)
    data = read_body(request, PublicOpinionIn)
    community = resolve_ref(Community.objects.all(), data.community, "community", "社区", by=("code",))
    category = resolve_ref(Category.objects.filter(active=True), data.category, "category", "类别", by=("code",))
    rnd = round_open_newest()
    if rnd is None:
        raise Conflict("目前没有正在征集意见的轮次，暂时不能提交。请留意社区通知，下一轮征集开始后再提交。")
    try:
        opinion = services.opinion_create(actor=None, round=rnd, community=community, channel=Channel.ONLINE,
                                          category=category, content=data.content,
                                          submitter_name=data.name or "", submitter_phone=data.phone or "")
    except ValidationError as exc:  # the one validator of every channel, in this endpoint's field names
        errors = {PUBLIC_FIELDS.get(field, field): messages for field, messages in exc.message_dict.items()}
        raise BadRequest("输入有误：" + "；".join(m for ms in errors.values() for m in ms), errors) from None
    return Status(201, {"receipt_code": opinion.receipt_code})


@router.get("/public/opinions/{receipt_code}", auth=None, tags=["居民公开接口"], response={200: PublicTrackOut, 404: ErrorOut, 429: ErrorOut},
                   by_alias=True, summary="凭回执码查询意见办理情况（不含任何个人信息）")
def public_opinion_track(request, receipt_code: str):
    rate_limit(request, "public-track", PUBLIC_TRACK_RATE)
    opinion = opinion_by_receipt(receipt_code)
    if opinion is None:
        raise Http404("回执码不存在，请核对后再查")
    state = opinion_public_status(opinion)
    return {
        "status": state["status"], "reject_reason": state["reject_reason"],
        "problem": None if state["problem"] is None else {
            "archive_no": state["problem"]["archive_no"], "class": state["problem"]["class"],
            "note": state["problem"]["note"]},
        "project": None if state["project"] is None else {
            "id": state["project"]["id"], "status": state["project"]["status"]},
    }
