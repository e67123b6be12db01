"""Every write of evaluation and assessment: campaigns, criteria, ratings, reminders, weights, exports."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongjian.core.audit import stamp, user_or_none
from gongjian.core.errors import Conflict
from gongjian.registry.models import Community, Unit

from . import inputs
from .models import (
    SCALE_BOUNDS,
    AssessmentWeights,
    Campaign,
    Criterion,
    Direction,
    EvaluationRating,
    ExportJob,
    Scale,
)

log = logging.getLogger(__name__)

# The criteria a new campaign starts with; the city changes them before opening it.
DEFAULT_CRITERIA = {
    Direction.COMMUNITY_TO_UNIT: [
        ("履行承诺", "认领的办实事项目按承诺、按时限办结", 30),
        ("配合程度", "参加联席会议、配合社区开展工作", 25),
        ("服务群众", "为居民办实事、解难题的实际效果", 25),
        ("作风", "工作态度、办事效率、廉洁自律", 20),
    ],
    Direction.UNIT_TO_COMMUNITY: [
        ("组织协调", "组织召开联席会议、协调共建事项", 30),
        ("服务单位", "为辖区单位提供服务和便利", 25),
        ("服务群众", "了解民意、服务居民的实际效果", 25),
        ("作风", "工作态度、办事效率、廉洁自律", 20),
    ],
}


# ------------------------------------------------------------------------------ campaigns

@transaction.atomic
def campaign_create(*, actor, round, name: str = "", note: str = "", default_criteria: bool = True) -> Campaign:
    """A campaign in preparation (筹备中) for `round`, with the default criteria unless told otherwise."""
    name = (name or "").strip() or f"{round.name}双向评议"
    if Campaign.objects.filter(name=name).exists():
        raise ValidationError({"name": ["已有同名的评议活动"]})
    campaign = stamp(Campaign(round=round, name=name, note=note, created_by=user_or_none(actor)), actor, "创建评议活动")
    campaign.save()
    if default_criteria:
        for direction, items in DEFAULT_CRITERIA.items():
            for order, (criterion_name, description, weight) in enumerate(items):
                criterion = Criterion(campaign=campaign, direction=direction, name=criterion_name,
                                      description=description, weight=Decimal(weight), scale=Scale.FIVE,
                                      sort_order=order)
                stamp(criterion, actor, "默认评议指标").save()
    return campaign


def _transition(*, actor, campaign: Campaign, action: str) -> Campaign:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    source, target = Campaign.TRANSITIONS[action]
    if campaign.status != source:
        raise Conflict(f"评议活动当前状态为“{campaign.get_status_display()}”，不能{ '开始' if action == 'open' else '结束'}")
    campaign.status = target
    now = timezone.now()
    if action == "open":
        campaign.opened_at = now
    else:
        campaign.closed_at = now
    stamp(campaign, actor, "开始评议" if action == "open" else "结束评议").save()
    return campaign


@transaction.atomic
def campaign_open(*, actor, campaign: Campaign) -> Campaign:
    """Open the campaign for ratings. Each direction needs at least one criterion."""
    missing = [label for value, label in Direction.choices
               if not campaign.criteria.filter(direction=value).exists()]
    if missing:
        raise ValidationError({"criteria": [f"请先设置“{'、'.join(str(m) for m in missing)}”的评议指标"]})
    return _transition(actor=actor, campaign=campaign, action="open")


@transaction.atomic
def campaign_close(*, actor, campaign: Campaign) -> Campaign:
    """Close the campaign: no more ratings; its results now count in the year's assessment."""
    return _transition(actor=actor, campaign=campaign, action="close")


def _draft_only(campaign: Campaign):
    if campaign.status != Campaign.Status.DRAFT:
        raise Conflict("评议已开始，指标不能再修改")


