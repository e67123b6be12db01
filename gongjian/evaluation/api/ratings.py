"""API: a rater's ratings 评议打分 — submitted once and final; each rater sees only its own."""

from datetime import datetime

from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel

from gongjian import permissions
from gongjian.accounts.models import Role
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
from gongjian.evaluation import services
from gongjian.evaluation.models import EvaluationRating
from gongjian.permissions import MAX_ID
from gongjian.registry.models import Community, Unit

from .campaigns import visible_campaign

router = Router()


class EvaluationScoreIn(BaseModel):
    criterion: int
    score: int
    comment: str = ""


class EvaluationRatingsIn(BaseModel):
    unit: int | str | None = Field(None, description="社区评单位时：被评单位的 id 或名称；单位评社区时不填")
    scores: list[EvaluationScoreIn] = Field(..., description="本方向每个指标一项")


class EvaluationRatingOut(Schema):
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


class EvaluationRatingSheetOut(Schema):
    campaign: int
    direction: str
    community: int
    unit: int
    ratings: list[EvaluationRatingOut]


class EvaluationRatingFilters(PageParams):
    campaign: int | None = Field(None, ge=1, le=MAX_ID)
    direction: str | None = None


def rating_out(r: EvaluationRating) -> dict:
    return {"id": r.pk, "campaign": r.campaign_id, "criterion": r.criterion_id, "criterion_name": r.criterion.name,
            "direction": r.direction, "community": r.community_id, "unit": r.unit_id, "score": r.score,
            "scale": r.scale, "comment": r.comment, "created_at": r.created_at}


@router.post("/evaluation/campaigns/{campaign_id}/ratings", response={201: EvaluationRatingSheetOut, **COMMON_ERRORS},
             openapi_extra=body_doc(EvaluationRatingsIn),
             summary="提交评议（社区评本社区单位；单位评所在社区）。提交即为最终结果，不能重复提交；已结束的活动 409")
def rating_submit(request, campaign_id: int):
    user = request.user
    campaign = visible_campaign(request, campaign_id)
    permissions.require(user, "rate", campaign)
    data = read_body(request, EvaluationRatingsIn)
    scope = permissions.scope_of(user)
    if scope.role == Role.COMMUNITY:
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
                        "unit": first.unit_id, "ratings": [rating_out(r) for r in rows]})


@router.get("/evaluation/ratings", response={200: page_of(EvaluationRatingOut), **COMMON_ERRORS},
            summary="我方给出的评议打分（评议人私有：社区看自己打的分，单位看自己打的分）")
def rating_list(request, filters: Query[EvaluationRatingFilters]):
    qs = permissions.visible(request.user, EvaluationRating).select_related("criterion")
    if filters.campaign is not None:
        qs = qs.filter(campaign_id=filters.campaign)
    if filters.direction:
        qs = qs.filter(direction=filters.direction)
    return paged(qs.order_by("id"), filters, out=rating_out)


@router.get("/evaluation/ratings/{rating_id}", response={200: EvaluationRatingOut, **COMMON_ERRORS},
            summary="一条评议打分")
def rating_detail(request, rating_id: int):
    qs = permissions.visible(request.user, EvaluationRating).select_related("criterion")
    return rating_out(permissions.get_visible_or_404(request.user, EvaluationRating, rating_id, queryset=qs))
