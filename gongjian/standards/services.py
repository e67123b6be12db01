"""Every write of demonstration-community creation: the standard and its criteria, the target,
self-assessment with evidence, street and city review, and the tier that follows from the score."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gongjian.core.audit import stamp, user_or_none
from gongjian.core.errors import Conflict
from gongjian.core.uploads import check_upload, clean_filename
from gongjian.registry.services import community_set_tier

from .models import Assessment, AssessmentItem, Criterion, Evidence, Standard, Target

EDITABLE = (Assessment.Status.DRAFT, Assessment.Status.RETURNED)
EVIDENCE_KINDS = ("jpg", "png", "pdf", "docx", "xlsx")


def _points(value, field: str) -> Decimal:
    try:
        points = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: ["分数须为数字"]}) from None
    if not points.is_finite():
        raise ValidationError({field: ["分数须为数字"]})
    return points


# ------------------------------------------------------------------------------ the standard

@transaction.atomic
def standard_create(*, actor, name: str, year: int, pass_score, tier1_min, tier2_min) -> Standard:
    standard = Standard(name=(name or "").strip(), year=year, pass_score=_points(pass_score, "pass_score"),
                        tier1_min=_points(tier1_min, "tier1_min"), tier2_min=_points(tier2_min, "tier2_min"))
    if standard.tier1_min < standard.tier2_min:
        raise ValidationError({"tier1_min": ["一类社区最低分不能低于二类社区最低分"]})
    standard.full_clean()
    stamp(standard, actor, "制定示范社区标准")
    standard.save()
    return standard


@transaction.atomic
def criterion_add(*, actor, standard: Standard, group: str, title: str, points, description: str = "",
                  order: int | None = None) -> Criterion:
    """A scored criterion. Once a community has submitted against the standard, its criteria are fixed."""
    if Assessment.objects.filter(standard=standard).exclude(status__in=EDITABLE).exists():
        raise Conflict("已有社区按此标准提交测评，不能再增加评分项")
    if order is None:
        order = (standard.criteria.aggregate(m=Max("order"))["m"] or 0) + 1
    criterion = Criterion(standard=standard, group=group, title=(title or "").strip(), order=order,
                          description=(description or "").strip(), points=_points(points, "points"))
    criterion.full_clean()
    stamp(criterion, actor, "增加评分项")
    criterion.save()
    return criterion


def _criteria_in_use(standard: Standard) -> bool:
    """Once a community has begun assessing against a standard, its criteria and scoring stay as they are."""
    return Assessment.objects.filter(standard=standard).exists()


IN_USE = "已有社区按此标准测评，评分项和分数线不能再改动；如需调整，请制定新的标准"


@transaction.atomic
def standard_update(*, actor, standard: Standard, name: str, year: int, pass_score, tier1_min, tier2_min,
                    active: bool = True) -> Standard:
    """Change a standard. Its name, year and whether it is in use always; its scores only while no
    community has assessed against it (a changed line would re-grade finished assessments)."""
    standard = Standard.objects.select_for_update().get(pk=standard.pk)
    scores = (_points(pass_score, "pass_score"), _points(tier1_min, "tier1_min"), _points(tier2_min, "tier2_min"))
    if scores != (standard.pass_score, standard.tier1_min, standard.tier2_min) and _criteria_in_use(standard):
        raise Conflict(IN_USE)
    standard.name, standard.year, standard.active = (name or "").strip(), year, bool(active)
    standard.pass_score, standard.tier1_min, standard.tier2_min = scores
    if standard.tier1_min < standard.tier2_min:
        raise ValidationError({"tier1_min": ["一类社区最低分不能低于二类社区最低分"]})
    standard.full_clean()
    stamp(standard, actor, "修改示范社区标准")
    standard.save()
    return standard


@transaction.atomic
def criterion_update(*, actor, criterion: Criterion, group: str, title: str, points,
                     description: str = "") -> Criterion:
    criterion = Criterion.objects.select_for_update().get(pk=criterion.pk)
    if _criteria_in_use(criterion.standard):
        raise Conflict(IN_USE)
    criterion.group, criterion.title = group, (title or "").strip()
    criterion.points, criterion.description = _points(points, "points"), (description or "").strip()
    criterion.full_clean()
    stamp(criterion, actor, "修改评分项")
    criterion.save()
    return criterion


@transaction.atomic
def criterion_move(*, actor, criterion: Criterion, up: bool) -> Criterion:
    """Swap a criterion with its neighbour above (`up`) or below; the list is renumbered 1, 2, 3…"""
    standard = Standard.objects.select_for_update().get(pk=criterion.standard_id)
    if _criteria_in_use(standard):
        raise Conflict(IN_USE)
    rows = list(standard.criteria.order_by("order", "id"))
    i = next(k for k, c in enumerate(rows) if c.pk == criterion.pk)
    j = i - 1 if up else i + 1
    if 0 <= j < len(rows):
        rows[i], rows[j] = rows[j], rows[i]
    for k, row in enumerate(rows, start=1):
        if row.order != k:
            row.order = k
            stamp(row, actor, "调整评分项顺序")
            row.save(update_fields=["order", "updated_at"])
    return next(r for r in rows if r.pk == criterion.pk)


@transaction.atomic
def criterion_remove(*, actor, criterion: Criterion) -> None:
    criterion = Criterion.objects.select_for_update().get(pk=criterion.pk)
    if _criteria_in_use(criterion.standard):
        raise Conflict(IN_USE)
    stamp(criterion, actor, "删除评分项")
    criterion.delete()


@transaction.atomic
def target_update(*, actor, target: Target, name: str, share, due_on: date) -> Target:
    target = Target.objects.select_for_update().get(pk=target.pk)
    target.name, target.share, target.due_on = (name or "").strip(), _points(share, "share"), due_on
    target.full_clean()
    stamp(target, actor, "修改创建目标")
    target.save()
    return target


@transaction.atomic
def target_set(*, actor, standard: Standard, name: str, share, due_on: date) -> Target:
    target = Target(standard=standard, name=(name or "").strip(), share=_points(share, "share"), due_on=due_on,
                    set_by=user_or_none(actor))
    target.full_clean()
    stamp(target, actor, "设定创建目标")
    target.save()
    return target


# ------------------------------------------------------------------------------ self-assessment

def _criteria_by_id(standard: Standard) -> dict[int, Criterion]:
    return {c.pk: c for c in standard.criteria.all()}


def _check_scores(criteria: dict[int, Criterion], scores: dict, field: str) -> dict[int, Decimal]:
    """{criterion id: points} with each 0 ≤ points ≤ the criterion's points."""
    clean, errors = {}, []
    for key, value in scores.items():
        criterion_id = key.pk if isinstance(key, Criterion) else int(key)
        criterion = criteria.get(criterion_id)
        if criterion is None:
            errors.append(f"评分项 {criterion_id} 不属于该标准")
            continue
        if value is None or value == "":
            continue
        points = _points(value, field)
        if points < 0 or points > criterion.points:
            errors.append(f"“{criterion.title}”的得分须在 0 到 {criterion.points} 之间")
            continue
        clean[criterion_id] = points
    if errors:
        raise ValidationError({field: errors})
    return clean


