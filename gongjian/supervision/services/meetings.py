"""Meetings of the community's units (the chair's monthly meeting, the committee's): the agenda from
the open projects, attendance, minutes, decisions and the follow-up items they lead to."""

from __future__ import annotations

from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongjian.accounts.recipients import unit_users
from gongjian.core.audit import stamp, user_or_none
from gongjian.core.errors import Conflict
from gongjian.notifications.services import notify
from gongjian.projects.events import event_record, events_record_many
from gongjian.projects.models import Project
from gongjian.registry.models import Community, Unit
from gongjian.supervision.models import AgendaItem, Attendance, Decision, FollowUp, Meeting

from .calendar import first_of_month, moment
from .chairs import current_chair
from .checks import required_text

AGENDA_STATUSES = (Project.Status.APPROVED, Project.Status.IN_PROGRESS, Project.Status.COMPLETED)


def open_projects(community: Community, on: date | None = None):
    """The projects a meeting hears: approved, in progress, or completed awaiting close-out.

    For a meeting entered after the fact (补录, `on` in the past) they are the projects that were
    open on that day: published by then and not yet closed."""
    qs = Project.objects.filter(community=community)
    if on is not None and on < timezone.localdate():
        end_of_day = timezone.make_aware(datetime.combine(on, time.max))
        qs = qs.filter(approved_at__lte=end_of_day).exclude(status=Project.Status.DRAFT).exclude(
            closed_at__lte=end_of_day)
    else:
        qs = qs.filter(status__in=AGENDA_STATUSES)
    return qs.select_related("lead_unit").order_by("-is_key", "deadline", "id")


@transaction.atomic
def meeting_schedule(*, actor, community: Community, held_on: date, kind: str = Meeting.Kind.CHAIR,
                     place: str = "") -> Meeting:
    """Schedule a meeting; its agenda is generated from the community's open projects, each reported
    by its lead unit. A chair meeting is once a month and belongs to the term covering its date."""
    if kind not in Meeting.Kind.values:
        raise ValidationError({"kind": ["会议类型取值无效"]})
    term = None
    if kind == Meeting.Kind.CHAIR:
        term = current_chair(community, held_on)
        if term is None:
            raise Conflict(f"{held_on:%Y-%m-%d} {community}没有轮值主席，请先安排轮值主席")
    meeting = Meeting(community=community, kind=kind, chair_term=term, month=first_of_month(held_on),
                      held_on=held_on, place=(place or "").strip(), scheduled_by=user_or_none(actor))
    stamp(meeting, actor, "安排会议")
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError:
        raise Conflict(f"{community}{held_on:%Y年%m月}已有轮值主席例会") from None
    AgendaItem.objects.bulk_create([
        AgendaItem(meeting=meeting, order=k, project=p, unit=p.lead_unit,
                   title=f"{p.lead_unit.name}汇报“{p.title}”进展", status_then=p.status,
                   progress_then=p.progress, deadline_then=p.deadline)
        for k, p in enumerate(open_projects(community, held_on), start=1)])
    return meeting


@transaction.atomic
def meeting_record_attendance(*, actor, meeting: Meeting, present: list[Unit] | set[int],
                              representatives: dict[int, str] | None = None,
                              notes: dict[int, str] | None = None) -> list[Attendance]:
    """Attendance per unit of the community: the units in `present` attended, the others did not."""
    present_ids = {getattr(u, "pk", u) for u in present}
    units = list(Unit.objects.filter(community_id=meeting.community_id).values_list("id", flat=True))
    strangers = present_ids - set(units)
    if strangers:
        raise ValidationError({"present": ["出席单位须是本社区的辖区单位"]})
    representatives = representatives or {}
    notes = notes or {}
    Attendance.objects.filter(meeting=meeting).delete()
    rows = Attendance.objects.bulk_create([
        Attendance(meeting=meeting, unit_id=uid, present=uid in present_ids,
                   representative=(representatives.get(uid) or "").strip()[:50],
                   note=(notes.get(uid) or "").strip()[:200])
        for uid in units])
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    stamp(meeting, actor, f"登记出席：{len(present_ids)}/{len(units)} 个单位")
    meeting.save(update_fields=["updated_at"])
    return rows


