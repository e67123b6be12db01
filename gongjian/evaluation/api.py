"""API: evaluation campaigns 双向评议 (criteria, ratings by the raters, progress, aggregates) and the yearly
assessment 目标责任考核 (weights, scores with every term, rankings, exports).

Every handler: look the object up among the visible rows (404) → permission (403) → read the body
(400) → one service call (409 from the service's state checks) → the answer.
"""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel

from gongjian import permissions
from gongjian.api.base import (
    COMMON_ERRORS,
    BadRequest,
    YearParam,
    body_doc,
    page_of,
    paginate,
    read_body,
    resolve_ref,
)
from gongjian.registry.models import Community, Street, Unit
from gongjian.solicitation.models import Round

from . import scoring, selectors, services
from .models import AssessmentWeights, Campaign, Criterion, Direction, EvaluationRating, ExportJob
from .permissions import assessed_communities, assessed_units

router = Router(tags=["双向评议与目标责任考核"])

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def export_sync_limit() -> int:
    """Tables with more rows than this are rendered by the task worker (GONGJIAN_EXPORT_SYNC_LIMIT)."""
    return int(getattr(settings, "GONGJIAN_EXPORT_SYNC_LIMIT", 1000))


# ------------------------------------------------------------------------------ schemas

class PageParams(Schema):
    page: int = 1
    page_size: int = 50


class CriterionOut(Schema):
    id: int
    campaign: int
    direction: str = Field(..., description="community_to_unit 社区评单位 · unit_to_community 单位评社区")
    name: str
    description: str
    weight: str = Field(..., description="十进制字符串")
    scale: str = Field(..., description="five（1–5 分）或 hundred（0–100 分）")
    min_score: int
    max_score: int


class CampaignOut(Schema):
    id: int
    round: int
    year: int
    name: str
    status: str = Field(..., description="draft 筹备中 · open 评议中 · closed 已结束")
    note: str
    opened_at: datetime | None
    closed_at: datetime | None


class CampaignDetailOut(CampaignOut):
    criteria: list[CriterionOut]


class CampaignIn(BaseModel):
    round: int
    name: str = Field("", description="默认为“<轮次名>双向评议”")
    note: str = ""
    default_criteria: bool = Field(True, description="带上默认指标（履行承诺、配合程度、服务群众、作风 等）")


class CampaignFilters(Schema):
    round: int | None = None
    status: str | None = None


class CriterionIn(BaseModel):
    direction: str = Field(..., description="community_to_unit 或 unit_to_community")
    name: str
    weight: float = Field(..., gt=0)
    scale: str = Field("five", description="five 或 hundred")
    description: str = ""


class ScoreIn(BaseModel):
    criterion: int
    score: int
    comment: str = ""


class RatingsIn(BaseModel):
    unit: int | str | None = Field(None, description="社区评单位时：被评单位的 id 或名称；单位评社区时不填")
    scores: list[ScoreIn] = Field(..., description="本方向每个指标一项")


class RatingOut(Schema):
    id: int
    campaign: int
    criterion: int
    criterion_name: str
    direction: str
    community: int
    unit: int
    score: int
    scale: str
    comment: str
    created_at: datetime


class RatingSheetOut(Schema):
    campaign: int
    direction: str
    community: int
    unit: int
    ratings: list[RatingOut]


class RatingFilters(Schema):
    campaign: int | None = None
    direction: str | None = None


class NamedOut(Schema):
    id: int
    name: str


class CommunityProgressOut(Schema):
    community: int
    community_name: str
    street: int
    units: int
    community_done: int = Field(..., description="本社区已评的单位数")
    units_done: int = Field(..., description="已评本社区的单位数")
    community_pending: list[NamedOut] = Field(..., description="本社区尚未评议的单位")
    units_pending: list[NamedOut] = Field(..., description="尚未评议本社区的单位")


class ProgressOut(Schema):
    campaign: int
    status: str
    expected: int = Field(..., description="每个方向应评份数（= 单位数）")
    community_done: int
    unit_done: int
    percent: int
    communities: list[CommunityProgressOut]


class PendingOut(Schema):
    kind: str
    id: int
    name: str
    community_name: str
    pending: list[str]


class RemindOut(Schema):
    notified: bool = Field(..., description="是否已通过通知系统发出提醒（未安装通知模块时为 false，仅列出名单）")
    pending: list[PendingOut]