@transaction.atomic
def self_assessment_save(*, actor, standard: Standard, community, scores: dict,
                         notes: dict | None = None) -> Assessment:
    """Create or update a community's self-assessment (draft or returned): points per criterion
    ({criterion or id: points}) and an explanation per criterion."""
    if not standard.active:
        raise Conflict("该标准已停用")
    assessment, _created = Assessment.objects.select_for_update().get_or_create(standard=standard,
                                                                               community=community)
    if assessment.status not in EDITABLE:
        raise Conflict(f"测评当前为“{assessment.get_status_display()}”，不能再修改自评")
    criteria = _criteria_by_id(standard)
    clean = _check_scores(criteria, scores, "scores")
    notes = {(k.pk if isinstance(k, Criterion) else int(k)): v for k, v in (notes or {}).items()}
    existing = {i.criterion_id: i for i in assessment.items.all()}
    for criterion_id in set(clean) | set(notes):
        if criterion_id not in criteria:
            raise ValidationError({"notes": [f"评分项 {criterion_id} 不属于该标准"]})
        item = existing.get(criterion_id) or AssessmentItem(assessment=assessment, criterion_id=criterion_id)
        if criterion_id in clean:
            item.self_points = clean[criterion_id]
        if criterion_id in notes:
            item.note = (notes[criterion_id] or "").strip()
        stamp(item, actor, "自评")
        item.save()
        existing[criterion_id] = item
    assessment.self_score = sum((i.self_points for i in existing.values() if i.self_points is not None),
                                Decimal("0"))
    stamp(assessment, actor, "保存自评")
    assessment.save()
    return assessment


