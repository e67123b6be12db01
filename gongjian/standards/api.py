"""API: demonstration-community standards, targets and progress, assessments (示范社区创建)."""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status

from gongjian import permissions
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
from gongjian.registry.models import Community

from . import selectors, services
from .models import TIER_FOCUS, Assessment, AssessmentItem, Criterion, Evidence, Standard, Target

router = Router(tags=["示范社区创建"])


def _num(value) -> str | None:
    return None if value is None else str(value)


class StandardCriterionIn(Schema):
    group: str = Field(..., description="basics 抓基础 · features 创特色 · excellence 上档次")
    title: str = Field(..., min_length=1)
    points: Decimal | float | str
    description: str = ""


class StandardCriterionOut(Schema):
    id: int
    group: str
    group_label: str
    order: int
    title: str
    description: str
    points: str


class StandardIn(Schema):
    name: str = Field(..., min_length=1)
    year: int
    pass_score: Decimal | float | str
    tier1_min: Decimal | float | str
    tier2_min: Decimal | float | str
    criteria: list[StandardCriterionIn] = Field(default_factory=list)


class StandardOut(Schema):
    id: int
    name: str
    year: int
    pass_score: str
    tier1_min: str
    tier2_min: str
    total_points: str
    active: bool
    criteria: list[StandardCriterionOut]
    tier_focus: dict[str, str]


class StandardTargetIn(Schema):
    standard: int
    name: str = Field(..., min_length=1)
    share: Decimal | float | str = Field(..., description="目标比例（%），如 80")
    due_on: date


class StandardTierCountOut(Schema):
    tier: int
    label: str
    count: int
    focus: str


class StandardTargetOut(Schema):
    id: int
    standard: int
    name: str
    share: str
    due_on: date


class StandardTargetProgressOut(Schema):
    target: int
    name: str
    standard: int
    share: str
    due_on: date
    communities: int
    reached: int
    needed: int
    remaining: int
    share_now: str = Field(..., description="已达标社区占比（%）")
    met: bool
    days_left: int
    overdue: bool
    in_review: int
    not_assessed: int
    tiers: list[StandardTierCountOut]


class StandardAssessmentItemIn(Schema):
    criterion: int
    points: Decimal | float | str | None = None
    note: str | None = None


class StandardAssessmentIn(Schema):
    standard: int
    community: int | str
    items: list[StandardAssessmentItemIn] = Field(default_factory=list)


class StandardAssessmentReviewIn(Schema):
    decision: str = Field("approve", description="approve 通过 · return 退回修改")
    items: list[StandardAssessmentItemIn] = Field(default_factory=list, description="调整的分数；未列出的沿用上一环节")
    note: str = ""


class StandardEvidenceOut(Schema):
    id: int
    criterion: int
    name: str
    kind: str
    size: int
    url: str


class StandardAssessmentItemOut(Schema):
    criterion: int
    self_points: str | None
    street_points: str | None
    final_points: str | None
    note: str
    evidence: list[StandardEvidenceOut]


class StandardAssessmentOut(Schema):
    id: int
    standard: int
    community: int
    community_name: str
    status: str
    self_score: str | None
    street_score: str | None
    final_score: str | None
    tier: int | None
    tier_focus: str
    reached: bool
    review_note: str
    submitted_at: datetime | None
    items: list[StandardAssessmentItemOut]


def _criterion_out(c: Criterion) -> dict:
    return {"id": c.pk, "group": c.group, "group_label": c.get_group_display(), "order": c.order, "title": c.title,
            "description": c.description, "points": str(c.points)}


def _standard_out(s: Standard) -> dict:
    criteria = list(s.criteria.all())
    return {"id": s.pk, "name": s.name, "year": s.year, "pass_score": str(s.pass_score),
            "tier1_min": str(s.tier1_min), "tier2_min": str(s.tier2_min),
            "total_points": str(sum((c.points for c in criteria), Decimal(0))), "active": s.active,
            "criteria": [_criterion_out(c) for c in criteria], "tier_focus": {str(k): v for k, v in TIER_FOCUS.items()}}


