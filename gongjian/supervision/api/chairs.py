"""API: the rotating chair 轮值主席 — terms, the proposal of the next in turn, recommendations."""

from datetime import date

from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel

from gongjian import permissions
from gongjian.accounts.models import Role
from gongjian.api.base import COMMON_ERRORS, PageParams, body_doc, page_of, read_body, resolve_ref
from gongjian.core.errors import Conflict
from gongjian.registry.models import Community, Unit
from gongjian.supervision.models import ChairRecommendation, ChairTerm
from gongjian.supervision.services import chairs

from .common import IdFilter, community_in_scope, page_answer

router = Router()


class ChairTermOut(Schema):
    id: int
    community: int
    unit: int
    unit_name: str
    cycle: int
    starts_on: date
    ends_on: date
    recommendations: int
    chair_person: str
    current: bool


class ChairTermIn(BaseModel):
    community: int | str
    unit: int | str | None = Field(None, description="不填则按顺序推荐：本轮尚未担任、被推荐最多的单位")
    starts_on: date | None = Field(None, description="首任须填（某月1日）；之后接续上一任")
    chair_person: str = ""
    note: str = ""


class ChairTermFilters(PageParams):
    community: IdFilter | None = None


class ChairProposalOut(Schema):
    community: int
    unit: int
    unit_name: str
    cycle: int
    starts_on: date
    ends_on: date
    recommendations: int


class ChairRecommendationIn(BaseModel):
    candidate: int | str
    recommender: int | str | None = Field(None, description="单位用户不填（本单位）")
    note: str = ""


class ChairRecommendationOut(Schema):
    id: int
    community: int
    cycle: int
    candidate: int
    recommender: int
    note: str


class ChairRecommendationFilters(PageParams):
    community: IdFilter | None = None


def term_out(t: ChairTerm, today: date) -> dict:
    return {"id": t.pk, "community": t.community_id, "unit": t.unit_id, "unit_name": t.unit.name, "cycle": t.cycle,
            "starts_on": t.starts_on, "ends_on": t.ends_on, "recommendations": t.recommendations,
            "chair_person": t.chair_person, "current": t.starts_on <= today <= t.ends_on}


def recommendation_out(r: ChairRecommendation) -> dict:
    return {"id": r.pk, "community": r.community_id, "cycle": r.cycle, "candidate": r.candidate_id,
            "recommender": r.recommender_id, "note": r.note}


@router.get("/chair-terms", response={200: page_of(ChairTermOut), **COMMON_ERRORS}, summary="轮值主席安排表")
def chair_term_list(request, filters: Query[ChairTermFilters]):
    qs = permissions.visible(request.user, ChairTerm).select_related("unit")
    if filters.community is not None:
        qs = qs.filter(community_id=filters.community)
    today = timezone.localdate()
    return page_answer(qs.order_by("community_id", "starts_on"), filters, lambda t: term_out(t, today))


@router.get("/chair-terms/proposal", response={200: ChairProposalOut, **COMMON_ERRORS},
            summary="按顺序推荐下一任轮值主席（本轮尚未担任的单位中被推荐最多者）")
def chair_term_proposal(request, community: int):
    target = permissions.get_visible_or_404(request.user, Community, community,
                                            queryset=permissions.communities_in_scope(request.user))
    proposal = chairs.chair_propose_next(community=target)
    if proposal is None:
        raise Conflict("该社区还没有辖区单位")
    return {"community": target.pk, "unit": proposal.unit.pk, "unit_name": proposal.unit.name,
            "cycle": proposal.cycle, "starts_on": proposal.starts_on, "ends_on": proposal.ends_on,
            "recommendations": proposal.recommendations}


@router.post("/chair-terms", response={201: ChairTermOut, **COMMON_ERRORS}, openapi_extra=body_doc(ChairTermIn),
             summary="安排下一任轮值主席（半年一任）")
def chair_term_create(request):
    user = request.user
    permissions.require(user, "create", ChairTerm)
    data = read_body(request, ChairTermIn)
    community = community_in_scope(user, data.community)
    permissions.require(user, "rotate", ChairTerm(community_id=community.pk))
    unit = None
    if data.unit not in (None, ""):
        unit = resolve_ref(Unit.objects.filter(community=community), data.unit, "unit", "辖区单位", by=("name",))
    term = chairs.chair_rotate(actor=user, community=community, unit=unit, starts_on=data.starts_on,
                               chair_person=data.chair_person, note=data.note)
    return Status(201, term_out(term, timezone.localdate()))


@router.get("/chair-recommendations", response={200: page_of(ChairRecommendationOut), **COMMON_ERRORS},
            summary="轮值主席推荐")
def recommendation_list(request, filters: Query[ChairRecommendationFilters]):
    qs = permissions.visible(request.user, ChairRecommendation)
    if filters.community is not None:
        qs = qs.filter(community_id=filters.community)
    return page_answer(qs.order_by("-cycle", "id"), filters, recommendation_out)


@router.post("/chair-recommendations", response={201: ChairRecommendationOut, **COMMON_ERRORS},
             openapi_extra=body_doc(ChairRecommendationIn), summary="推荐轮值主席（每个单位每轮一次）")
def recommendation_create(request):
    user = request.user
    permissions.require(user, "create", ChairRecommendation)
    data = read_body(request, ChairRecommendationIn)
    scope = permissions.scope_of(user)
    if scope.role == Role.UNIT:
        recommender = Unit.objects.get(pk=scope.unit_id)
    else:
        recommender = resolve_ref(permissions.visible(user, Unit), data.recommender, "recommender", "推荐单位",
                                  by=("name",))
    candidate = resolve_ref(Unit.objects.filter(community_id=recommender.community_id), data.candidate,
                            "candidate", "被推荐单位", by=("name",))
    permissions.require(user, "create", ChairRecommendation(community_id=recommender.community_id,
                                                            recommender=recommender))
    rec = chairs.chair_recommend(actor=user, recommender=recommender, candidate=candidate, note=data.note)
    return Status(201, recommendation_out(rec))
