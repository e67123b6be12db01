"""Every write of the projects area: set-up, transitions, progress, extensions, ratings."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongjian.core.audit import stamp
from gongjian.core.errors import Conflict
from gongjian.solicitation.models import Opinion, Problem

from .models import Batch, ProgressReport, Project, ProjectEvent, Rating

ACTION_LABELS = {
    "create": "立项",
    "approve": "审批通过并公示",
    "decline": "退回（非本单位职责）",
    "start": "签收并开始实施",
    "report_done": "报告完成",
    "return": "退回重办",
    "close": "销号",
    "progress": "填报进度",
}


def _user_or_none(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def batch_get_or_create(*, round, number: int) -> Batch:
    batch, _ = Batch.objects.get_or_create(round=round, number=number,
                                           defaults={"name": f"第{number}批"})
    return batch


@transaction.atomic
def project_create(*, actor, problem: Problem, title: str, lead_unit, handler: str, deadline: date,
                   co_units=(), handler_phone: str = "", budget: Decimal | str | int = 0,
                   fund_source: str = "", key: bool = False, description: str = "",
                   batch_number: int = 1) -> Project:
    """Set up (立项) a project from a class A or B problem, as a draft awaiting approval."""
    errors: dict[str, list[str]] = {}
    if problem.klass not in (Problem.Class.A, Problem.Class.B):
        errors["problem"] = ["只有 A 类（有条件能够解决）或 B 类问题可以立项"]
    if lead_unit.community_id != problem.community_id:
        errors["lead_unit"] = ["牵头单位须是该社区的辖区单位"]
    co_units = [u for u in co_units if u.pk != lead_unit.pk]
    if any(u.community_id != problem.community_id for u in co_units):
        errors["co_units"] = ["协办单位须是该社区的辖区单位"]
    if not (title or "").strip():
        errors["title"] = ["项目名称不能为空"]
    if not (handler or "").strip():
        errors["handler"] = ["请填写承办人"]
    try:
        budget = Decimal(str(budget))
        if budget < 0:
            errors["budget"] = ["预算不能为负数"]
    except Exception:
        errors["budget"] = ["预算须为数字"]
    if errors:
        raise ValidationError(errors)
    project = Project(
        round=problem.round, batch=batch_get_or_create(round=problem.round, number=batch_number),
        problem=problem, community=problem.community, title=title.strip(), description=description,
        lead_unit=lead_unit, handler=handler.strip(), handler_phone=(handler_phone or "").strip(),
        deadline=deadline, budget=budget, fund_source=fund_source, key=key,
    )
    stamp(project, actor, "立项")
    project.save()
    project.co_units.set(co_units)
    ProjectEvent.objects.create(project=project, action="create", to_status=project.status,
                                actor=_user_or_none(actor), note=project.title, public=False)
    return project


@transaction.atomic
def project_transition(*, actor, project: Project, action: str, note: str = "",
                       expected_version: int | None = None) -> Project:
    """Apply one step of the state machine (Project.TRANSITIONS). Permission is checked by the caller
    through the policy; this checks the state and the note each step requires."""
    if action not in Project.TRANSITIONS:
        raise ValidationError({"action": [f"未知操作：{action}"]})
    source, target, _roles = Project.TRANSITIONS[action]
    project = Project.objects.select_for_update().get(pk=project.pk)
    if expected_version is not None and project.version != expected_version:
        raise Conflict("该项目已被他人修改，请刷新页面后再操作")
    if project.status != source:
        raise Conflict(f"项目当前为“{project.get_status_display()}”，不能执行“{ACTION_LABELS[action]}”")
    note = (note or "").strip()
    if action in ("decline", "report_done", "return") and not note:
        messages = {"decline": "请说明退回的理由", "report_done": "请说明完成了哪些工作",
                    "return": "请说明退回重办的理由"}
        raise ValidationError({"note": [messages[action]]})
    now = timezone.now()
    previous = project.status
    project.status = target
    if action == "approve":
        project.approved_at = project.approved_at or now
    elif action == "report_done":
        project.completed_at = now
        project.completion_note = note
        project.progress = 100
    elif action == "return":
        project.completed_at = None
    elif action == "close":
        project.closed_at = now
    project.version += 1
    stamp(project, actor, f"{ACTION_LABELS[action]}：{note}" if note else ACTION_LABELS[action])
    project.save()
    ProjectEvent.objects.create(project=project, action=action, from_status=previous, to_status=target,
                                actor=_user_or_none(actor), note=note, created_at=now)
    return project


@transaction.atomic
def progress_report(*, actor, project: Project, unit, percent: int, note: str) -> ProgressReport:
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status not in (Project.Status.APPROVED, Project.Status.IN_PROGRESS):
        raise Conflict(f"项目当前为“{project.get_status_display()}”，只有已公示或实施中的项目可以填报进度")
    errors = {}
    if not isinstance(percent, int) or not 0 <= percent <= 100:
        errors["percent"] = ["进度须为 0 到 100 之间的整数"]
    if not (note or "").strip():
        errors["note"] = ["请填写进展情况"]
    if errors:
        raise ValidationError(errors)
    report = ProgressReport.objects.create(project=project, unit=unit, percent=percent, note=note.strip(),
                                           reported_by=_user_or_none(actor))
    project.progress = percent
    project.version += 1
    stamp(project, actor, f"填报进度 {percent}%")
    project.save(update_fields=["progress", "version", "updated_at"])
    ProjectEvent.objects.create(project=project, action="progress", actor=_user_or_none(actor),
                                note=f"{percent}% {note.strip()}")
    return report


@transaction.atomic
def rating_submit(*, project: Project, receipt_code: str, value: str) -> Rating:
    """A resident's satisfaction rating of a completed project, one per receipt code.

    Raises Opinion.DoesNotExist for an unknown code, ValidationError for a code of another
    community or round, Conflict when the project is not done or the code already rated it.
    """
    if value not in Rating.Value.values:
        raise ValidationError({"rating": ["评价须为 satisfied（满意）、basic（基本满意）或 unsatisfied（不满意）"]})
    opinion = Opinion.objects.get(receipt_code=(receipt_code or "").strip().upper())
    if opinion.community_id != project.community_id or opinion.round_id != project.round_id:
        raise ValidationError({"receipt_code": ["该回执码不属于本项目所在社区的本轮意见，不能评价本项目"]})
    if project.status not in Project.DONE_STATUSES:
        raise Conflict("项目完成后才能评价")
    if Rating.objects.filter(project=project, opinion=opinion).exists():
        raise Conflict("该回执码已评价过本项目")
    return Rating.objects.create(project=project, opinion=opinion, value=value)