class CriterionResultOut(Schema):
    criterion: int
    name: str
    average: float | None
    percent: float | None
    ratings: int


class SummaryOut(Schema):
    id: int
    name: str
    score: float | None = Field(..., description="加权平均，折算为百分制")
    raters: int
    criteria: list[CriterionResultOut]


class ResultsOut(Schema):
    campaign: int
    units: list[SummaryOut] = Field(..., description="社区对单位的评议汇总（仅汇总，不含单个打分）")
    communities: list[SummaryOut] = Field(..., description="单位对社区的评议汇总")


class WeightsOut(Schema):
    year: int
    is_default: bool = Field(..., description="本年度未设置，使用默认权重")
    completion: str
    timeliness: str
    satisfaction: str
    evaluation: str
    participation: str
    warning_penalty: str
    community_rating: str
    community_completion: str
    community_meetings: str


class WeightsIn(BaseModel):
    year: int = Field(..., ge=2000, le=2100)
    completion: float | None = Field(None, ge=0)
    timeliness: float | None = Field(None, ge=0)
    satisfaction: float | None = Field(None, ge=0)
    evaluation: float | None = Field(None, ge=0)
    participation: float | None = Field(None, ge=0)
    warning_penalty: float | None = Field(None, ge=0)
    community_rating: float | None = Field(None, ge=0)
    community_completion: float | None = Field(None, ge=0)
    community_meetings: float | None = Field(None, ge=0)


class TermOut(Schema):
    key: str
    label: str
    explanation: str
    value: float | None = Field(..., description="0–1 的比率；督办通报为次数；无数据为 null")
    value_display: str
    weight: str
    contribution: float = Field(..., description="对总分的贡献（分），各项之和即总分")
    detail: str
    available: bool = Field(..., description="数据来源模块是否已启用；未启用时权重按 0 计")
    negative: bool


class ScoreOut(Schema):
    id: int
    name: str
    community: int
    community_name: str
    street: int
    street_name: str
    total: float | None
    rank_street: int | None
    rank_city: int | None
    formula: str = Field(..., description="代入数值的计算式")
    terms: list[TermOut]


class ScoresOut(Schema):
    year: int
    formula: str
    count: int
    results: list[ScoreOut]


class ScoreParams(Schema):
    year: YearParam
    street: int | None = None
    community: int | None = None
    page: int = 1
    page_size: int = 50


class ExportParams(Schema):
    year: YearParam
    kind: str = Field("units", description="units 单位考核表 · communities 社区考核表")
    format: str = Field("xlsx", description="xlsx 或 pdf")
    street: int | None = None


class ExportJobOut(Schema):
    id: int
    year: int
    kind: str
    format: str
    status: str = Field(..., description="queued, running, done, failed")
    rows: int
    error: str
    file_url: str | None


# ------------------------------------------------------------------------------ helpers

def _criterion_out(c: Criterion) -> dict:
    return {"id": c.pk, "campaign": c.campaign_id, "direction": c.direction, "name": c.name,
            "description": c.description, "weight": f"{c.weight:.2f}", "scale": c.scale,
            "min_score": c.min_score, "max_score": c.max_score}


def _campaign_out(c: Campaign, criteria: bool = False) -> dict:
    out = {"id": c.pk, "round": c.round_id, "year": c.round.year, "name": c.name, "status": c.status,
           "note": c.note, "opened_at": c.opened_at, "closed_at": c.closed_at}
    if criteria:
        out["criteria"] = [_criterion_out(x) for x in c.criteria.all()]
    return out


def _rating_out(r: EvaluationRating) -> dict:
    return {"id": r.pk, "campaign": r.campaign_id, "criterion": r.criterion_id, "criterion_name": r.criterion.name,
            "direction": r.direction, "community": r.community_id, "unit": r.unit_id, "score": r.score,
            "scale": r.scale, "comment": r.comment, "created_at": r.created_at}


def _summary_out(summary: selectors.Summary, name: str) -> dict:
    return {"id": summary.ratee_id, "name": name, "score": summary.score, "raters": summary.raters,
            "criteria": [{"criterion": c.criterion.pk, "name": c.criterion.name,
                          "average": None if c.average is None else round(c.average, 2),
                          "percent": None if c.percent is None else round(c.percent, 2),
                          "ratings": c.ratings} for c in summary.criteria]}


