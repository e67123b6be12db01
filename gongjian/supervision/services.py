"""Every write of the supervision area. Keyword-only, one transaction each; permission is checked by
the caller through the policy (gongjian.supervision.permissions).

Supervision steps are also written to the project's timeline (projects.ProjectEvent, public=False) in
the same transaction, so the timeline shows them to the roles that see the project's private events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from gongjian.accounts.models import Role, User
from gongjian.core.audit import stamp
from gongjian.core.errors import Conflict
from gongjian.projects.models import Project, ProjectEvent
from gongjian.registry.models import Community, Unit

from .models import (
    AgendaItem,
    Attendance,
    ChairRecommendation,
    ChairTerm,
    ChairTermMonth,
    CommitteeMember,
    ContactPoint,
    Decision,
    FollowUp,
    Meeting,
    ProjectWarning,
    Supervision,
    SupervisionStep,
)

REPLY_DAYS = 7  # a new reply deadline after each escalation
AGENDA_STATUSES = (Project.Status.APPROVED, Project.Status.IN_PROGRESS, Project.Status.COMPLETED)

# ------------------------------------------------------------------------------ helpers


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def add_months(day: date, months: int) -> date:
    """The same day `months` later (clamped to the month's end)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def _moment(day: date | None):
    """A timeline time for a dated step: now for today, 10:00 that day for a date entered later."""
    if day is None or day >= timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(day, time(10)))


def _timeline(project: Project, action: str, actor, note: str, day: date | None = None) -> ProjectEvent:
    return ProjectEvent.objects.create(project=project, action=action, actor=_user(actor), note=note[:2000],
                                       public=False, created_at=_moment(day))


def _notify(**kwargs) -> None:
    from gongjian.notifications.services import notify

    notify(**kwargs)


def _street_users(community_id: int) -> list[int]:
    street_id = Community.objects.filter(pk=community_id).values_list("street_id", flat=True).first()
    return list(User.objects.filter(is_active=True, role=Role.STREET, street_id=street_id)
                .values_list("id", flat=True))


def _unit_users(unit_id: int) -> list[int]:
    return list(User.objects.filter(is_active=True, role=Role.UNIT, unit_id=unit_id).values_list("id", flat=True))


def _community_users(community_id: int) -> list[int]:
    return list(User.objects.filter(is_active=True, role=Role.COMMUNITY, community_id=community_id)
                .values_list("id", flat=True))


def _leaders(community_id: int) -> list[int]:
    return list(User.objects.filter(is_active=True, role=Role.LEADER, communities=community_id)
                .values_list("id", flat=True))


