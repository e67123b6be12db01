"""API: evaluation campaigns 双向评议 — the campaign and its criteria, progress, reminders, and the
aggregates a rated party sees."""

from datetime import datetime

from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel

from gongjian import permissions
from gongjian.api.base import COMMON_ERRORS, PageParams, body_doc, page_of, paged, read_body, resolve_ref
from gongjian.evaluation import selectors, services
from gongjian.evaluation.models import MIN_AVERAGED_RATERS, Campaign, Criterion, Direction
from gongjian.evaluation.permissions import assessed_communities, assessed_units
from gongjian.permissions import MAX_ID
from gongjian.solicitation.models import Round

router = Router()


class EvaluationCriterionOut(Schema):
    id: int
    campaign: int
    direction: str = Field(..., description="community_to_unit 社区评单位 · unit_to_community 单位评社区")
    name: str
    description: str
    weight: str = Field(..., description="十进制字符串")
    scale: str = Field(..., description="five（1–5 分）或 hundred（0–100 分）")
    min_score: int
    max_score: int


class EvaluationCampaignOut(Schema):
    id: int
    round: int
    year: int
    name: str
    status: str = Field(..., description="draft 筹备中 · open 评议中 · closed 已结束")
    note: str
    opened_at: datetime | None
    closed_at: datetime | None


class EvaluationCampaignDetailOut(EvaluationCampaignOut):
    criteria: list[EvaluationCriterionOut]


class EvaluationCampaignIn(BaseModel):
    round: int
    name: str = Field("", description="默认为“<轮次名>双向评议”")
    note: str = ""
    default_criteria: bool = Field(True, description="带上默认指标（履行承诺、配合程度、服务群众、作风 等）")


class EvaluationCampaignFilters(PageParams):
    round: int | None = Field(None, ge=1, le=MAX_ID)
    status: str | None = None


class EvaluationCriterionIn(BaseModel):
    direction: str = Field(..., description="community_to_unit 或 unit_to_community")
    name: str
    weight: float = Field(..., gt=0)
    scale: str = Field("five", description="five 或 hundred")
    description: str = ""


class PendingUnitOut(Schema):
    id: int
    name: str


class CampaignCommunityProgressOut(Schema):
    community: int
    community_name: str
    street: int
    units: int
    community_done: int = Field(..., description="本社区已评的单位数")
    units_done: int = Field(..., description="已评本社区的单位数")
    community_pending: list[PendingUnitOut] = Field(..., description="本社区尚未评议的单位")
    units_pending: list[PendingUnitOut] = Field(..., description="尚未评议本社区的单位")


class CampaignProgressOut(Schema):
    campaign: int
    status: str
    expected: int = Field(..., description="每个方向应评份数（= 单位数）")
    community_done: int
    unit_done: int
    percent: int
    communities: list[CampaignCommunityProgressOut]


class PendingRaterOut(Schema):
    kind: str
    id: int
    name: str
    community_name: str
    pending: list[str]


class CampaignRemindOut(Schema):
    notified: bool = Field(..., description="是否已提醒（有尚未评完的社区或单位时，提醒已放入其消息中心，每天一次）")
    pending: list[PendingRaterOut]


class EvaluationCriterionResultOut(Schema):
    criterion: int
    name: str
    average: float | None
    percent: float | None
    ratings: int


class EvaluationSummaryOut(Schema):
    id: int
    name: str
    score: float | None = Field(..., description="加权平均，折算为百分制；评议人数不足时为 null")
    raters: int
    rated_by: str = Field(..., description="谁的评分：单位只由所在社区评议（社区评议）；社区由辖区单位评议，"
                                           f"满 {MIN_AVERAGED_RATERS} 个单位才显示平均分（评议人数不足）")
    withheld: bool = Field(..., description=f"评议单位不足 {MIN_AVERAGED_RATERS} 个，不显示平均分")
    criteria: list[EvaluationCriterionResultOut]