def _assessment_out(a: Assessment) -> dict:
    items = []
    for item in a.items.all():
        items.append({
            "criterion": item.criterion_id, "self_points": _num(item.self_points),
            "street_points": _num(item.street_points), "final_points": _num(item.final_points), "note": item.note,
            "evidence": [{"id": e.pk, "criterion": item.criterion_id, "name": e.name, "kind": e.kind, "size": e.size,
                          "url": reverse("standards:evidence_file", args=[e.pk])} for e in item.evidence.all()],
        })
    return {"id": a.pk, "standard": a.standard_id, "community": a.community_id, "community_name": a.community.name,
            "status": a.status, "self_score": _num(a.self_score), "street_score": _num(a.street_score),
            "final_score": _num(a.final_score), "tier": a.tier, "tier_focus": a.tier_focus, "reached": a.reached,
            "review_note": a.review_note, "submitted_at": a.submitted_at, "items": items}


def _assessments(user):
    return (permissions.visible(user, Assessment).select_related("community")
            .prefetch_related(Prefetch("items", queryset=AssessmentItem.objects.order_by("criterion__order",
                                                                                         "criterion_id")),
                              "items__evidence"))


def _assessment_or_404(request, pk) -> Assessment:
    return permissions.get_visible_or_404(request.user, Assessment, pk, queryset=_assessments(request.user))


def _standard_or_404(request, pk) -> Standard:
    return permissions.get_visible_or_404(request.user, Standard, pk,
                                          queryset=permissions.visible(request.user, Standard)
                                          .prefetch_related("criteria"))


def _scores(items: list[StandardAssessmentItemIn]) -> tuple[dict, dict]:
    scores = {i.criterion: i.points for i in items if i.points is not None}
    notes = {i.criterion: i.note for i in items if i.note is not None}
    return scores, notes


# ------------------------------------------------------------------------------ standards and targets

class StandardFilters(PageParams):
    year: int | None = None
    active: bool | None = None


@router.get("/standards", response={200: page_of(StandardOut), **COMMON_ERRORS}, summary="示范社区标准")
def standard_list(request, filters: Query[StandardFilters]):
    qs = permissions.visible(request.user, Standard).prefetch_related("criteria").order_by("-year", "id")
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    if filters.active is not None:
        qs = qs.filter(active=filters.active)
    return paged(qs, filters, out=_standard_out)


@router.post("/standards", response={201: StandardOut, **COMMON_ERRORS}, openapi_extra=body_doc(StandardIn),
             summary="制定示范社区标准（市级）")
def standard_create(request):
    permissions.require(request.user, "create", Standard)
    data = read_body(request, StandardIn)
    with transaction.atomic():
        standard = services.standard_create(actor=request.user, name=data.name, year=data.year,
                                            pass_score=data.pass_score, tier1_min=data.tier1_min,
                                            tier2_min=data.tier2_min)
        for c in data.criteria:
            services.criterion_add(actor=request.user, standard=standard, group=c.group, title=c.title,
                                   points=c.points, description=c.description)
    return Status(201, _standard_out(_standard_or_404(request, standard.pk)))


@router.get("/standards/{standard_id}", response={200: StandardOut, **COMMON_ERRORS}, summary="示范社区标准")
def standard_detail(request, standard_id: int):
    return _standard_out(_standard_or_404(request, standard_id))


@router.post("/standards/{standard_id}/criteria", response={201: StandardCriterionOut, **COMMON_ERRORS},
             openapi_extra=body_doc(StandardCriterionIn), summary="增加评分项（市级）")