@transaction.atomic
def criterion_add(*, actor, campaign: Campaign, direction: str, name: str, weight, scale: str = Scale.FIVE,
                  description: str = "", sort_order: int | None = None) -> Criterion:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _draft_only(campaign)
    errors: dict[str, list[str]] = {}
    if direction not in Direction.values:
        errors["direction"] = ["评议方向须为 community_to_unit 或 unit_to_community"]
    if scale not in Scale.values:
        errors["scale"] = ["分制须为 five（1–5 分）或 hundred（0–100 分）"]
    name = (name or "").strip()
    if not name:
        errors["name"] = ["请填写指标名称"]
    try:
        weight = Decimal(str(weight))
        if not weight > 0 or weight >= 10000:
            errors["weight"] = ["权重须为大于 0 的数"]
    except (InvalidOperation, ValueError):
        errors["weight"] = ["权重须为数字"]
    if not errors and campaign.criteria.filter(direction=direction, name=name).exists():
        errors["name"] = ["该方向已有同名指标"]
    if errors:
        raise ValidationError(errors)
    if sort_order is None:
        sort_order = campaign.criteria.filter(direction=direction).count()
    criterion = Criterion(campaign=campaign, direction=direction, name=name, description=description,
                          weight=weight, scale=scale, sort_order=sort_order)
    stamp(criterion, actor, "添加评议指标").save()
    return criterion


@transaction.atomic
def criterion_delete(*, actor, criterion: Criterion) -> None:
    campaign = Campaign.objects.select_for_update().get(pk=criterion.campaign_id)
    _draft_only(campaign)
    stamp(criterion, actor, "删除评议指标").delete()


# ------------------------------------------------------------------------------ ratings

def direction_of(rater, ratee) -> tuple[str, Community, Unit]:
    """The direction and the (community, unit) pair of a rater and a ratee."""
    if isinstance(rater, Community) and isinstance(ratee, Unit):
        return Direction.COMMUNITY_TO_UNIT, rater, ratee
    if isinstance(rater, Unit) and isinstance(ratee, Community):
        return Direction.UNIT_TO_COMMUNITY, ratee, rater
    raise ValidationError({"ratee": ["社区评本社区的辖区单位，辖区单位评所在社区"]})


@transaction.atomic
def rating_submit_evaluation(*, actor, campaign: Campaign, rater, ratee, scores: dict[int, int],
                             comments: dict[int, str] | None = None) -> list[EvaluationRating]:
    """Submit a rater's final ratings of one ratee: one score for every criterion of the direction.

    Refused with Conflict (409) when the campaign is not open or the rater has already rated this ratee;
    with ValidationError (400) when a score is missing or outside its criterion's scale.
    """
    comments = comments or {}
    direction, community, unit = direction_of(rater, ratee)
    if unit.community_id != community.pk:
        raise ValidationError({"unit": ["只能评议本社区的辖区单位 / 所在社区"]})
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status != Campaign.Status.OPEN:
        raise Conflict("评议活动已结束，不能再评议" if campaign.status == Campaign.Status.CLOSED
                       else "评议活动尚未开始")
    if EvaluationRating.objects.filter(campaign=campaign, direction=direction, community=community,
                                       unit=unit).exists():
        raise Conflict(f"已经对“{ratee}”提交过评议，不能重复提交")
    criteria = list(campaign.criteria.filter(direction=direction))
    errors: dict[str, list[str]] = {}
    known = {c.pk for c in criteria}
    unknown = [k for k in scores if k not in known]
    if unknown:
        errors["scores"] = [f"指标 {k} 不属于本次评议的这一方向" for k in unknown]
    rows = []
    for criterion in criteria:
        raw = scores.get(criterion.pk)
        low, high = SCALE_BOUNDS[criterion.scale]
        try:
            value = int(raw)
            if str(raw).strip() != str(value) and not isinstance(raw, int):
                raise ValueError
        except (TypeError, ValueError):
            errors.setdefault(f"criterion_{criterion.pk}", []).append(f"请给“{criterion.name}”打分（{low}–{high} 分）")
            continue
        if not low <= value <= high:
            errors.setdefault(f"criterion_{criterion.pk}", []).append(f"“{criterion.name}”的分数须在 {low}–{high} 之间")
            continue
        rows.append(EvaluationRating(
            campaign=campaign, criterion=criterion, direction=direction, community=community, unit=unit,
            scale=criterion.scale, score=value, comment=(comments.get(criterion.pk) or "").strip()[:2000],
            rated_by=user_or_none(actor)))
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            for row in rows:
                stamp(row, actor, "提交评议").save()
    except IntegrityError:
        raise Conflict(f"已经对“{ratee}”提交过评议，不能重复提交") from None
    return rows


# ------------------------------------------------------------------------------ reminders