@transaction.atomic
def evidence_attach(*, actor, assessment: Assessment, criterion: Criterion, file, filename: str = "") -> Evidence:
    """Keep a file (jpg, png, pdf, docx, xlsx; at most 10 MB, type found from the bytes) as evidence of
    one criterion of a self-assessment still being written."""
    from django.core.files import File

    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if criterion.standard_id != assessment.standard_id:
        raise ValidationError({"criterion": ["该评分项不属于本测评的标准"]})
    kind, size = check_upload(file, kinds=EVIDENCE_KINDS)
    if assessment.status not in EDITABLE:
        raise Conflict(f"测评当前为“{assessment.get_status_display()}”，不能再上传佐证材料")
    item, _ = AssessmentItem.objects.get_or_create(assessment=assessment, criterion=criterion)
    evidence = Evidence(item=item, name=clean_filename(file, filename), kind=kind, size=size,
                        uploaded_by=user_or_none(actor))
    evidence.file.save(f"evidence.{kind}", file if hasattr(file, "chunks") else File(file), save=False)
    stamp(evidence, actor, "上传佐证材料")
    evidence.save()
    return evidence


@transaction.atomic
def self_assessment_submit(*, actor, assessment: Assessment) -> Assessment:
    """Send the self-assessment to the street. Every criterion must have its points."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status not in EDITABLE:
        raise Conflict(f"测评当前为“{assessment.get_status_display()}”，不能提交")
    scored = set(assessment.items.filter(self_points__isnull=False).values_list("criterion_id", flat=True))
    missing = [c.title for c in assessment.standard.criteria.all() if c.pk not in scored]
    if missing:
        raise ValidationError({"scores": [f"还有 {len(missing)} 项未自评：{'、'.join(missing[:5])}"]})
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_at = timezone.now()
    stamp(assessment, actor, f"提交自评（{assessment.self_score} 分）")
    assessment.save()
    return assessment


# ------------------------------------------------------------------------------ review

def review_action(assessment: Assessment, decision: str) -> str:
    """The state-machine action a review decision takes at the assessment's stage: street_approve,
    city_approve or return. Callers ask the permission module about that action."""
    if decision == "return":
        return "return"
    if decision != "approve":
        raise ValidationError({"decision": ["须为 approve 或 return"]})
    if assessment.status == Assessment.Status.STREET_REVIEWED:
        return "city_approve"
    return "street_approve"


@transaction.atomic
def assessment_review(*, actor, assessment: Assessment, decision: str = "approve", scores: dict | None = None,
                      note: str = "") -> Assessment:
    """The street reviews a submitted self-assessment, then the city gives the final score.

    `scores` ({criterion or id: points}) override the previous stage's points; points not named keep
    them. The city's approval fixes the final score, the tier (一类/二类/三类 by the standard's
    thresholds) and whether the provincial standard is reached, and sets the community's tier in
    the registry. `return` sends it back to the community with a note (required).
    """
    assessment = Assessment.objects.select_for_update().select_related("standard", "community").get(
        pk=assessment.pk)
    action = review_action(assessment, decision)
    allowed_from, to_status, _roles = Assessment.TRANSITIONS[action]
    if assessment.status not in allowed_from:
        raise Conflict(f"测评当前为“{assessment.get_status_display()}”，不能进行此项审核")
    note = (note or "").strip()
    if action == "return":
        if not note:
            raise ValidationError({"note": ["退回须写明原因"]})
        assessment.status = to_status
        assessment.review_note = note
        stamp(assessment, actor, f"退回修改：{note}")
        assessment.save()
        return assessment

    standard = assessment.standard
    clean = _check_scores(_criteria_by_id(standard), scores or {}, "scores")
    items = list(assessment.items.all())
    now = timezone.now()
    total = Decimal("0")
    for item in items:
        if action == "street_approve":
            item.street_points = clean.get(item.criterion_id, item.self_points)
            total += item.street_points or 0
        else:
            previous = item.street_points if item.street_points is not None else item.self_points
            item.final_points = clean.get(item.criterion_id, previous)
            total += item.final_points or 0
        stamp(item, actor, "街道审核" if action == "street_approve" else "市级审定")
        item.save()
    assessment.status = to_status
    if note:
        assessment.review_note = note
    if action == "street_approve":
        assessment.street_score = total
        assessment.street_reviewed_by = user_or_none(actor)
        assessment.street_reviewed_at = now
        stamp(assessment, actor, f"街道审核通过（{total} 分）")
        assessment.save()
        return assessment

    tier = standard.tier_for(total)
    assessment.final_score = total
    assessment.tier = tier
    assessment.reached = standard.reaches_standard(total)
    assessment.city_reviewed_by = user_or_none(actor)
    assessment.city_reviewed_at = now
    label = {1: "一类", 2: "二类", 3: "三类"}[tier]
    stamp(assessment, actor, f"市级审定 {total} 分，评为{label}社区"
                             + ("，达到省级示范标准" if assessment.reached else ""))
    assessment.save()
    community_set_tier(actor=actor, community=assessment.community, tier=tier,
                       reason=f"按《{standard.name}》市级审定 {total} 分，评为{label}社区")
    return assessment