def _required(errors: dict, field: str, value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        errors[field] = [message]
    return value


# ------------------------------------------------------------------------------ contact points, committee


@transaction.atomic
def contact_point_create(*, actor, leader: User, community: Community, leader_title: str = "",
                         started_on: date | None = None) -> ContactPoint:
    """Bind a city leader to a community (联系点); the leader then sees that community."""
    if leader.role != Role.LEADER:
        raise ValidationError({"leader": ["联系领导须为“联系领导”角色的用户"]})
    if ContactPoint.objects.filter(leader=leader, community=community).exists():
        raise Conflict(f"{leader} 已是{community}的联系领导")
    point = ContactPoint(leader=leader, community=community, leader_title=(leader_title or "").strip(),
                         started_on=started_on)
    stamp(point, actor, "建立领导联系点")
    point.save()
    leader.communities.add(community)
    return point


@transaction.atomic
def committee_member_add(*, actor, community: Community, name: str, unit: Unit | None = None,
                         post: str = CommitteeMember.Post.MEMBER, unit_position: str = "",
                         phone: str = "") -> CommitteeMember:
    errors: dict = {}
    name = _required(errors, "name", name, "请填写姓名")
    if unit is not None and unit.community_id != community.pk:
        errors["unit"] = ["委员所在单位须是本社区的辖区单位"]
    if post not in CommitteeMember.Post.values:
        errors["post"] = ["委员会职务取值无效"]
    if errors:
        raise ValidationError(errors)
    if unit is not None and CommitteeMember.objects.filter(community=community, unit=unit, active=True).exists():
        raise Conflict(f"{unit}已有在任委员")
    member = CommitteeMember(community=community, unit=unit, name=name, post=post,
                             unit_position=(unit_position or "").strip(), phone=(phone or "").strip())
    stamp(member, actor, "增补协调委员会委员")
    member.save()
    return member


@transaction.atomic
def committee_member_retire(*, actor, member: CommitteeMember) -> CommitteeMember:
    member = CommitteeMember.objects.select_for_update().get(pk=member.pk)
    if not member.active:
        raise Conflict("该委员已不在任")
    member.active = False
    stamp(member, actor, "委员离任")
    member.save()
    return member


# ------------------------------------------------------------------------------ rotating chair


@dataclass(frozen=True)
class ChairProposal:
    """The next chair in turn: a unit that has not chaired in the cycle, most recommended first."""

    community_id: int
    unit: Unit
    cycle: int
    starts_on: date
    ends_on: date
    recommendations: int


def chair_cycle(community: Community) -> tuple[int, set[int]]:
    """The cycle the next term belongs to, and the units that already chaired in it."""
    last = ChairTerm.objects.filter(community=community).order_by("-cycle").values_list("cycle", flat=True).first()
    if last is None:
        return 1, set()
    chaired = set(ChairTerm.objects.filter(community=community, cycle=last).values_list("unit_id", flat=True))
    remaining = Unit.objects.filter(community=community).exclude(pk__in=chaired).exists()
    return (last, chaired) if remaining else (last + 1, set())


def current_chair(community: Community, today: date | None = None) -> ChairTerm | None:
    today = today or timezone.localdate()
    return (ChairTerm.objects.filter(community=community, starts_on__lte=today, ends_on__gte=today)
            .select_related("unit").first())


def _next_start(community: Community, starts_on: date | None) -> date:
    last = ChairTerm.objects.filter(community=community).order_by("-ends_on").values_list("ends_on", flat=True).first()
    if starts_on is not None:
        return starts_on
    if last is not None:
        return last + timedelta(days=1)
    return first_of_month(timezone.localdate())


def chair_propose_next(*, community: Community, starts_on: date | None = None) -> ChairProposal | None:
    """Propose the next chair in turn (writes nothing): among the community's units that have not
    chaired in the current cycle, the one most recommended in this cycle, then the earliest
    registered. None when the community has no units."""
    cycle, chaired = chair_cycle(community)
    votes = dict(ChairRecommendation.objects.filter(community=community, cycle=cycle)
                 .values("candidate_id").annotate(n=Count("id")).values_list("candidate_id", "n"))
    candidates = list(Unit.objects.filter(community=community).exclude(pk__in=chaired).order_by("id"))
    if not candidates:
        return None
    unit = min(candidates, key=lambda u: (-votes.get(u.pk, 0), u.pk))
    start = _next_start(community, starts_on)
    return ChairProposal(community_id=community.pk, unit=unit, cycle=cycle, starts_on=start,
                         ends_on=add_months(start, ChairTerm.TERM_MONTHS) - timedelta(days=1),
                         recommendations=votes.get(unit.pk, 0))


@transaction.atomic
def chair_recommend(*, actor, recommender: Unit, candidate: Unit, note: str = "") -> ChairRecommendation:
    """A unit recommends another unit of its community as the next chair, once per cycle."""
    if candidate.community_id != recommender.community_id:
        raise ValidationError({"candidate": ["只能推荐本社区的辖区单位"]})
    if candidate.pk == recommender.pk:
        raise ValidationError({"candidate": ["不能推荐本单位"]})
    community = Community.objects.select_for_update().get(pk=recommender.community_id)
    cycle, chaired = chair_cycle(community)
    if candidate.pk in chaired:
        raise Conflict(f"{candidate}本轮已担任过轮值主席")
    if ChairRecommendation.objects.filter(community=community, cycle=cycle, recommender=recommender).exists():
        raise Conflict(f"{recommender}本轮已推荐过")
    return ChairRecommendation.objects.create(community=community, cycle=cycle, candidate=candidate,
                                              recommender=recommender, note=(note or "").strip(),
                                              recorded_by=_user(actor))


@transaction.atomic
def chair_rotate(*, actor, community: Community, unit: Unit | None = None, starts_on: date | None = None,
                 chair_person: str = "", note: str = "") -> ChairTerm:
    """Appoint the next chair for six months: the proposed unit, or `unit` if it has not chaired in
    this cycle. The term follows the last one without a gap (or starts on `starts_on`, the 1st of a
    month); overlapping terms are refused by the database (ChairTermMonth)."""
    community = Community.objects.select_for_update().get(pk=community.pk)  # one rotation at a time
    if starts_on is not None and starts_on.day != 1:
        raise ValidationError({"starts_on": ["任期须从某月1日开始"]})
    proposal = chair_propose_next(community=community, starts_on=starts_on)
    if proposal is None:
        raise Conflict(f"{community}还没有辖区单位，无法安排轮值主席")
    cycle, chaired = proposal.cycle, chair_cycle(community)[1]
    if unit is None:
        unit = proposal.unit
    elif unit.community_id != community.pk:
        raise ValidationError({"unit": ["轮值主席单位须是本社区的辖区单位"]})
    elif unit.pk in chaired:
        raise Conflict(f"{unit}本轮已担任过轮值主席，应由尚未担任的单位轮值")
    votes = ChairRecommendation.objects.filter(community=community, cycle=cycle, candidate=unit).count()
    term = ChairTerm(community=community, unit=unit, cycle=cycle, starts_on=proposal.starts_on,
                     ends_on=proposal.ends_on, recommendations=votes, chair_person=(chair_person or "").strip(),
                     note=(note or "").strip(), appointed_by=_user(actor))
    stamp(term, actor, f"轮值主席：{unit}")
    try:
        with transaction.atomic():
            term.save()
            ChairTermMonth.objects.bulk_create([
                ChairTermMonth(term=term, community=community, month=add_months(first_of_month(term.starts_on), k))
                for k in range(ChairTerm.TERM_MONTHS)])
    except IntegrityError:
        raise Conflict("该时段已有轮值主席，任期不能重叠") from None
    return term


# ------------------------------------------------------------------------------ meetings


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
                      held_on=held_on, place=(place or "").strip(), scheduled_by=_user(actor))
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
    events = [ProjectEvent(project_id=item.project_id, action="meeting", actor=_user(actor), public=False,
                           note=f"{meeting.get_kind_display()}（{meeting.held_on:%Y-%m-%d}）听取汇报"
                                + (f"：{item.report}" if item.report else ""),
                           created_at=_moment(meeting.held_on))
              for item in meeting.agenda.exclude(project=None)] if first_time else []
    ProjectEvent.objects.bulk_create(events)
    return meeting


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
    task = _required(errors, "task", task, "请填写跟进事项")
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
    _notify(recipients=_unit_users(owner_unit.pk), kind="follow_up_due", object_type="follow_up",
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


# ------------------------------------------------------------------------------ supervision


@transaction.atomic
def supervision_issue(*, actor, project: Project, finding: str, requirement: str, reply_due: date,
                      stage: str = Supervision.Stage.URGE, issued_on: date | None = None) -> Supervision:
    """Issue a supervision record (催办 or 督办) to the project's lead unit, which must reply by
    `reply_due`. A record dated before the project was closed may be entered afterwards (补录)."""
    issued_on = issued_on or timezone.localdate()
    errors: dict = {}
    finding = _required(errors, "finding", finding, "请填写发现的问题")
    requirement = _required(errors, "requirement", requirement, "请填写督办要求")
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
                         reply_due=reply_due, issued_by=_user(actor))
    stamp(record, actor, f"下发{record.get_stage_display()}")
    record.save()
    SupervisionStep.objects.create(supervision=record, action=SupervisionStep.Action.ISSUE, stage=stage,
                                   on=issued_on, reply_due=reply_due, actor=_user(actor), note=requirement)
    label = record.get_stage_display()
    _timeline(project, f"supervision_{stage}", actor,
              f"{label}：{finding}；要求：{requirement}；{reply_due:%Y-%m-%d}前回复", issued_on)
    _notify(recipients=_unit_users(project.lead_unit_id), kind="supervision", object_type="supervision",
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
    record.replied_at = _moment(replied_on)
    record.replied_by = _user(actor)
    stamp(record, actor, "回复督办")
    record.save()
    day = replied_on or timezone.localdate()
    SupervisionStep.objects.create(supervision=record, action=SupervisionStep.Action.REPLY, stage=record.stage,
                                   on=day, actor=_user(actor), note=reply)
    _timeline(record.project, "supervision_reply", actor, f"回复{record.get_stage_display()}：{reply}", day)
    if record.issued_by_id:
        _notify(recipients=[record.issued_by_id], kind="supervision", object_type="supervision",
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
        record.reported_at = _moment(today)
    note = (note or "").strip() or f"{previous}逾期未回复，升级为{record.get_stage_display()}"
    stamp(record, actor, note)
    record.save()
    SupervisionStep.objects.create(supervision=record, action=SupervisionStep.Action.ESCALATE, stage=target,
                                   on=today, reply_due=record.reply_due, actor=_user(actor), note=note)
    label = record.get_stage_display()
    _timeline(record.project, f"supervision_{target}", actor, f"{label}：{note}", today)
    recipients = _unit_users(record.unit_id)
    if target == Supervision.Stage.REPORT:
        recipients += _street_users(record.community_id)
    _notify(recipients=recipients, kind="supervision", object_type="supervision", object_id=record.pk,
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


# ------------------------------------------------------------------------------ warnings


@transaction.atomic
def warning_raise(*, actor, project: Project, level: str, reason: str, note: str = "",
                  raised_on: date | None = None) -> ProjectWarning:
    """Raise a 黄色预警 or 红色预警 on a project; the street and the leader are told."""
    errors: dict = {}
    if level not in ProjectWarning.Level.values:
        errors["level"] = ["预警级别须为 yellow（黄色）或 red（红色）"]
    if reason not in ProjectWarning.Reason.values:
        errors["reason"] = ["预警原因取值无效"]
    if errors:
        raise ValidationError(errors)
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status in Project.DONE_STATUSES or project.status == Project.Status.DRAFT:
        raise Conflict(f"项目当前为“{project.get_status_display()}”，不需要预警")
    raised_on = raised_on or timezone.localdate()
    warning = ProjectWarning(project=project, community_id=project.community_id, unit_id=project.lead_unit_id,
                             level=level, reason=reason, note=(note or "").strip(), raised_on=raised_on,
                             raised_by=_user(actor))
    stamp(warning, actor, f"发出{warning.get_level_display()}")
    try:
        with transaction.atomic():
            warning.save()
    except IntegrityError:
        raise Conflict(f"该项目已有有效的{warning.get_level_display()}") from None
    label = warning.get_level_display()
    _timeline(project, f"warning_{level}", actor, f"{label}（{warning.get_reason_display()}）{warning.note}", raised_on)
    _notify(recipients=_street_users(project.community_id) + _leaders(project.community_id)
            + _unit_users(project.lead_unit_id),
            kind="warning", object_type="warning", object_id=warning.pk, period="raised",
            title=f"【{label}】{project.title}", body=f"{warning.get_reason_display()}。{warning.note}",
            url=f"/staff/projects/{project.pk}/")
    return warning


@transaction.atomic
def warning_lift(*, actor, warning: ProjectWarning, note: str = "") -> ProjectWarning:
    warning = ProjectWarning.objects.select_for_update().select_related("project").get(pk=warning.pk)
    if not warning.active:
        raise Conflict("该预警已解除")
    warning.active = False
    warning.lifted_at = timezone.now()
    warning.lift_note = (note or "").strip()
    stamp(warning, actor, "解除预警")
    warning.save()
    _timeline(warning.project, "warning_lift", actor, f"解除{warning.get_level_display()}：{warning.lift_note}")
    return warning
