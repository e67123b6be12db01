"""Supervision notices (督办单) to a project's lead unit, and their ladder 催办 → 督办 → 通报: issue,
reply, escalate. Each step is on the project's staff-only timeline (through projects.events) and told
to whom it concerns."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongjian.accounts.recipients import street_users, unit_users
from gongjian.core.audit import stamp, user_or_none
from gongjian.core.errors import Conflict
from gongjian.notifications.services import notify
from gongjian.projects.events import event_record
from gongjian.projects.models import Project
from gongjian.supervision.models import Supervision, SupervisionStep

from .calendar import moment
from .checks import required_text

REPLY_DAYS = 7  # a new reply deadline after each escalation


@transaction.atomic
def supervision_issue(*, actor, project: Project, finding: str, requirement: str, reply_due: date,
                      stage: str = Supervision.Stage.URGE, issued_on: date | None = None) -> Supervision:
    """Issue a supervision record (催办 or 督办) to the project's lead unit, which must reply by
    `reply_due`. A record dated before the project was closed may be entered afterwards (补录)."""
    issued_on = issued_on or timezone.localdate()
    errors: dict = {}
    finding = required_text(errors, "finding", finding, "请填写发现的问题")
    requirement = required_text(errors, "requirement", requirement, "请填写督办要求")
    if stage not in (Supervision.Stage.URGE, Supervision.Stage.SUPERVISE):
        errors["stage"] = ["只能下发催办或督办；通报由逾期未回复的督办升级而来"]
    if reply_due is None or reply_due <= issued_on:
        errors["reply_due"] = ["回复期限须晚于下发日期"]
    if errors:
        raise ValidationError(errors)
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status == Project.Status.DRAFT:
        raise Conflict("项目尚未审批公示，还不能督办")
    if project.status == Project.Status.CLOSED and (
            project.closed_at is None or issued_on >= timezone.localdate(project.closed_at)):
        raise Conflict("项目已销号，不能再督办")
    record = Supervision(project=project, community_id=project.community_id, unit_id=project.lead_unit_id,
                         stage=stage, finding=finding, requirement=requirement, issued_on=issued_on,
                         reply_due=reply_due, issued_by=user_or_none(actor))
    stamp(record, actor, f"下发{record.get_stage_display()}")
    record.save()
    SupervisionStep.objects.create(supervision=record, action=SupervisionStep.Action.ISSUE, stage=stage,
                                   on=issued_on, reply_due=reply_due, actor=user_or_none(actor), note=requirement)
    label = record.get_stage_display()
    event_record(project=project, action=f"supervision_{stage}", actor=actor, public=False, at=moment(issued_on),
                 note=f"{label}：{finding}；要求：{requirement}；{reply_due:%Y-%m-%d}前回复")
    notify(recipients=unit_users(project.lead_unit_id), kind="supervision", object_type="supervision",
            object_id=record.pk, period=f"issue:{stage}", title=f"【{label}】{project.title}",
            body=f"{finding}\n要求：{requirement}\n请于 {reply_due:%Y-%m-%d} 前回复。",
            url=f"/staff/supervision/records/{record.pk}/")
    return record


@transaction.atomic
def supervision_reply(*, actor, supervision: Supervision, reply: str, replied_on: date | None = None) -> Supervision:
    """The lead unit answers the supervision record."""
    reply = (reply or "").strip()
    if not reply:
        raise ValidationError({"reply": ["请填写回复内容"]})
    record = Supervision.objects.select_for_update().select_related("project").get(pk=supervision.pk)
    if record.status == Supervision.Status.REPLIED:
        raise Conflict("该督办单已回复")
    record.status = Supervision.Status.REPLIED
    record.reply = reply
    record.replied_at = moment(replied_on)
    record.replied_by = user_or_none(actor)
    stamp(record, actor, "回复督办")
    record.save()
    day = replied_on or timezone.localdate()
    SupervisionStep.objects.create(supervision=record, action=SupervisionStep.Action.REPLY, stage=record.stage,
                                   on=day, actor=user_or_none(actor), note=reply)
    event_record(project=record.project, action="supervision_reply", actor=actor, public=False, at=moment(day),
                 note=f"回复{record.get_stage_display()}：{reply}")
    if record.issued_by_id:
        notify(recipients=[record.issued_by_id], kind="supervision", object_type="supervision",
                object_id=record.pk, period="reply", title=f"【已回复】{record.project.title}", body=reply,
                url=f"/staff/supervision/records/{record.pk}/")
    return record


@transaction.atomic
def supervision_escalate(*, actor, supervision: Supervision, note: str = "", today: date | None = None,
                         reply_days: int = REPLY_DAYS) -> Supervision:
    """Climb one step of the ladder 催办 → 督办 → 通报 for a record left unanswered past its reply
    deadline. A 通报 is reported to the street (and counts against the unit's assessment); each step
    gets a new reply deadline."""
    today = today or timezone.localdate()
    record = Supervision.objects.select_for_update().select_related("project").get(pk=supervision.pk)
    if record.status == Supervision.Status.REPLIED:
        raise Conflict("该督办单已回复，无需升级")
    target = record.next_stage
    if target is None:
        raise Conflict("已经通报，不能再升级")
    if record.reply_due >= today:
        raise Conflict(f"回复期限（{record.reply_due:%Y-%m-%d}）未到，还不能升级")
    previous = record.get_stage_display()
    record.stage = target
    record.reply_due = today + timedelta(days=reply_days)
    if target == Supervision.Stage.REPORT:
        record.reported_at = moment(today)
    note = (note or "").strip() or f"{previous}逾期未回复，升级为{record.get_stage_display()}"
    stamp(record, actor, note)
    record.save()
    SupervisionStep.objects.create(supervision=record, action=SupervisionStep.Action.ESCALATE, stage=target,
                                   on=today, reply_due=record.reply_due, actor=user_or_none(actor), note=note)
    label = record.get_stage_display()
    event_record(project=record.project, action=f"supervision_{target}", actor=actor, public=False,
                 at=moment(today), note=f"{label}：{note}")
    recipients = unit_users(record.unit_id)
    if target == Supervision.Stage.REPORT:
        recipients += street_users(record.community_id)
    notify(recipients=recipients, kind="supervision", object_type="supervision", object_id=record.pk,
            period=f"escalate:{target}", title=f"【{label}】{record.project.title}",
            body=f"{note}\n请于 {record.reply_due:%Y-%m-%d} 前回复。", url=f"/staff/supervision/records/{record.pk}/")
    return record


def supervision_escalate_overdue(*, today: date | None = None) -> list[Supervision]:
    """The schedule's sweep: escalate every record left unanswered past its deadline, one step each.
    Safe to run on several machines: each record is locked and re-checked in its own transaction."""
    today = today or timezone.localdate()
    due = (Supervision.objects.filter(status=Supervision.Status.AWAITING, reply_due__lt=today)
           .exclude(stage=Supervision.Stage.REPORT).values_list("id", flat=True))
    escalated = []
    for pk in list(due):
        try:
            escalated.append(supervision_escalate(actor=None, supervision=Supervision(pk=pk), today=today))
        except Conflict:
            continue  # another worker got there first
    return escalated