class CampaignResultsOut(Schema):
    campaign: int
    units: list[EvaluationSummaryOut] = Field(..., description="社区对单位的评议（每个单位只有所在社区一个评议方）")
    communities: list[EvaluationSummaryOut] = Field(..., description="单位对社区的评议汇总（满 3 个单位才显示平均分）")


def criterion_out(c: Criterion) -> dict:
    return {"id": c.pk, "campaign": c.campaign_id, "direction": c.direction, "name": c.name,
            "description": c.description, "weight": f"{c.weight:.2f}", "scale": c.scale,
            "min_score": c.min_score, "max_score": c.max_score}


def campaign_out(c: Campaign, criteria: bool = False) -> dict:
    out = {"id": c.pk, "round": c.round_id, "year": c.round.year, "name": c.name, "status": c.status,
           "note": c.note, "opened_at": c.opened_at, "closed_at": c.closed_at}
    if criteria:
        out["criteria"] = [criterion_out(x) for x in c.criteria.all()]
    return out


def summary_out(summary: selectors.Summary, name: str, community_name: str) -> dict:
    return {"id": summary.ratee_id, "name": name, "score": summary.score, "raters": summary.raters,
            "rated_by": summary.rated_by(community_name), "withheld": summary.withheld,
            "criteria": [{"criterion": c.criterion.pk, "name": c.criterion.name,
                          "average": None if c.average is None else round(c.average, 2),
                          "percent": None if c.percent is None else round(c.percent, 2),
                          "ratings": c.ratings} for c in summary.criteria]}


def visible_campaign(request, campaign_id: int) -> Campaign:
    return permissions.get_visible_or_404(request.user, Campaign, campaign_id,
                                          queryset=permissions.visible(request.user, Campaign).select_related("round"))


def _fresh(campaign: Campaign) -> dict:
    return campaign_out(Campaign.objects.select_related("round").get(pk=campaign.pk), criteria=True)


@router.get("/evaluation/campaigns", response={200: page_of(EvaluationCampaignOut), **COMMON_ERRORS},
            summary="评议活动列表")
def campaign_list(request, filters: Query[EvaluationCampaignFilters]):
    qs = permissions.visible(request.user, Campaign).select_related("round")
    if filters.round is not None:
        qs = qs.filter(round_id=filters.round)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return paged(qs.order_by("-id"), filters, out=campaign_out)


@router.post("/evaluation/campaigns", response={201: EvaluationCampaignDetailOut, **COMMON_ERRORS},
             openapi_extra=body_doc(EvaluationCampaignIn), summary="创建评议活动（市级；筹备中，可先调整指标再开始）")
def campaign_create(request):
    permissions.require(request.user, "create", Campaign)
    data = read_body(request, EvaluationCampaignIn)
    rnd = resolve_ref(Round.objects.all(), data.round, "round", "轮次", by=("name",))
    campaign = services.campaign_create(actor=request.user, round=rnd, name=data.name, note=data.note,
                                        default_criteria=data.default_criteria)
    return Status(201, _fresh(campaign))


@router.get("/evaluation/campaigns/{campaign_id}", response={200: EvaluationCampaignDetailOut, **COMMON_ERRORS},
            summary="评议活动及其指标")
def campaign_detail(request, campaign_id: int):
    return campaign_out(visible_campaign(request, campaign_id), criteria=True)


@router.post("/evaluation/campaigns/{campaign_id}/open", response={200: EvaluationCampaignDetailOut, **COMMON_ERRORS},
             summary="开始评议（市级）")
def campaign_open(request, campaign_id: int):
    campaign = visible_campaign(request, campaign_id)
    permissions.require(request.user, "open", campaign)
    return _fresh(services.campaign_open(actor=request.user, campaign=campaign))


@router.post("/evaluation/campaigns/{campaign_id}/close",
             response={200: EvaluationCampaignDetailOut, **COMMON_ERRORS},
             summary="结束评议（市级）；结束后不再接受评议，结果计入年度考核")