@transaction.atomic
def meeting_record_minutes(*, actor, meeting: Meeting, minutes: str, reports: dict[int, str] | None = None,
                           decisions: list[str] | None = None) -> Meeting:
    """Write the minutes (and what each unit reported on its project, and the decisions); the meeting
    is then held (已召开)."""
    minutes = (minutes or "").strip()
    if not minutes:
        raise ValidationError({"minutes": ["请填写会议纪要"]})
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    first_time = meeting.status != Meeting.Status.HELD
    for project_id, text in (reports or {}).items():
        AgendaItem.objects.filter(meeting=meeting, project_id=project_id).update(report=(text or "").strip())
    meeting.minutes = minutes
    meeting.status = Meeting.Status.HELD
    meeting.minutes_recorded_at = timezone.now()
    stamp(meeting, actor, "记录会议纪要")
    meeting.save()
    for text in decisions or []:
        if (text or "").strip():
            meeting_add_decision(actor=actor, meeting=meeting, text=text)
    if first_time:
        _record_hearing(actor=actor, meeting=meeting)
    return meeting


def _record_hearing(*, actor, meeting: Meeting) -> None:
    """The meeting on the timeline of each project it heard (staff-only), with that unit's report."""
    heard = f"{meeting.get_kind_display()}（{meeting.held_on:%Y-%m-%d}）听取汇报"
    at = moment(meeting.held_on)
    items = list(meeting.agenda.exclude(project=None).values_list("project_id", "report"))
    events_record_many(project_ids=[pid for pid, report in items if not report], action="meeting", actor=actor,
                       note=heard, public=False, at=at)
    for project_id, report in items:
        if report:
            event_record(project=Project(pk=project_id), action="meeting", actor=actor, note=f"{heard}：{report}",
                         public=False, at=at)


@transaction.atomic
def meeting_add_decision(*, actor, meeting: Meeting, text: str, project: Project | None = None) -> Decision:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": ["请填写决定事项"]})
    if project is not None and project.community_id != meeting.community_id:
        raise ValidationError({"project": ["相关项目须是本社区的项目"]})
    list(Meeting.objects.select_for_update().filter(pk=meeting.pk).values_list("pk", flat=True))  # one at a time
    order = (meeting.decisions.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    decision = Decision(meeting=meeting, order=order, text=text, project=project)
    stamp(decision, actor, "会议决定")
    decision.save()
    return decision


@transaction.atomic
def decision_follow_up(*, actor, decision: Decision, owner_unit: Unit, task: str, due_on: date,
                       owner_name: str = "") -> FollowUp:
    """Turn a decision into a follow-up item: the owner unit does `task` by `due_on`."""
    errors: dict = {}
    task = required_text(errors, "task", task, "请填写跟进事项")
    meeting = decision.meeting
    if owner_unit.community_id != meeting.community_id:
        errors["owner_unit"] = ["责任单位须是本社区的辖区单位"]
    if due_on < meeting.held_on:
        errors["due_on"] = ["完成时限不能早于会议日期"]
    if errors:
        raise ValidationError(errors)
    item = FollowUp(decision=decision, community_id=meeting.community_id, owner_unit=owner_unit,
                    owner_name=(owner_name or "").strip(), task=task, due_on=due_on)
    stamp(item, actor, "会议决定转跟进事项")
    item.save()
    notify(recipients=unit_users(owner_unit.pk), kind="follow_up_due", object_type="follow_up",
            object_id=item.pk, period="assigned", title=f"【会议跟进事项】{task[:60]}，时限 {due_on:%Y-%m-%d}",
            url=f"/staff/supervision/meetings/{meeting.pk}/")
    return item


@transaction.atomic
def follow_up_complete(*, actor, follow_up: FollowUp, note: str) -> FollowUp:
    item = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if item.status == FollowUp.Status.DONE:
        raise Conflict("该事项已办结")
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": ["请说明办结情况"]})
    item.status = FollowUp.Status.DONE
    item.done_at = timezone.now()
    item.done_note = note
    stamp(item, actor, "跟进事项办结")
    item.save()
    return item


