"""Problems (问题台账): registration with the opinions merged into them, classification A/B/C,
carrying class-B problems over to a later round."""

from __future__ import annotations

from django.db.models import Prefetch
from ninja import Field, Query, Schema, Status

from gongjian import permissions
from gongjian.api.base import COMMON_ERRORS, BadRequest, IdParam, PageParams, body_doc, page_of, read_body

from .. import services
from ..models import Opinion, Problem
from .base import category_ref, community_ref, page_out, round_ref, router


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


class ProblemClassifyIn(Schema):
    klass: str = Field(alias="class", description="A 有条件能够解决 · B 短期内难以解决 · C 不能解决")
    note: str = ""


class ProblemCarryOverIn(Schema):
    round: int


class ProblemFilters(PageParams):
    round: IdParam | None = None
    community: IdParam | None = None
    klass: str | None = Field(None, alias="class", description="A、B、C；none 为未分类")
    q: str = ""


def problem_out(p: Problem) -> dict:
    return {
        "id": p.pk, "round": p.round_id, "community": p.community_id, "title": p.title,
        "description": p.description, "category": p.category.code if p.category_id else None,
        "opinions": sorted(o.pk for o in p.opinions.all()), "class": p.klass or None,
        "class_note": p.class_note, "archive_no": p.archive_no, "carried_from": p.carried_from_id,
    }


def _problems_qs(user):
    return (permissions.visible(user, Problem).select_related("category")
            .prefetch_related(Prefetch("opinions", queryset=Opinion.objects.only("id", "problem_id"))))


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
    return page_out(qs, filters, problem_out)


@router.get("/problems/{int:problem_id}", response={200: ProblemOut, **COMMON_ERRORS}, by_alias=True,
            summary="一个问题")
def problem_detail(request, problem_id: int):
    problem = permissions.get_visible_or_404(request.user, Problem, problem_id,
                                             queryset=_problems_qs(request.user))
    return problem_out(problem)


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
        rnd = round_ref(request.user, data.round)
    elif opinions:
        rnd = opinions[0].round
    else:
        raise BadRequest("请指定轮次", {"round": ["此项必填"]})
    if data.community not in (None, ""):
        community = community_ref(request.user, data.community)
    elif opinions:
        community = opinions[0].community
    else:
        raise BadRequest("请指定社区", {"community": ["此项必填"]})
    category = category_ref(data.category) if data.category not in (None, "") else None
    problem = services.problem_register(actor=request.user, round=rnd, community=community, title=data.title,
                                        opinions=opinions, description=data.description, category=category)
    return Status(201, problem_out(_problems_qs(request.user).get(pk=problem.pk)))


@router.post("/problems/{int:problem_id}/classify", response={200: ProblemOut, **COMMON_ERRORS}, by_alias=True,
             openapi_extra=body_doc(ProblemClassifyIn),
             summary="分类：A 有条件能够解决 · B 短期内难以解决 · C 不能解决（须写明理由）；立项后不能再改（409）")
def problem_classify(request, problem_id: int):
    problem = permissions.get_visible_or_404(request.user, Problem, problem_id)
    permissions.require(request.user, "classify", problem)
    data = read_body(request, ProblemClassifyIn)
    services.problem_classify(actor=request.user, problem=problem, klass=data.klass.strip().upper(),
                              note=data.note)
    return problem_out(_problems_qs(request.user).get(pk=problem.pk))


@router.post("/problems/{int:problem_id}/carry_over", response={201: ProblemOut, **COMMON_ERRORS}, by_alias=True,
             openapi_extra=body_doc(ProblemCarryOverIn), summary="把 B 类问题结转到以后的轮次（登记为该轮的新问题）")
def problem_carry_over(request, problem_id: int):
    problem = permissions.get_visible_or_404(request.user, Problem, problem_id)
    permissions.require(request.user, "change", problem)
    data = read_body(request, ProblemCarryOverIn)
    rnd = round_ref(request.user, data.round)
    new = services.problem_carry_over(actor=request.user, problem=problem, round=rnd)
    return Status(201, problem_out(_problems_qs(request.user).get(pk=new.pk)))