def _score_out(s: scoring.Score) -> dict:
    return {"id": s.id, "name": s.name, "community": s.community_id, "community_name": s.community_name,
            "street": s.street_id, "street_name": s.street_name, "total": s.total,
            "rank_street": s.rank_street, "rank_city": s.rank_city, "formula": s.formula,
            "terms": [{"key": t.key, "label": t.label, "explanation": t.explanation,
                       "value": None if not t.has_data else round(float(t.value), 4),
                       "value_display": t.value_display, "weight": f"{t.weight:.2f}",
                       "contribution": round(t.contribution, 2), "detail": t.detail, "available": t.available,
                       "negative": t.negative} for t in s.terms]}


def _weights_out(w: scoring.Weights) -> dict:
    return {"year": w.year, "is_default": w.is_default, **{k: f"{v:.2f}" for k, v in w.values.items()}}


def _campaign(request, campaign_id: int) -> Campaign:
    return permissions.get_visible_or_404(request.user, Campaign, campaign_id,
                                          queryset=permissions.visible(request.user, Campaign).select_related("round"))


def _job_out(job: ExportJob) -> dict:
    return {"id": job.pk, "year": job.year, "kind": job.kind, "format": job.fmt, "status": job.status,
            "rows": job.rows, "error": job.error,
            "file_url": f"/api/v1/assessment/exports/{job.pk}/file" if job.status == ExportJob.Status.DONE else None}