def campaign_close(request, campaign_id: int):
    campaign = visible_campaign(request, campaign_id)
    permissions.require(request.user, "close", campaign)
    return _fresh(services.campaign_close(actor=request.user, campaign=campaign))


@router.get("/evaluation/campaigns/{campaign_id}/criteria",
            response={200: list[EvaluationCriterionOut], **COMMON_ERRORS}, summary="评议指标")
def criterion_list(request, campaign_id: int):
    campaign = visible_campaign(request, campaign_id)
    return [criterion_out(c) for c in campaign.criteria.all()]


@router.post("/evaluation/campaigns/{campaign_id}/criteria", response={201: EvaluationCriterionOut, **COMMON_ERRORS},
             openapi_extra=body_doc(EvaluationCriterionIn), summary="添加评议指标（市级；仅筹备中）")
def criterion_add(request, campaign_id: int):
    campaign = visible_campaign(request, campaign_id)
    permissions.require(request.user, "create", Criterion)
    data = read_body(request, EvaluationCriterionIn)
    criterion = services.criterion_add(actor=request.user, campaign=campaign, direction=data.direction,
                                       name=data.name, weight=str(data.weight), scale=data.scale,
                                       description=data.description)
    return Status(201, criterion_out(criterion))


@router.delete("/evaluation/criteria/{criterion_id}", response={204: None, **COMMON_ERRORS},
               summary="删除评议指标（市级；仅筹备中）")
def criterion_delete(request, criterion_id: int):
    criterion = permissions.get_visible_or_404(request.user, Criterion, criterion_id)
    permissions.require(request.user, "delete", criterion)
    services.criterion_delete(actor=request.user, criterion=criterion)
    return Status(204, None)


@router.get("/evaluation/campaigns/{campaign_id}/progress", response={200: CampaignProgressOut, **COMMON_ERRORS},
            summary="评议进度：谁还没有评（市级、街道、联络员、联系领导，各看自己的社区）")
def campaign_progress(request, campaign_id: int):
    campaign = visible_campaign(request, campaign_id)
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


@router.post("/evaluation/campaigns/{campaign_id}/remind", response={200: CampaignRemindOut, **COMMON_ERRORS},
             summary="催办：列出尚未评完的社区和单位，并通过通知系统提醒（市级、街道）")
def campaign_remind(request, campaign_id: int):
    campaign = visible_campaign(request, campaign_id)
    permissions.require(request.user, "remind", campaign)
    scope = permissions.scope_of(request.user)
    pending, sent = services.campaign_remind(actor=request.user, campaign=campaign,
                                             community_ids=None if scope.everything else scope.community_ids)
    return {"notified": sent, "pending": [{"kind": p.kind, "id": p.id, "name": p.name,
                                           "community_name": p.community_name, "pending": p.pending}
                                          for p in pending]}


@router.get("/evaluation/campaigns/{campaign_id}/results", response={200: CampaignResultsOut, **COMMON_ERRORS},
            summary="评议汇总：单位的结果即所在社区的评分（注明社区评议）；社区的平均分满 3 个评议单位才显示")
def campaign_results(request, campaign_id: int):
    campaign = visible_campaign(request, campaign_id)
    units = list(assessed_units(request.user).select_related("community").order_by("community_id", "name"))
    communities = list(assessed_communities(request.user).order_by("code"))
    unit_sums = selectors.summaries(campaign, Direction.COMMUNITY_TO_UNIT, [u.pk for u in units])
    community_sums = selectors.summaries(campaign, Direction.UNIT_TO_COMMUNITY, [c.pk for c in communities])
    return {"campaign": campaign.pk,
            "units": [summary_out(unit_sums[u.pk], u.name, u.community.name) for u in units],
            "communities": [summary_out(community_sums[c.pk], c.name, c.name) for c in communities]}