@dataclass
class PendingRater:
    kind: str  # "community" or "unit"
    id: int
    name: str
    community_name: str
    pending: list[str]  # who it has not rated yet
    users: list  # the logins of that community / unit


def campaign_remind(*, actor, campaign: Campaign, community_ids=None) -> tuple[list[PendingRater], bool]:
    """List the raters that have not finished (within `community_ids` if given) and put a reminder in
    their inboxes, once a day. Answers (the pending raters, whether anyone was reminded)."""
    from . import selectors

    if campaign.status != Campaign.Status.OPEN:
        raise Conflict("只有评议中的活动可以催办")
    pending = selectors.pending_raters(campaign, community_ids=community_ids)
    for rater in pending:
        body = f"请在“{campaign.name}”中完成评议：{'、'.join(rater.pending[:10])}" + (
            f" 等 {len(rater.pending)} 项" if len(rater.pending) > 10 else "")
        inputs.notify(users=rater.users, title="双向评议提醒", body=body,
                      link=f"/staff/evaluation/campaigns/{campaign.pk}/rate/", kind="evaluation_remind",
                      object_type="evaluation.campaign", object_id=campaign.pk,
                      period=timezone.localdate().isoformat())
    return pending, bool(pending)


# ------------------------------------------------------------------------------ weights

@transaction.atomic
def weights_set(*, actor, year: int, **values) -> AssessmentWeights:
    """Set the year's assessment weights (only the fields given change). Scores recompute at once."""
    unknown = set(values) - set(AssessmentWeights.FIELDS)
    if unknown:
        raise ValidationError({k: ["未知的权重"] for k in unknown})
    errors: dict[str, list[str]] = {}
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = ["年度须在 2000–2100 之间"]
    parsed = {}
    for key, value in values.items():
        if value is None:
            continue
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError):
            errors[key] = ["须为数字"]
            continue
        if not number.is_finite() or number < 0 or number >= 10000:
            errors[key] = ["须为 0 到 9999 之间的数"]
            continue
        parsed[key] = number.quantize(Decimal("0.01"))
    if errors:
        raise ValidationError(errors)
    row = AssessmentWeights.objects.select_for_update().filter(year=year).first() or AssessmentWeights(year=year)
    for key, number in parsed.items():
        setattr(row, key, number)
    if sum(getattr(row, k) for k in ("completion", "timeliness", "satisfaction", "evaluation", "participation")) <= 0:
        raise ValidationError({"completion": ["单位考核各项权重不能全为 0"]})
    if sum(getattr(row, k) for k in ("community_rating", "community_completion", "community_meetings")) <= 0:
        raise ValidationError({"community_rating": ["社区考核各项权重不能全为 0"]})
    row.updated_by = user_or_none(actor)
    stamp(row, actor, "设置考核权重").save()
    return row


# ------------------------------------------------------------------------------ exports

def export_request(*, actor, year: int, kind: str, fmt: str, street=None) -> ExportJob:
    """Queue an assessment table for rendering by the task worker (inline when there is no broker)."""
    from .tasks import export_render

    if kind not in ExportJob.Kind.values or fmt not in ExportJob.Format.values:
        raise ValidationError({"kind": ["表格须为 units 或 communities，格式须为 xlsx 或 pdf"]})
    job = ExportJob.objects.create(year=year, kind=kind, fmt=fmt, street=street, created_by=actor)
    transaction.on_commit(lambda: export_render.delay(job.pk))
    return job


def export_run(*, job: ExportJob) -> ExportJob:
    """Render the job's table and keep the file (run by the task)."""
    from . import exports

    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING)
    try:
        content, rows = exports.render(year=job.year, kind=job.kind, fmt=job.fmt, user=job.created_by,
                                       street_id=job.street_id)
    except Exception as exc:  # the job page says what went wrong; the worker keeps running
        job.status = ExportJob.Status.FAILED
        job.error = str(exc)[:2000]
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at", "updated_at"])
        log.exception("assessment export %s failed", job.pk)
        return job
    job.file.save(f"assessment-{job.year}-{job.kind}-{job.pk}.{job.fmt}", ContentFile(content), save=False)
    job.rows = rows
    job.status = ExportJob.Status.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "rows", "status", "finished_at", "updated_at"])
    return job