def criterion_create(request, standard_id: int):
    standard = _standard_or_404(request, standard_id)
    permissions.require(request.user, "change", standard)
    data = read_body(request, StandardCriterionIn)
    criterion = services.criterion_add(actor=request.user, standard=standard, group=data.group, title=data.title,
                                       points=data.points, description=data.description)
    return Status(201, _criterion_out(criterion))


def _target_out(t: Target) -> dict:
    return {"id": t.pk, "standard": t.standard_id, "name": t.name, "share": str(t.share), "due_on": t.due_on}


class StandardTargetFilters(PageParams):
    standard: int | None = None


@router.get("/standard-targets", response={200: page_of(StandardTargetOut), **COMMON_ERRORS}, summary="创建目标")
def target_list(request, filters: Query[StandardTargetFilters]):
    qs = permissions.visible(request.user, Target).order_by("due_on", "id")
    if filters.standard is not None:
        qs = qs.filter(standard_id=filters.standard)
    return paged(qs, filters, out=_target_out)


@router.post("/standard-targets", response={201: StandardTargetOut, **COMMON_ERRORS}, openapi_extra=body_doc(StandardTargetIn),
             summary="设定创建目标（市级），如两年内80%的社区达到省级示范标准")
def target_create(request):
    permissions.require(request.user, "create", Target)
    data = read_body(request, StandardTargetIn)
    standard = resolve_ref(permissions.visible(request.user, Standard), data.standard, "standard", "标准", by=())
    target = services.target_set(actor=request.user, standard=standard, name=data.name, share=data.share,
                                 due_on=data.due_on)
    return Status(201, _target_out(target))


def progress_out(p: dict) -> dict:
    return {**p, "share": str(p["share"]), "share_now": str(p["share_now"])}


@router.get("/standard-targets/{target_id}/progress", response={200: StandardTargetProgressOut, **COMMON_ERRORS},
            summary="目标进度：达到省级示范标准的社区数与占比，各类社区数")
def target_progress(request, target_id: int, street: int | None = None):
    target = permissions.get_visible_or_404(request.user, Target, target_id,
                                            queryset=permissions.visible(request.user, Target)
                                            .select_related("standard"))
    communities = Community.objects.all()
    if street is not None:
        communities = communities.filter(street_id=street)
    return progress_out(selectors.target_progress(target, communities))


# ------------------------------------------------------------------------------ assessments

class StandardAssessmentFilters(PageParams):
    standard: int | None = None
    community: int | None = None
    street: int | None = None
    status: str = ""
    tier: int | None = None
    reached: bool | None = None


@router.get("/assessments", response={200: page_of(StandardAssessmentOut), **COMMON_ERRORS}, summary="示范社区测评")
def assessment_list(request, filters: Query[StandardAssessmentFilters]):
    qs = _assessments(request.user).order_by("standard_id", "community__code")
    if filters.standard is not None:
        qs = qs.filter(standard_id=filters.standard)
    if filters.community is not None:
        qs = qs.filter(community_id=filters.community)
    if filters.street is not None:
        qs = qs.filter(community__street_id=filters.street)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.tier is not None:
        qs = qs.filter(tier=filters.tier)
    if filters.reached is not None:
        qs = qs.filter(reached=filters.reached)
    return paged(qs, filters, out=_assessment_out)


@router.post("/assessments", response={200: StandardAssessmentOut, 201: StandardAssessmentOut, **COMMON_ERRORS},
             openapi_extra=body_doc(StandardAssessmentIn), summary="保存社区自评（新建 201，修改 200）")
def assessment_save(request):
    permissions.require(request.user, "create", Assessment)
    data = read_body(request, StandardAssessmentIn)
    standard = resolve_ref(permissions.visible(request.user, Standard), data.standard, "standard", "标准", by=())
    community = resolve_ref(Community.objects.all(), data.community, "community", "社区")
    if not permissions.scope_of(request.user).covers_community(community.pk):
        raise PermissionDenied("只能为本社区自评")
    existing = Assessment.objects.filter(standard=standard, community=community).first()
    scores, notes = _scores(data.items)
    assessment = services.self_assessment_save(actor=request.user, standard=standard, community=community,
                                               scores=scores, notes=notes)
    return Status(200 if existing else 201, _assessment_out(_assessment_or_404(request, assessment.pk)))


