"""The residents' side of the API (no token): submit an opinion, follow it by its receipt code."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Schema, Status

from gongjian.api.base import BadRequest, ErrorOut, body_doc, rate_limit, read_body, resolve_ref
from gongjian.citysetup.selectors import next_round_notice
from gongjian.core.errors import Conflict
from gongjian.registry.models import Community

from .. import services
from ..models import Category, Channel
from ..selectors import opinion_by_receipt, opinion_public_status, round_open_newest
from ..validation import MAX_CONTENT_CHARS, MAX_NAME_CHARS, MAX_PHONE_CHARS
from .base import router

PUBLIC_SUBMIT_RATE = getattr(settings, "GONGJIAN_PUBLIC_OPINION_RATE", "20/h")
PUBLIC_TRACK_RATE = getattr(settings, "GONGJIAN_PUBLIC_TRACK_RATE", "60/m")
PUBLIC_FIELDS = {"submitter_name": "name", "submitter_phone": "phone"}


class PublicOpinionIn(Schema):
    community: int | str = Field(description="社区 id 或代码")
    category: str = Field(description="类别代码")
    content: str = Field(min_length=1, max_length=MAX_CONTENT_CHARS)
    name: str | None = Field("", max_length=MAX_NAME_CHARS)
    phone: str | None = Field("", max_length=MAX_PHONE_CHARS)


class OpinionReceiptOut(Schema):
    receipt_code: str


class PublicOpinionProblemOut(Schema):
    archive_no: str
    klass: str | None = Field(None, alias="class")
    note: str = Field("", description="C 类（不能解决）向居民的解释")


class PublicOpinionProjectOut(Schema):
    id: int
    status: str


class PublicOpinionTrackOut(Schema):
    status: str
    reject_reason: str
    problem: PublicOpinionProblemOut | None
    project: PublicOpinionProjectOut | None


@router.post("/public/opinions", auth=None, tags=["居民公开接口"], response={201: OpinionReceiptOut, 400: ErrorOut, 409: ErrorOut, 429: ErrorOut},
                    openapi_extra=body_doc(PublicOpinionIn),
                    summary="居民提交意见（无需令牌）；得到回执码；姓名、电话可不填")
def public_opinion_submit(request):
    rate_limit(request, "public-opinion", PUBLIC_SUBMIT_RATE)
    data = read_body(request, PublicOpinionIn)
    community = resolve_ref(Community.objects.all(), data.community, "community", "社区", by=("code",))
    category = resolve_ref(Category.objects.filter(active=True), data.category, "category", "类别", by=("code",))
    rnd = round_open_newest()
    if rnd is None:
        raise Conflict("目前没有正在征集意见的轮次，暂时不能提交。" + next_round_notice()
                       + "请留意社区通知，下一轮征集开始后再提交。")
    try:
        opinion = services.opinion_create(actor=None, round=rnd, community=community, channel=Channel.ONLINE,
                                          category=category, content=data.content,
                                          submitter_name=data.name or "", submitter_phone=data.phone or "")
    except ValidationError as exc:  # the one validator of every channel, in this endpoint's field names
        errors = {PUBLIC_FIELDS.get(field, field): messages for field, messages in exc.message_dict.items()}
        raise BadRequest("输入有误：" + "；".join(m for ms in errors.values() for m in ms), errors) from None
    return Status(201, {"receipt_code": opinion.receipt_code})


@router.get("/public/opinions/{receipt_code}", auth=None, tags=["居民公开接口"], response={200: PublicOpinionTrackOut, 404: ErrorOut, 429: ErrorOut},
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
