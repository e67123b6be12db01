"""Opinions: the list, one opinion, staff entry, rejection."""

from __future__ import annotations

from datetime import date

from ninja import Field, Query, Schema, Status

from gongjian import permissions
from gongjian.api.base import COMMON_ERRORS, IdParam, PageParams, body_doc, page_of, read_body
from gongjian.core.errors import Conflict
from gongjian.core.masking import mask_name, mask_phone

from .. import services
from ..models import Channel, Opinion
from ..selectors import round_open_newest
from .base import category_ref, channel_code, community_ref, page_out, round_ref, router


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


class OpinionFilters(PageParams):
    round: IdParam | None = None
    community: IdParam | None = None
    status: Opinion.Status | None = None
    channel: Channel | None = None
    category: str | None = Field(None, description="类别代码或 id")
    q: str = Field("", description="内容包含的文字")


class OpinionRejectIn(Schema):
    reason: str


def opinion_out(o: Opinion, user) -> dict:
    """An opinion as staff see it: the receipt code (staff print it for the resident), contact details
    masked for roles that may not see them."""
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
    return page_out(qs, filters, lambda o: opinion_out(o, request.user))


@router.get("/opinions/{int:opinion_id}", response={200: OpinionOut, **COMMON_ERRORS}, summary="一条意见")
def opinion_detail(request, opinion_id: int):
    qs = permissions.visible(request.user, Opinion).select_related("category")
    opinion = permissions.get_visible_or_404(request.user, Opinion, opinion_id, queryset=qs)
    return opinion_out(opinion, request.user)


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
        rnd = round_ref(request.user, data.round)
    community = community_ref(request.user, data.community)
    opinion = services.opinion_create(
        actor=request.user, round=rnd, community=community, channel=channel_code(data.channel),
        category=category_ref(data.category), content=data.content, received_on=data.received_on,
        submitter_name=data.submitter_name, submitter_phone=data.submitter_phone, form_no=data.form_no,
    )
    return Status(201, opinion_out(opinion, request.user))


@router.post("/opinions/{int:opinion_id}/reject", response={200: OpinionOut, **COMMON_ERRORS},
             openapi_extra=body_doc(OpinionRejectIn), summary="不予采纳（理由居民可见）")
def opinion_reject(request, opinion_id: int):
    qs = permissions.visible(request.user, Opinion).select_related("category")
    opinion = permissions.get_visible_or_404(request.user, Opinion, opinion_id, queryset=qs)
    permissions.require(request.user, "reject", opinion)
    data = read_body(request, OpinionRejectIn)
    services.opinion_reject(actor=request.user, opinion=opinion, reason=data.reason)
    opinion = qs.get(pk=opinion.pk)
    return opinion_out(opinion, request.user)
