"""Rounds, solicitation records (forms handed out, letters, meetings, online) and categories."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.http import Http404
from ninja import Field, Query, Schema, Status

from gongjian import permissions
from gongjian.api.base import (
    COMMON_ERRORS,
    BadRequest,
    IdParam,
    PageParams,
    YearParam,
    body_doc,
    page_of,
    read_body,
)

from .. import services
from ..models import Category, Round, Solicitation
from .base import community_ref, page_out, round_ref, router


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


class RoundFilters(PageParams):
    status: Round.Status | None = None
    year: YearParam | None = None


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


class SolicitationFilters(PageParams):
    round: IdParam | None = None
    community: IdParam | None = None
    kind: Solicitation.Kind | None = None


class CategoryOut(Schema):
    code: str
    name: str
    active: bool
    sort_order: int


class CategoryIn(Schema):
    code: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=50)
    description: str = Field("", max_length=200)
    sort_order: int | None = Field(None, ge=0, le=32767)


class CategoryPatchIn(Schema):
    name: str | None = Field(None, min_length=1, max_length=50)
    description: str | None = Field(None, max_length=200)
    sort_order: int | None = Field(None, ge=0, le=32767)
    active: bool | None = None


class CategoryPageParams(PageParams):
    page_size: int = 200  # the whole list in one answer: a city has a dozen categories


def _round_out(r: Round) -> dict:
    return {"id": r.pk, "name": r.name, "year": r.year, "status": r.status, "opened_on": r.opened_on}


def _solicitation_out(s: Solicitation) -> dict:
    return {"id": s.pk, "round": s.round_id, "community": s.community_id, "kind": s.kind, "date": s.date,
            "count": s.count, "note": s.note}


# ------------------------------------------------------------------------------ rounds


@router.get("/rounds", response={200: page_of(RoundOut), **COMMON_ERRORS}, summary="轮次列表")
def round_list(request, filters: Query[RoundFilters]):
    qs = permissions.visible(request.user, Round).order_by("-year", "-id")
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.year:
        qs = qs.filter(year=filters.year)
    return page_out(qs, filters, _round_out)


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
def solicitation_list(request, filters: Query[SolicitationFilters]):
    qs = permissions.visible(request.user, Solicitation).order_by("-date", "-id")
    if filters.round is not None:
        qs = qs.filter(round_id=filters.round)
    if filters.community is not None:
        qs = qs.filter(community_id=filters.community)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return page_out(qs, filters, _solicitation_out)


@router.post("/solicitations", response={201: SolicitationOut, **COMMON_ERRORS},
             openapi_extra=body_doc(SolicitationIn), summary="登记征求意见活动")
def solicitation_create(request):
    permissions.require(request.user, "create", Solicitation)
    data = read_body(request, SolicitationIn)
    rnd = round_ref(request.user, data.round)
    community = community_ref(request.user, data.community)
    record = services.solicitation_record(actor=request.user, round=rnd, community=community, kind=data.kind,
                                          date=data.date, count=data.count, note=data.note)
    return Status(201, _solicitation_out(record))


# ------------------------------------------------------------------------------ categories


@router.get("/categories", response={200: page_of(CategoryOut), **COMMON_ERRORS}, summary="意见类别")
def category_list(request, params: Query[CategoryPageParams]):
    qs = permissions.visible(request.user, Category).filter(active=True).order_by("sort_order", "code")
    return page_out(qs, params, _category_out)


def _category_out(c: Category) -> dict:
    return {"code": c.code, "name": c.name, "active": c.active, "sort_order": c.sort_order}


@router.post("/categories", response={201: CategoryOut, **COMMON_ERRORS}, openapi_extra=body_doc(CategoryIn),
             summary="新增意见类别（市级）")
def category_create(request):
    permissions.require(request.user, "create", Category)
    data = read_body(request, CategoryIn)
    category = services.category_create(actor=request.user, code=data.code, name=data.name,
                                        description=data.description, sort_order=data.sort_order)
    return Status(201, _category_out(category))


@router.patch("/categories/{code}", response={200: CategoryOut, **COMMON_ERRORS},
              openapi_extra=body_doc(CategoryPatchIn),
              summary="修改意见类别（市级）：名称、说明、排序、启用或停用；代码不能修改，用过的类别只能停用")
def category_update(request, code: str):
    category = permissions.visible(request.user, Category).filter(code=code[:32]).first()
    if category is None:
        raise Http404("类别不存在")
    permissions.require(request.user, "change", category)
    data = read_body(request, CategoryPatchIn)
    fields = data.model_fields_set
    if not fields:
        raise BadRequest("请至少修改一项：name、description、sort_order 或 active")
    with transaction.atomic():  # the rename and the (de)activation together, or neither
        if fields & {"name", "description", "sort_order"}:
            category = services.category_update(
                actor=request.user, category=category,
                name=data.name if data.name is not None else category.name,
                description=data.description if data.description is not None else category.description,
                sort_order=data.sort_order)
        if data.active is not None and data.active != category.active:
            category = services.category_set_active(actor=request.user, category=category, active=data.active)
    return _category_out(category)