@router.get("/assessments/{assessment_id}", response={200: StandardAssessmentOut, **COMMON_ERRORS}, summary="示范社区测评")
def assessment_detail(request, assessment_id: int):
    return _assessment_out(_assessment_or_404(request, assessment_id))


@router.post("/assessments/{assessment_id}/submit", response={200: StandardAssessmentOut, **COMMON_ERRORS},
             summary="提交自评（社区）")
def assessment_submit(request, assessment_id: int):
    assessment = _assessment_or_404(request, assessment_id)
    permissions.require(request.user, "submit", assessment)
    services.self_assessment_submit(actor=request.user, assessment=assessment)
    return _assessment_out(_assessment_or_404(request, assessment_id))


@router.post("/assessments/{assessment_id}/review", response={200: StandardAssessmentOut, **COMMON_ERRORS},
             openapi_extra=body_doc(StandardAssessmentReviewIn), summary="审核：街道审核，市级审定（定分定类），或退回")
def assessment_review(request, assessment_id: int):
    assessment = _assessment_or_404(request, assessment_id)
    # 403 before the body is read: the user may take neither this stage's approval nor a return.
    approve = services.review_action(assessment, "approve")
    if not (permissions.can(request.user, approve, assessment) or permissions.can(request.user, "return", assessment)):
        raise PermissionDenied("您的角色或范围不允许审核此测评")
    data = read_body(request, StandardAssessmentReviewIn)
    if data.decision not in ("approve", "return"):
        raise BadRequest("decision 须为 approve 或 return", {"decision": ["取值不在允许范围内"]})
    permissions.require(request.user, services.review_action(assessment, data.decision), assessment)
    scores, _notes = _scores(data.items)
    services.assessment_review(actor=request.user, assessment=assessment, decision=data.decision, scores=scores,
                               note=data.note)
    return _assessment_out(_assessment_or_404(request, assessment_id))


_EVIDENCE_DOC = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["criterion", "file"],
    "properties": {"criterion": {"type": "integer", "description": "评分项 id"},
                   "file": {"type": "string", "format": "binary"}}}}}}}


@router.post("/assessments/{assessment_id}/evidence", response={201: StandardEvidenceOut, **COMMON_ERRORS},
             openapi_extra=_EVIDENCE_DOC, summary="上传佐证材料（jpg、png、pdf、docx、xlsx，10 MB 以内）")
def evidence_upload(request, assessment_id: int):
    # The form is read after the permission check (the API answers 404 → 403 → 400), not declared to ninja.
    assessment = _assessment_or_404(request, assessment_id)
    permissions.require(request.user, "attach", assessment)
    file = request.FILES.get("file")
    criterion = request.POST.get("criterion", "")
    errors = {}
    if file is None:
        errors["file"] = ["此项必填"]
    if not criterion.strip().isdigit():
        errors["criterion"] = ["须为整数"]
    if errors:
        raise BadRequest("输入有误：" + "；".join(f"{k} {v[0]}" for k, v in errors.items()), errors)
    item = Criterion.objects.filter(pk=int(criterion), standard_id=assessment.standard_id).first()
    if item is None:
        raise BadRequest("该评分项不属于本测评的标准", {"criterion": ["评分项不存在"]})
    evidence: Evidence = services.evidence_attach(actor=request.user, assessment=assessment, criterion=item,
                                                  file=file, filename=file.name)
    return Status(201, {"id": evidence.pk, "criterion": item.pk, "name": evidence.name, "kind": evidence.kind,
                        "size": evidence.size, "url": reverse("standards:evidence_file", args=[evidence.pk])})
