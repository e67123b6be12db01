"""API: meetings of the community's units — agenda from the open projects, attendance, minutes,
decisions, the follow-up items they lead to, and the months a chair held no meeting."""

from datetime import date, datetime

from django.db.models import Prefetch
from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel

from gongjian import permissions
from gongjian.api.base import COMMON_ERRORS, PageParams, YearParam, body_doc, page_of, read_body, resolve_ref
from gongjian.projects.models import Project
from gongjian.registry.models import Unit
from gongjian.supervision import selectors
from gongjian.supervision.models import Decision, FollowUp, Meeting
from gongjian.supervision.services import meetings

from .common import IdFilter, community_in_scope, page_answer

router = Router()


class AgendaItemOut(Schema):
    order: int
    project: int | None
    unit: int | None
    title: str
    status_then: str
    progress_then: int | None
    deadline_then: date | None
    report: str


class AttendanceOut(Schema):
    unit: int
    unit_name: str
    present: bool
    representative: str
    note: str


class FollowUpOut(Schema):
    id: int
    decision: int
    community: int
    owner_unit: int
    owner_name: str
    task: str
    due_on: date
    status: str
    done_at: datetime | None
    done_note: str


class DecisionOut(Schema):
    id: int
    meeting: int
    order: int
    text: str
    project: int | None
    follow_ups: list[FollowUpOut]


class MeetingOut(Schema):
    id: int
    community: int
    kind: str = Field(..., description="chair 轮值主席月度例会 · committee 党建协调委员会会议")
    chair_term: int | None
    month: date
    held_on: date
    place: str
    status: str = Field(..., description="scheduled 已安排 · held 已召开")
    minutes: str


class MeetingDetailOut(MeetingOut):
    agenda: list[AgendaItemOut]
    attendance: list[AttendanceOut]
    decisions: list[DecisionOut]


class MeetingIn(BaseModel):
    community: int | str
    held_on: date
    kind: str = "chair"
    place: str = ""


class AttendanceIn(BaseModel):
    present: list[int] = Field(..., description="出席单位的 id；本社区其他单位记为缺席")
    representatives: dict[int, str] = {}
    notes: dict[int, str] = {}


class MeetingMinutesIn(BaseModel):
    minutes: str
    reports: dict[int, str] = Field({}, description="项目 id → 该项目牵头单位的汇报情况")
    decisions: list[str] = []


class DecisionIn(BaseModel):
    text: str
    project: int | None = None


class FollowUpIn(BaseModel):
    owner_unit: int | str
    task: str
    due_on: date
    owner_name: str = ""


class FollowUpCompleteIn(BaseModel):
    note: str


class MissedMeetingsOut(Schema):
    community: int
    community_name: str
    months: list[date]


class MissedMeetingsPage(Schema):
    results: list[MissedMeetingsOut]


class MeetingFilters(PageParams):
    community: IdFilter | None = None
    kind: str | None = None
    year: YearParam | None = None


class FollowUpFilters(PageParams):
    community: IdFilter | None = None
    status: str | None = None
    owner_unit: IdFilter | None = None


def follow_up_out(f: FollowUp) -> dict:
    return {"id": f.pk, "decision": f.decision_id, "community": f.community_id, "owner_unit": f.owner_unit_id,
            "owner_name": f.owner_name, "task": f.task, "due_on": f.due_on, "status": f.status,
            "done_at": f.done_at, "done_note": f.done_note}


def decision_out(d: Decision) -> dict:
    return {"id": d.pk, "meeting": d.meeting_id, "order": d.order, "text": d.text, "project": d.project_id,
            "follow_ups": [follow_up_out(f) for f in d.follow_ups.all()]}


def meeting_out(m: Meeting) -> dict:
    return {"id": m.pk, "community": m.community_id, "kind": m.kind, "chair_term": m.chair_term_id,
            "month": m.month, "held_on": m.held_on, "place": m.place, "status": m.status, "minutes": m.minutes}


def meeting_detail_out(m: Meeting) -> dict:
    m = (Meeting.objects.filter(pk=m.pk)
         .prefetch_related("agenda", "attendance__unit",
                           Prefetch("decisions", queryset=Decision.objects.prefetch_related("follow_ups")))
         .get())
    out = meeting_out(m)
    out["agenda"] = [{"order": a.order, "project": a.project_id, "unit": a.unit_id, "title": a.title,
                      "status_then": a.status_then, "progress_then": a.progress_then,
                      "deadline_then": a.deadline_then, "report": a.report} for a in m.agenda.all()]
    out["attendance"] = [{"unit": a.unit_id, "unit_name": a.unit.name, "present": a.present,
                          "representative": a.representative, "note": a.note} for a in m.attendance.all()]
    out["decisions"] = [decision_out(d) for d in m.decisions.all()]
    return out


def _visible_meeting(request, pk) -> Meeting:
    return permissions.get_visible_or_404(request.user, Meeting, pk)


@router.get("/meetings", response={200: page_of(MeetingOut), **COMMON_ERRORS}, summary="会议列表")
def meeting_list(request, filters: Query[MeetingFilters]):
    qs = permissions.visible(request.user, Meeting)
    if filters.community is not None:
        qs = qs.filter(community_id=filters.community)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.year is not None:
        qs = qs.filter(month__year=filters.year)
    return page_answer(qs.order_by("-held_on", "-id"), filters, meeting_out)