def _file_response(content: bytes, fmt: str, filename: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


# ------------------------------------------------------------------------------ campaigns

@router.get("/evaluation/campaigns", response={200: page_of(CampaignOut), **COMMON_ERRORS}, summary="评议活动列表")
def campaign_list(request, params: Query[PageParams], filters: Query[CampaignFilters]):
    qs = permissions.visible(request.user, Campaign).select_related("round")
    if filters.round is not None:
        qs = qs.filter(round_id=filters.round)
    if filters.status:
        qs = qs.filter(status=filters.status)
    count, rows = paginate(qs.order_by("-id"), params.page, params.page_size)
    return {"count": count, "results": [_campaign_out(c) for c in rows]}


@router.post("/evaluation/campaigns", response={201: CampaignDetailOut, **COMMON_ERRORS},
             openapi_extra=body_doc(CampaignIn), summary="创建评议活动（市级；筹备中，可先调整指标再开始）")
def campaign_create(request):
    permissions.require(request.user, "create", Campaign)
    data = read_body(request, CampaignIn)
    rnd = resolve_ref(Round.objects.all(), data.round, "round", "轮次", by=("name",))
    campaign = services.campaign_create(actor=request.user, round=rnd, name=data.name, note=data.note,
                                        default_criteria=data.default_criteria)
    return Status(201, _campaign_out(Campaign.objects.select_related("round").get(pk=campaign.pk), criteria=True))


@router.get("/evaluation/campaigns/{campaign_id}", response={200: CampaignDetailOut, **COMMON_ERRORS},
            summary="评议活动及其指标")
def campaign_detail(request, campaign_id: int):
    return _campaign_out(_campaign(request, campaign_id), criteria=True)


@router.post("/evaluation/campaigns/{campaign_id}/open", response={200: CampaignDetailOut, **COMMON_ERRORS},
             summary="开始评议（市级）")
def campaign_open(request, campaign_id: int):
    campaign = _campaign(request, campaign_id)
    permissions.require(request.user, "open", campaign)
    campaign = services.campaign_open(actor=request.user, campaign=campaign)
    return _campaign_out(Campaign.objects.select_related("round").get(pk=campaign.pk), criteria=True)


@router.post("/evaluation/campaigns/{campaign_id}/close", response={200: CampaignDetailOut, **COMMON_ERRORS},
             summary="结束评议（市级）；结束后不再接受评议，结果计入年度考核")
def campaign_close(request, campaign_id: int):
    campaign = _campaign(request, campaign_id)
    permissions.require(request.user, "close", campaign)
    campaign = services.campaign_close(actor=request.user, campaign=campaign)
    return _campaign_out(Campaign.objects.select_related("round").get(pk=campaign.pk), criteria=True)


@router.get("/evaluation/campaigns/{campaign_id}/criteria", response={200: list[CriterionOut], **COMMON_ERRORS},
            summary="评议指标")
def criterion_list(request, campaign_id: int):
    campaign = _campaign(request, campaign_id)
    return [_criterion_out(c) for c in campaign.criteria.all()]


@router.post("/evaluation/campaigns/{campaign_id}/criteria", response={201: CriterionOut, **COMMON_ERRORS},
             openapi_extra=body_doc(CriterionIn), summary="添加评议指标（市级；仅筹备中）")
def criterion_add(request, campaign_id: int):
    campaign = _campaign(request, campaign_id)
    permissions.require(request.user, "create", Criterion)
    data = read_body(request, CriterionIn)
    criterion = services.criterion_add(actor=request.user, campaign=campaign, direction=data.direction,
                                       name=data.name, weight=str(data.weight), scale=data.scale,
                                       description=data.description)
    return Status(201, _criterion_out(criterion))


@router.delete("/evaluation/criteria/{criterion_id}", response={204: None, **COMMON_ERRORS},
               summary="删除评议指标（市级；仅筹备中）")
def criterion_delete(request, criterion_id: int):
    criterion = permissions.get_visible_or_404(request.user, Criterion, criterion_id)
    permissions.require(request.user, "delete", criterion)
    services.criterion_delete(actor=request.user, criterion=criterion)
    return Status(204, None)


@router.get("/evaluation/campaigns/{campaign_id}/progress", response={200: ProgressOut, **COMMON_ERRORS},
            summary="评议进度：谁还没有评（市级、街道、联络员、联系领导，各看自己的社区）")
def campaign_progress(request, campaign_id: int):
    campaign = _campaign(request, campaign_id)
    permissions.require(request.user, "progress", campaign)
    scope = permissions.scope_of(request.user)
    rows = selectors.campaign_progress(campaign, None if scope.everything else scope.community_ids)
    totals = selectors.progress_totals(rows)
    return {
        "campaign": campaign.pk, "status": campaign.status, "expected": totals["expected"],
        "community_done": totals["community_done"], "unit_done": totals["unit_done"], "percent": totals["percent"],
        "communities": [{
            "community": r.community.pk, "community_name": r.community.name, "street": r.community.street_id,
            "units": r.units_total, "community_done": len(r.rated_by_community), "units_done": len(r.rated_community),
            "community_pending": [{"id": u.pk, "name": u.name} for u in r.community_pending],
            "units_pending": [{"id": u.pk, "name": u.name} for u in r.units_pending],
        } for r in rows],
    }


@router.post("/evaluation/campaigns/{campaign_id}/remind", response={200: RemindOut, **COMMON_ERRORS},
             summary="催办：列出尚未评完的社区和单位，并通过通知系统提醒（市级、街道）")
def campaign_remind(request, campaign_id: int):
    campaign = _campaign(request, campaign_id)
    permissions.require(request.user, "remind", campaign)
    scope = permissions.scope_of(request.user)
    pending, sent = services.campaign_remind(actor=request.user, campaign=campaign,
                                             community_ids=None if scope.everything else scope.community_ids)
    return {"notified": sent, "pending": [{"kind": p.kind, "id": p.id, "name": p.name,
                                           "community_name": p.community_name, "pending": p.pending}
                                          for p in pending]}


@router.get("/evaluation/campaigns/{campaign_id}/results", response={200: ResultsOut, **COMMON_ERRORS},
            summary="评议汇总：被评方只看到平均分和人数，看不到单个打分")
def campaign_results(request, campaign_id: int):
    campaign = _campaign(request, campaign_id)
    units = list(assessed_units(request.user).order_by("community_id", "name"))
    communities = list(assessed_communities(request.user).order_by("code"))
    unit_sums = selectors.summaries(campaign, Direction.COMMUNITY_TO_UNIT, [u.pk for u in units])
    community_sums = selectors.summaries(campaign, Direction.UNIT_TO_COMMUNITY, [c.pk for c in communities])
    return {"campaign": campaign.pk,
            "units": [_summary_out(unit_sums[u.pk], u.name) for u in units],
            "communities": [_summary_out(community_sums[c.pk], c.name) for c in communities]}


# ------------------------------------------------------------------------------ ratings

@router.post("/evaluation/campaigns/{campaign_id}/ratings", response={201: RatingSheetOut, **COMMON_ERRORS},
             openapi_extra=body_doc(RatingsIn),
             summary="提交评议（社区评本社区单位；单位评所在社区）。提交即为最终结果，不能重复提交；已结束的活动 409")
def rating_submit(request, campaign_id: int):
    user = request.user
    campaign = _campaign(request, campaign_id)
    permissions.require(user, "rate", campaign)
    data = read_body(request, RatingsIn)
    scope = permissions.scope_of(user)
    if scope.role == "community":
        community = Community.objects.get(pk=next(iter(scope.community_ids)))
        if data.unit is None:
            raise BadRequest("请指定被评单位", {"unit": ["此项必填"]})
        rater = community
        ratee = resolve_ref(Unit.objects.filter(community=community), data.unit, "unit", "被评单位", by=("name",))
    else:
        rater = Unit.objects.select_related("community").get(pk=scope.unit_id)
        ratee = rater.community
    rows = services.rating_submit_evaluation(
        actor=user, campaign=campaign, rater=rater, ratee=ratee,
        scores={s.criterion: s.score for s in data.scores},
        comments={s.criterion: s.comment for s in data.scores})
    first = rows[0]
    return Status(201, {"campaign": campaign.pk, "direction": first.direction, "community": first.community_id,
                        "unit": first.unit_id, "ratings": [_rating_out(r) for r in rows]})


@router.get("/evaluation/ratings", response={200: page_of(RatingOut), **COMMON_ERRORS},
            summary="我方给出的评议打分（评议人私有：社区看自己打的分，单位看自己打的分）")
def rating_list(request, params: Query[PageParams], filters: Query[RatingFilters]):
    qs = permissions.visible(request.user, EvaluationRating).select_related("criterion")
    if filters.campaign is not None:
        qs = qs.filter(campaign_id=filters.campaign)
    if filters.direction:
        qs = qs.filter(direction=filters.direction)
    count, rows = paginate(qs.order_by("id"), params.page, params.page_size)
    return {"count": count, "results": [_rating_out(r) for r in rows]}


@router.get("/evaluation/ratings/{rating_id}", response={200: RatingOut, **COMMON_ERRORS}, summary="一条评议打分")
def rating_detail(request, rating_id: int):
    qs = permissions.visible(request.user, EvaluationRating).select_related("criterion")
    return _rating_out(permissions.get_visible_or_404(request.user, EvaluationRating, rating_id, queryset=qs))


# ------------------------------------------------------------------------------ assessment

@router.get("/assessment/weights", response={200: WeightsOut, **COMMON_ERRORS}, summary="年度考核权重")
def weights_get(request, year: YearParam):
    if not permissions.can(request.user, "view", AssessmentWeights):
        raise PermissionDenied("您的角色或范围不允许此操作")
    return _weights_out(scoring.weights_for(year))


@router.post("/assessment/weights", response={200: WeightsOut, 201: WeightsOut, **COMMON_ERRORS},
             openapi_extra=body_doc(WeightsIn), summary="设置年度考核权重（市级）；新设 201，修改 200；得分随即重算")
def weights_set(request):
    permissions.require(request.user, "change", AssessmentWeights)
    data = read_body(request, WeightsIn)
    existed = AssessmentWeights.objects.filter(year=data.year).exists()
    values = {k: v for k, v in data.model_dump().items() if k != "year" and v is not None}
    services.weights_set(actor=request.user, year=data.year, **values)
    out = _weights_out(scoring.weights_for(data.year))
    return Status(200 if existed else 201, out)


def _scores_answer(scores: list[scoring.Score], params: ScoreParams, formula: str) -> dict:
    count, rows = paginate(_ListQuerySet(scores), params.page, params.page_size)
    return {"year": params.year, "formula": formula, "count": count, "results": [_score_out(s) for s in rows]}


class _ListQuerySet(list):
    """paginate() over a computed list."""

    def count(self):
        return len(self)


@router.get("/assessment/units", response={200: ScoresOut, **COMMON_ERRORS},
            summary="辖区单位年度考核得分与排名（单位只看到自己）")
def unit_scores(request, params: Query[ScoreParams]):
    qs = assessed_units(request.user)
    if params.street is not None:
        qs = qs.filter(community__street_id=params.street)
    if params.community is not None:
        qs = qs.filter(community_id=params.community)
    return _scores_answer(scoring.unit_scores(params.year, qs), params, scoring.FORMULA)


@router.get("/assessment/units/{unit_id}", response={200: ScoreOut, **COMMON_ERRORS},
            summary="一个单位的考核得分：每一项的数值、权重和贡献")
def unit_score(request, unit_id: int, year: YearParam):
    unit = permissions.get_visible_or_404(request.user, Unit, unit_id, queryset=assessed_units(request.user))
    return _score_out(scoring.unit_score(year, unit))


@router.get("/assessment/communities", response={200: ScoresOut, **COMMON_ERRORS},
            summary="社区年度考核得分与街道内排名")
def community_scores(request, params: Query[ScoreParams]):
    qs = assessed_communities(request.user)
    if params.street is not None:
        qs = qs.filter(street_id=params.street)
    if params.community is not None:
        qs = qs.filter(pk=params.community)
    scores = sorted(scoring.community_scores(params.year, qs),
                    key=lambda s: (s.street_id, s.rank_street is None, s.rank_street or 0, s.name))
    return _scores_answer(scores, params, scoring.COMMUNITY_FORMULA)


@router.get("/assessment/communities/{community_id}", response={200: ScoreOut, **COMMON_ERRORS},
            summary="一个社区的考核得分及各项")
def community_score(request, community_id: int, year: YearParam):
    community = permissions.get_visible_or_404(request.user, Community, community_id,
                                               queryset=assessed_communities(request.user))
    return _score_out(scoring.community_score(year, community))


_EXPORT_DOC = {"responses": {"200": {"description": "文件（.xlsx 或 .pdf）", "content": {
    CONTENT_TYPES["xlsx"]: {"schema": {"type": "string", "format": "binary"}},
    CONTENT_TYPES["pdf"]: {"schema": {"type": "string", "format": "binary"}}}}}}


@router.get("/assessment/export", response={202: ExportJobOut, **COMMON_ERRORS}, openapi_extra=_EXPORT_DOC,
            summary="导出考核表（Excel 或 PDF）。行数少时直接返回文件（200）；多时转后台生成（202，查询任务后下载）")
def assessment_export(request, params: Query[ExportParams]):
    user = request.user
    permissions.require(user, "create", ExportJob)
    errors = {}
    if params.kind not in ExportJob.Kind.values:
        errors["kind"] = ["须为 units 或 communities"]
    if params.format not in ExportJob.Format.values:
        errors["format"] = ["须为 xlsx 或 pdf"]
    if errors:
        raise BadRequest("输入有误：" + "；".join(f"{k} {v[0]}" for k, v in errors.items()), errors)
    street = None
    if params.street is not None:
        street = Street.objects.filter(pk=params.street).first()
        if street is None:
            raise Http404("街道不存在")
    qs = assessed_units(user) if params.kind == "units" else assessed_communities(user)
    if street is not None:
        qs = qs.filter(**{"community__street": street} if params.kind == "units" else {"street": street})
    if qs.count() > export_sync_limit():
        job = services.export_request(actor=user, year=params.year, kind=params.kind, fmt=params.format,
                                      street=street)
        return Status(202, _job_out(job))
    from . import exports

    content, _rows = exports.render(year=params.year, kind=params.kind, fmt=params.format, user=user,
                                    street_id=street.pk if street else None)
    label = dict(ExportJob.Kind.choices)[params.kind]
    return _file_response(content, params.format, f"{params.year}年{label}.{params.format}")


@router.get("/assessment/exports/{job_id}", response={200: ExportJobOut, **COMMON_ERRORS}, summary="后台导出任务状态")
def export_job(request, job_id: int):
    return _job_out(permissions.get_visible_or_404(request.user, ExportJob, job_id))


@router.get("/assessment/exports/{job_id}/file", response=COMMON_ERRORS,
            openapi_extra=_EXPORT_DOC, summary="下载后台生成的考核表")
def export_file(request, job_id: int):
    from gongjian.core.errors import Conflict

    job = permissions.get_visible_or_404(request.user, ExportJob, job_id)
    if job.status != ExportJob.Status.DONE:
        raise Conflict("文件尚未生成完毕")
    with job.file.open("rb") as handle:
        content = handle.read()
    return _file_response(content, job.fmt, job.filename)