@router.get("/meetings/missed", response={200: MissedMeetingsPage, **COMMON_ERRORS},
            summary="有轮值主席但未召开例会的月份（已过去的月份）")
def meeting_missed(request, year: YearParam, community: IdFilter | None = None):
    communities = permissions.communities_in_scope(request.user)
    if community is not None:
        communities = communities.filter(pk=community)
    names = dict(communities.values_list("id", "name"))
    missed = selectors.missed_months(names, date(year, 1, 1), date(year, 12, 31))
    return {"results": [{"community": cid, "community_name": names[cid], "months": months}
                        for cid, months in missed.items() if months]}


@router.post("/meetings", response={201: MeetingDetailOut, **COMMON_ERRORS}, openapi_extra=body_doc(MeetingIn),
             summary="安排会议（议程由本社区未销号项目自动生成）")
def meeting_create(request):
    user = request.user
    permissions.require(user, "create", Meeting)
    data = read_body(request, MeetingIn)
    community = community_in_scope(user, data.community)
    permissions.require(user, "create", Meeting(community=community, held_on=data.held_on))
    meeting = meetings.meeting_schedule(actor=user, community=community, held_on=data.held_on, kind=data.kind,
                                        place=data.place)
    return Status(201, meeting_detail_out(meeting))


@router.get("/meetings/{meeting_id}", response={200: MeetingDetailOut, **COMMON_ERRORS},
            summary="会议详情：议程、出席、决定、跟进事项")
def meeting_detail(request, meeting_id: int):
    return meeting_detail_out(_visible_meeting(request, meeting_id))


@router.post("/meetings/{meeting_id}/attendance", response={200: MeetingDetailOut, **COMMON_ERRORS},
             openapi_extra=body_doc(AttendanceIn), summary="登记出席单位")
def meeting_attendance(request, meeting_id: int):
    meeting = _visible_meeting(request, meeting_id)
    permissions.require(request.user, "attendance", meeting)
    data = read_body(request, AttendanceIn)
    meetings.meeting_record_attendance(actor=request.user, meeting=meeting, present=set(data.present),
                                       representatives=data.representatives, notes=data.notes)
    return meeting_detail_out(meeting)


@router.post("/meetings/{meeting_id}/minutes", response={200: MeetingDetailOut, **COMMON_ERRORS},
             openapi_extra=body_doc(MeetingMinutesIn), summary="记录会议纪要、各单位汇报和决定事项")
def meeting_minutes(request, meeting_id: int):
    meeting = _visible_meeting(request, meeting_id)
    permissions.require(request.user, "minutes", meeting)
    data = read_body(request, MeetingMinutesIn)
    meetings.meeting_record_minutes(actor=request.user, meeting=meeting, minutes=data.minutes,
                                    reports=data.reports, decisions=data.decisions)
    return meeting_detail_out(meeting)


@router.post("/meetings/{meeting_id}/decisions", response={201: DecisionOut, **COMMON_ERRORS},
             openapi_extra=body_doc(DecisionIn), summary="增加决定事项")
def meeting_decision(request, meeting_id: int):
    meeting = _visible_meeting(request, meeting_id)
    permissions.require(request.user, "decide", meeting)
    data = read_body(request, DecisionIn)
    project = None
    if data.project is not None:
        project = permissions.get_visible_or_404(request.user, Project, data.project)
    decision = meetings.meeting_add_decision(actor=request.user, meeting=meeting, text=data.text, project=project)
    return Status(201, decision_out(decision))


@router.post("/decisions/{decision_id}/follow-ups", response={201: FollowUpOut, **COMMON_ERRORS},
             openapi_extra=body_doc(FollowUpIn), summary="决定事项转为跟进事项（责任单位、时限）")
def decision_follow_up(request, decision_id: int):
    qs = permissions.visible(request.user, Decision).select_related("meeting")
    decision = permissions.get_visible_or_404(request.user, Decision, decision_id, queryset=qs)
    permissions.require(request.user, "follow_up", decision)
    data = read_body(request, FollowUpIn)
    owner = resolve_ref(Unit.objects.filter(community_id=decision.meeting.community_id), data.owner_unit,
                        "owner_unit", "责任单位", by=("name",))
    item = meetings.decision_follow_up(actor=request.user, decision=decision, owner_unit=owner, task=data.task,
                                       due_on=data.due_on, owner_name=data.owner_name)
    return Status(201, follow_up_out(item))


@router.get("/follow-ups", response={200: page_of(FollowUpOut), **COMMON_ERRORS}, summary="会议跟进事项")
def follow_up_list(request, filters: Query[FollowUpFilters]):
    qs = permissions.visible(request.user, FollowUp)
    if filters.community is not None:
        qs = qs.filter(community_id=filters.community)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.owner_unit is not None:
        qs = qs.filter(owner_unit_id=filters.owner_unit)
    return page_answer(qs.order_by("due_on", "id"), filters, follow_up_out)


@router.post("/follow-ups/{follow_up_id}/complete", response={200: FollowUpOut, **COMMON_ERRORS},
             openapi_extra=body_doc(FollowUpCompleteIn), summary="跟进事项办结")
def follow_up_complete(request, follow_up_id: int):
    item = permissions.get_visible_or_404(request.user, FollowUp, follow_up_id)
    permissions.require(request.user, "complete", item)
    data = read_body(request, FollowUpCompleteIn)
    return follow_up_out(meetings.follow_up_complete(actor=request.user, follow_up=item, note=data.note))
