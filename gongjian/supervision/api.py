"""API: supervision records 督办单, warnings 预警, the liaison's risk list, the rotating chair 轮值主席,
meetings, follow-up items, leaders' contact points and the coordination committee.

Every handler: look the object up among the visible rows (404) → permission (403) → read the body
(400) → one service call (409 from the service's state checks) → the answer.
"""

from datetime import date, datetime

from django.db.models import Prefetch
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel

from gongjian import permissions
from gongjian.accounts.models import Role, User
from gongjian.api.base import COMMON_ERRORS, YearParam, body_doc, page_of, paginate, read_body, resolve_ref
from gongjian.core.errors import Conflict
from gongjian.core.masking import mask_phone
from gongjian.projects.models import Project
from gongjian.registry.models import Community, Unit

from . import selectors, services
from .models import (
    ChairRecommendation,
    ChairTerm,
    CommitteeMember,
    ContactPoint,
    Decision,
    FollowUp,
    Meeting,
    ProjectWarning,
    Supervision,
)

router = Router(tags=["督办与协调"])


class PageParams(Schema):
    page: int = 1
    page_size: int = 50


# ------------------------------------------------------------------------------ schemas

class StepOut(Schema):
    action: str
    stage: str
    on: date
    reply_due: date | None
    note: str


class SupervisionOut(Schema):
    id: int
    project: int
    project_title: str
    community: int
    unit: int = Field(..., description="督办对象：项目的牵头单位")
    stage: str = Field(..., description="urge 催办 · supervise 督办 · report 通报")
    status: str = Field(..., description="awaiting_reply 待回复 · replied 已回复")
    finding: str
    requirement: str
    issued_on: date
    reply_due: date
    issued_by: int | None
    reply: str
    replied_at: datetime | None
    reported_at: datetime | None


class SupervisionDetailOut(SupervisionOut):
    steps: list[StepOut]


class SupervisionIn(BaseModel):
    project: int
    finding: str
    requirement: str
    reply_due: date = Field(..., description="回复期限，须晚于下发日期")
    stage: str = Field("urge", description="urge 催办 或 supervise 督办")
    issued_on: date | None = Field(None, description="下发日期，默认今天；可补录项目销号前的督办")


class ReplyIn(BaseModel):
    reply: str


class NoteIn(BaseModel):
    note: str = ""


class WarningOut(Schema):
    id: int
    project: int
    project_title: str
    community: int
    unit: int
    level: str = Field(..., description="yellow 黄色预警 · red 红色预警")
    reason: str = Field(..., description="near_deadline · no_progress · overdue · other")
    note: str
    raised_on: date
    active: bool
    lifted_at: datetime | None


class WarningIn(BaseModel):
    project: int
    level: str
    reason: str
    note: str = ""


class RiskOut(Schema):
    id: int
    title: str
    community: int
    community_name: str
    lead_unit: int
    lead_unit_name: str
    deadline: date
    status: str
    progress: int
    risk: int = Field(..., description="0 逾期 · 1 临近时限（7天内） · 2 30天无进展 · 3 正常")
    risk_label: str
    last_progress_at: datetime | None


class ChairTermOut(Schema):
    id: int
    community: int
    unit: int
    unit_name: str
    cycle: int
    starts_on: date
    ends_on: date
    recommendations: int
    chair_person: str
    current: bool


class ChairTermIn(BaseModel):
    community: int | str
    unit: int | str | None = Field(None, description="不填则按顺序推荐：本轮尚未担任、被推荐最多的单位")
    starts_on: date | None = Field(None, description="首任须填（某月1日）；之后接续上一任")
    chair_person: str = ""
    note: str = ""


class ProposalOut(Schema):
    community: int
    unit: int
    unit_name: str
    cycle: int
    starts_on: date
    ends_on: date
    recommendations: int


class RecommendationIn(BaseModel):
    candidate: int | str
    recommender: int | str | None = Field(None, description="单位用户不填（本单位）")
    note: str = ""


class RecommendationOut(Schema):
    id: int
    community: int
    cycle: int
    candidate: int
    recommender: int
    note: str


class AgendaOut(Schema):
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
    agenda: list[AgendaOut]
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


class MinutesIn(BaseModel):
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


class CompleteIn(BaseModel):
    note: str


class MissedOut(Schema):
    community: int
    community_name: str
    months: list[date]


class MissedPage(Schema):
    results: list[MissedOut]


class ContactPointOut(Schema):
    id: int
    leader: int
    leader_name: str
    community: int
    leader_title: str
    started_on: date | None


class ContactPointIn(BaseModel):
    leader: int | str = Field(..., description="联系领导用户的 id 或用户名")
    community: int | str
    leader_title: str = ""
    started_on: date | None = None


class MemberOut(Schema):
    id: int
    community: int
    unit: int | None
    name: str
    post: str = Field(..., description="deputy 副主任 · member 委员（主任由联系领导担任）")
    unit_position: str
    phone: str
    active: bool


class MemberIn(BaseModel):
    community: int | str
    name: str
    unit: int | str | None = None
    post: str = "member"
    unit_position: str = ""
    phone: str = ""


class SupervisionFilters(Schema):
    community: int | None = None
    project: int | None = None
    unit: int | None = None
    status: str | None = None
    stage: str | None = None


class CommunityFilter(Schema):
    community: int | None = None


# ------------------------------------------------------------------------------ helpers

def _supervision_out(s: Supervision) -> dict:
    return {"id": s.pk, "project": s.project_id, "project_title": s.project.title, "community": s.community_id,
            "unit": s.unit_id, "stage": s.stage, "status": s.status, "finding": s.finding,
            "requirement": s.requirement, "issued_on": s.issued_on, "reply_due": s.reply_due,
            "issued_by": s.issued_by_id, "reply": s.reply, "replied_at": s.replied_at, "reported_at": s.reported_at}


def _supervision_detail(s: Supervision) -> dict:
    out = _supervision_out(s)
    out["steps"] = [{"action": st.action, "stage": st.stage, "on": st.on, "reply_due": st.reply_due, "note": st.note}
                    for st in s.steps.all()]
    return out


def _warning_out(w: ProjectWarning) -> dict:
    return {"id": w.pk, "project": w.project_id, "project_title": w.project.title, "community": w.community_id,
            "unit": w.unit_id, "level": w.level, "reason": w.reason, "note": w.note, "raised_on": w.raised_on,
            "active": w.active, "lifted_at": w.lifted_at}


def _term_out(t: ChairTerm, today: date) -> dict:
    return {"id": t.pk, "community": t.community_id, "unit": t.unit_id, "unit_name": t.unit.name, "cycle": t.cycle,
            "starts_on": t.starts_on, "ends_on": t.ends_on, "recommendations": t.recommendations,
            "chair_person": t.chair_person, "current": t.starts_on <= today <= t.ends_on}


def _follow_up_out(f: FollowUp) -> dict:
    return {"id": f.pk, "decision": f.decision_id, "community": f.community_id, "owner_unit": f.owner_unit_id,
            "owner_name": f.owner_name, "task": f.task, "due_on": f.due_on, "status": f.status,
            "done_at": f.done_at, "done_note": f.done_note}


def _decision_out(d: Decision) -> dict:
    return {"id": d.pk, "meeting": d.meeting_id, "order": d.order, "text": d.text, "project": d.project_id,
            "follow_ups": [_follow_up_out(f) for f in d.follow_ups.all()]}


def _meeting_out(m: Meeting) -> dict:
    return {"id": m.pk, "community": m.community_id, "kind": m.kind, "chair_term": m.chair_term_id,
            "month": m.month, "held_on": m.held_on, "place": m.place, "status": m.status, "minutes": m.minutes}


def _meeting_detail(m: Meeting) -> dict:
    m = (Meeting.objects.filter(pk=m.pk)
         .prefetch_related("agenda", "attendance__unit",
                           Prefetch("decisions", queryset=Decision.objects.prefetch_related("follow_ups")))
         .get())
    out = _meeting_out(m)
    out["agenda"] = [{"order": a.order, "project": a.project_id, "unit": a.unit_id, "title": a.title,
                      "status_then": a.status_then, "progress_then": a.progress_then,
                      "deadline_then": a.deadline_then, "report": a.report} for a in m.agenda.all()]
    out["attendance"] = [{"unit": a.unit_id, "unit_name": a.unit.name, "present": a.present,
                          "representative": a.representative, "note": a.note} for a in m.attendance.all()]
    out["decisions"] = [_decision_out(d) for d in m.decisions.all()]
    return out


def _member_out(m: CommitteeMember, masked: bool) -> dict:
    return {"id": m.pk, "community": m.community_id, "unit": m.unit_id, "name": m.name, "post": m.post,
            "unit_position": m.unit_position, "phone": mask_phone(m.phone) if masked else m.phone,
            "active": m.active}


def _communities(user):
    """The communities of the user's scope (the registry shows every community's name to everyone)."""
    return permissions.visible(user, Community).filter(permissions.scope_of(user).community_q("id"))


def _community(user, value) -> Community:
    return resolve_ref(_communities(user), value, "community", "社区")


def _page(qs, params: PageParams, out):
    count, rows = paginate(qs, params.page, params.page_size)
    return {"count": count, "results": [out(r) for r in rows]}


# ------------------------------------------------------------------------------ supervision records

@router.get("/supervisions", response={200: page_of(SupervisionOut), **COMMON_ERRORS}, summary="督办单列表")
def supervision_list(request, params: Query[PageParams], filters: Query[SupervisionFilters]):
    qs = permissions.visible(request.user, Supervision).select_related("project")
    for field in ("community", "project", "unit"):
        if getattr(filters, field) is not None:
            qs = qs.filter(**{f"{field}_id": getattr(filters, field)})
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    return _page(qs.order_by("-issued_on", "-id"), params, _supervision_out)


@router.post("/supervisions", response={201: SupervisionDetailOut, **COMMON_ERRORS},
             openapi_extra=body_doc(SupervisionIn), summary="下发督办单（催办/督办）")
def supervision_create(request):
    user = request.user
    permissions.require(user, "create", Supervision)
    data = read_body(request, SupervisionIn)
    project = permissions.get_visible_or_404(user, Project, data.project)
    permissions.require(user, "create", Supervision(community_id=project.community_id))
    record = services.supervision_issue(actor=user, project=project, finding=data.finding,
                                        requirement=data.requirement, reply_due=data.reply_due, stage=data.stage,
                                        issued_on=data.issued_on)
    return Status(201, _supervision_detail(record))


def _visible_supervision(request, pk) -> Supervision:
    qs = permissions.visible(request.user, Supervision).select_related("project")
    return permissions.get_visible_or_404(request.user, Supervision, pk, queryset=qs)


@router.get("/supervisions/{supervision_id}", response={200: SupervisionDetailOut, **COMMON_ERRORS},
            summary="督办单详情（含每一步）")
def supervision_detail(request, supervision_id: int):
    return _supervision_detail(_visible_supervision(request, supervision_id))


@router.post("/supervisions/{supervision_id}/reply", response={200: SupervisionDetailOut, **COMMON_ERRORS},
             openapi_extra=body_doc(ReplyIn), summary="牵头单位回复督办单")
def supervision_reply(request, supervision_id: int):
    record = _visible_supervision(request, supervision_id)
    permissions.require(request.user, "reply", record)
    data = read_body(request, ReplyIn)
    record = services.supervision_reply(actor=request.user, supervision=record, reply=data.reply)
    return _supervision_detail(record)


@router.post("/supervisions/{supervision_id}/escalate", response={200: SupervisionDetailOut, **COMMON_ERRORS},
             openapi_extra=body_doc(NoteIn), summary="逾期未回复：升级（催办→督办→通报）")
def supervision_escalate(request, supervision_id: int):
    record = _visible_supervision(request, supervision_id)
    permissions.require(request.user, "escalate", record)
    data = read_body(request, NoteIn)
    record = services.supervision_escalate(actor=request.user, supervision=record, note=data.note)
    return _supervision_detail(record)


# ------------------------------------------------------------------------------ warnings, risk

@router.get("/warnings", response={200: page_of(WarningOut), **COMMON_ERRORS}, summary="项目预警列表")
def warning_list(request, params: Query[PageParams], community: int | None = None, project: int | None = None,
                 level: str | None = None, active: bool | None = None):
    qs = permissions.visible(request.user, ProjectWarning).select_related("project")
    if community is not None:
        qs = qs.filter(community_id=community)
    if project is not None:
        qs = qs.filter(project_id=project)
    if level:
        qs = qs.filter(level=level)
    if active is not None:
        qs = qs.filter(active=active)
    return _page(qs.order_by("-raised_on", "-id"), params, _warning_out)


@router.post("/warnings", response={201: WarningOut, **COMMON_ERRORS}, openapi_extra=body_doc(WarningIn),
             summary="发出预警（黄色/红色）")
def warning_create(request):
    user = request.user
    permissions.require(user, "create", ProjectWarning)
    data = read_body(request, WarningIn)
    project = permissions.get_visible_or_404(user, Project, data.project)
    permissions.require(user, "create", ProjectWarning(community_id=project.community_id))
    warning = services.warning_raise(actor=user, project=project, level=data.level, reason=data.reason,
                                     note=data.note)
    return Status(201, _warning_out(warning))


@router.post("/warnings/{warning_id}/lift", response={200: WarningOut, **COMMON_ERRORS},
             openapi_extra=body_doc(NoteIn), summary="解除预警")
def warning_lift(request, warning_id: int):
    qs = permissions.visible(request.user, ProjectWarning).select_related("project")
    warning = permissions.get_visible_or_404(request.user, ProjectWarning, warning_id, queryset=qs)
    permissions.require(request.user, "lift", warning)
    data = read_body(request, NoteIn)
    return _warning_out(services.warning_lift(actor=request.user, warning=warning, note=data.note))


@router.get("/supervision/risk", response={200: page_of(RiskOut), **COMMON_ERRORS},
            summary="风险项目：逾期、临近时限、30天无进展（联络员首页）")
def risk_list(request, params: Query[PageParams], community: int | None = None):
    qs = permissions.visible(request.user, Project)
    if community is not None:
        qs = qs.filter(community_id=community)
    qs = selectors.projects_by_risk(qs.select_related("community", "lead_unit"))

    def out(p):
        return {"id": p.pk, "title": p.title, "community": p.community_id, "community_name": p.community.name,
                "lead_unit": p.lead_unit_id, "lead_unit_name": p.lead_unit.name, "deadline": p.deadline,
                "status": p.status, "progress": p.progress, "risk": p.risk,
                "risk_label": selectors.RISK_LABELS[p.risk], "last_progress_at": p.last_progress_at}

    return _page(qs, params, out)


# ------------------------------------------------------------------------------ rotating chair

@router.get("/chair-terms", response={200: page_of(ChairTermOut), **COMMON_ERRORS}, summary="轮值主席安排表")
def chair_term_list(request, params: Query[PageParams], filters: Query[CommunityFilter]):
    qs = permissions.visible(request.user, ChairTerm).select_related("unit")
    if filters.community is not None:
        qs = qs.filter(community_id=filters.community)
    today = timezone.localdate()
    return _page(qs.order_by("community_id", "starts_on"), params, lambda t: _term_out(t, today))


@router.get("/chair-terms/proposal", response={200: ProposalOut, **COMMON_ERRORS},
            summary="按顺序推荐下一任轮值主席（本轮尚未担任的单位中被推荐最多者）")
def chair_term_proposal(request, community: int):
    target = permissions.get_visible_or_404(request.user, Community, community, queryset=_communities(request.user))
    proposal = services.chair_propose_next(community=target)
    if proposal is None:
        raise Conflict("该社区还没有辖区单位")
    return {"community": target.pk, "unit": proposal.unit.pk, "unit_name": proposal.unit.name,
            "cycle": proposal.cycle, "starts_on": proposal.starts_on, "ends_on": proposal.ends_on,
            "recommendations": proposal.recommendations}


@router.post("/chair-terms", response={201: ChairTermOut, **COMMON_ERRORS}, openapi_extra=body_doc(ChairTermIn),
             summary="安排下一任轮值主席（半年一任）")
def chair_term_create(request):
    user = request.user
    permissions.require(user, "create", ChairTerm)
    data = read_body(request, ChairTermIn)
    community = _community(user, data.community)
    permissions.require(user, "rotate", ChairTerm(community_id=community.pk))
    unit = None
    if data.unit not in (None, ""):
        unit = resolve_ref(Unit.objects.filter(community=community), data.unit, "unit", "辖区单位", by=("name",))
    term = services.chair_rotate(actor=user, community=community, unit=unit, starts_on=data.starts_on,
                                 chair_person=data.chair_person, note=data.note)
    return Status(201, _term_out(term, timezone.localdate()))


@router.get("/chair-recommendations", response={200: page_of(RecommendationOut), **COMMON_ERRORS},
            summary="轮值主席推荐")
def recommendation_list(request, params: Query[PageParams], filters: Query[CommunityFilter]):
    qs = permissions.visible(request.user, ChairRecommendation)
    if filters.community is not None:
        qs = qs.filter(community_id=filters.community)
    return _page(qs.order_by("-cycle", "id"), params, lambda r: {
        "id": r.pk, "community": r.community_id, "cycle": r.cycle, "candidate": r.candidate_id,
        "recommender": r.recommender_id, "note": r.note})


@router.post("/chair-recommendations", response={201: RecommendationOut, **COMMON_ERRORS},
             openapi_extra=body_doc(RecommendationIn), summary="推荐轮值主席（每个单位每轮一次）")
def recommendation_create(request):
    user = request.user
    permissions.require(user, "create", ChairRecommendation)
    data = read_body(request, RecommendationIn)
    scope = permissions.scope_of(user)
    if scope.role == Role.UNIT:
        recommender = Unit.objects.get(pk=scope.unit_id)
    else:
        recommender = resolve_ref(permissions.visible(user, Unit), data.recommender, "recommender", "推荐单位",
                                  by=("name",))
    candidate = resolve_ref(Unit.objects.filter(community_id=recommender.community_id), data.candidate,
                            "candidate", "被推荐单位", by=("name",))
    permissions.require(user, "create", ChairRecommendation(community_id=recommender.community_id,
                                                            recommender=recommender))
    rec = services.chair_recommend(actor=user, recommender=recommender, candidate=candidate, note=data.note)
    return Status(201, {"id": rec.pk, "community": rec.community_id, "cycle": rec.cycle,
                        "candidate": rec.candidate_id, "recommender": rec.recommender_id, "note": rec.note})


# ------------------------------------------------------------------------------ meetings

@router.get("/meetings", response={200: page_of(MeetingOut), **COMMON_ERRORS}, summary="会议列表")
def meeting_list(request, params: Query[PageParams], community: int | None = None, kind: str | None = None,
                 year: YearParam | None = None):
    qs = permissions.visible(request.user, Meeting)
    if community is not None:
        qs = qs.filter(community_id=community)
    if kind:
        qs = qs.filter(kind=kind)
    if year is not None:
        qs = qs.filter(month__year=year)
    return _page(qs.order_by("-held_on", "-id"), params, _meeting_out)


@router.get("/meetings/missed", response={200: MissedPage, **COMMON_ERRORS},
            summary="有轮值主席但未召开例会的月份（已过去的月份）")
def meeting_missed(request, year: YearParam, community: int | None = None):
    communities = _communities(request.user)
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
    community = _community(user, data.community)
    permissions.require(user, "create", Meeting(community=community, held_on=data.held_on))
    meeting = services.meeting_schedule(actor=user, community=community, held_on=data.held_on, kind=data.kind,
                                        place=data.place)
    return Status(201, _meeting_detail(meeting))


def _visible_meeting(request, pk) -> Meeting:
    return permissions.get_visible_or_404(request.user, Meeting, pk)


@router.get("/meetings/{meeting_id}", response={200: MeetingDetailOut, **COMMON_ERRORS},
            summary="会议详情：议程、出席、决定、跟进事项")
def meeting_detail(request, meeting_id: int):
    return _meeting_detail(_visible_meeting(request, meeting_id))


@router.post("/meetings/{meeting_id}/attendance", response={200: MeetingDetailOut, **COMMON_ERRORS},
             openapi_extra=body_doc(AttendanceIn), summary="登记出席单位")
def meeting_attendance(request, meeting_id: int):
    meeting = _visible_meeting(request, meeting_id)
    permissions.require(request.user, "attendance", meeting)
    data = read_body(request, AttendanceIn)
    services.meeting_record_attendance(actor=request.user, meeting=meeting, present=set(data.present),
                                       representatives=data.representatives, notes=data.notes)
    return _meeting_detail(meeting)


@router.post("/meetings/{meeting_id}/minutes", response={200: MeetingDetailOut, **COMMON_ERRORS},
             openapi_extra=body_doc(MinutesIn), summary="记录会议纪要、各单位汇报和决定事项")
def meeting_minutes(request, meeting_id: int):
    meeting = _visible_meeting(request, meeting_id)
    permissions.require(request.user, "minutes", meeting)
    data = read_body(request, MinutesIn)
    services.meeting_record_minutes(actor=request.user, meeting=meeting, minutes=data.minutes,
                                    reports=data.reports, decisions=data.decisions)
    return _meeting_detail(meeting)


@router.post("/meetings/{meeting_id}/decisions", response={201: DecisionOut, **COMMON_ERRORS},
             openapi_extra=body_doc(DecisionIn), summary="增加决定事项")
def meeting_decision(request, meeting_id: int):
    meeting = _visible_meeting(request, meeting_id)
    permissions.require(request.user, "decide", meeting)
    data = read_body(request, DecisionIn)
    project = None
    if data.project is not None:
        project = permissions.get_visible_or_404(request.user, Project, data.project)
    decision = services.meeting_add_decision(actor=request.user, meeting=meeting, text=data.text, project=project)
    return Status(201, _decision_out(decision))


@router.post("/decisions/{decision_id}/follow-ups", response={201: FollowUpOut, **COMMON_ERRORS},
             openapi_extra=body_doc(FollowUpIn), summary="决定事项转为跟进事项（责任单位、时限）")
def decision_follow_up(request, decision_id: int):
    qs = permissions.visible(request.user, Decision).select_related("meeting")
    decision = permissions.get_visible_or_404(request.user, Decision, decision_id, queryset=qs)
    permissions.require(request.user, "follow_up", decision)
    data = read_body(request, FollowUpIn)
    owner = resolve_ref(Unit.objects.filter(community_id=decision.meeting.community_id), data.owner_unit,
                        "owner_unit", "责任单位", by=("name",))
    item = services.decision_follow_up(actor=request.user, decision=decision, owner_unit=owner, task=data.task,
                                       due_on=data.due_on, owner_name=data.owner_name)
    return Status(201, _follow_up_out(item))


@router.get("/follow-ups", response={200: page_of(FollowUpOut), **COMMON_ERRORS}, summary="会议跟进事项")
def follow_up_list(request, params: Query[PageParams], community: int | None = None, status: str | None = None,
                   owner_unit: int | None = None):
    qs = permissions.visible(request.user, FollowUp)
    if community is not None:
        qs = qs.filter(community_id=community)
    if status:
        qs = qs.filter(status=status)
    if owner_unit is not None:
        qs = qs.filter(owner_unit_id=owner_unit)
    return _page(qs.order_by("due_on", "id"), params, _follow_up_out)


@router.post("/follow-ups/{follow_up_id}/complete", response={200: FollowUpOut, **COMMON_ERRORS},
             openapi_extra=body_doc(CompleteIn), summary="跟进事项办结")
def follow_up_complete(request, follow_up_id: int):
    item = permissions.get_visible_or_404(request.user, FollowUp, follow_up_id)
    permissions.require(request.user, "complete", item)
    data = read_body(request, CompleteIn)
    return _follow_up_out(services.follow_up_complete(actor=request.user, follow_up=item, note=data.note))


# ------------------------------------------------------------------------------ contact points, committee

@router.get("/contact-points", response={200: page_of(ContactPointOut), **COMMON_ERRORS}, summary="领导联系点")
def contact_point_list(request, params: Query[PageParams], filters: Query[CommunityFilter]):
    qs = permissions.visible(request.user, ContactPoint).select_related("leader")
    if filters.community is not None:
        qs = qs.filter(community_id=filters.community)
    return _page(qs.order_by("community_id", "id"), params, lambda c: {
        "id": c.pk, "leader": c.leader_id, "leader_name": c.leader.get_full_name() or c.leader.username,
        "community": c.community_id, "leader_title": c.leader_title, "started_on": c.started_on})


@router.post("/contact-points", response={201: ContactPointOut, **COMMON_ERRORS},
             openapi_extra=body_doc(ContactPointIn), summary="建立领导联系点（市级）")
def contact_point_create(request):
    user = request.user
    permissions.require(user, "create", ContactPoint)
    data = read_body(request, ContactPointIn)
    community = _community(user, data.community)
    leader = resolve_ref(User.objects.filter(role=Role.LEADER), data.leader, "leader", "联系领导", by=("username",))
    point = services.contact_point_create(actor=user, leader=leader, community=community,
                                          leader_title=data.leader_title, started_on=data.started_on)
    return Status(201, {"id": point.pk, "leader": leader.pk, "leader_name": leader.get_full_name() or leader.username,
                        "community": community.pk, "leader_title": point.leader_title,
                        "started_on": point.started_on})


@router.get("/committee-members", response={200: page_of(MemberOut), **COMMON_ERRORS},
            summary="社区党建协调委员会委员")
def member_list(request, params: Query[PageParams], filters: Query[CommunityFilter]):
    qs = permissions.visible(request.user, CommitteeMember)
    if filters.community is not None:
        qs = qs.filter(community_id=filters.community)
    masked = permissions.scope_of(request.user).role == Role.UNIT
    return _page(qs.order_by("community_id", "post", "id"), params, lambda m: _member_out(m, masked))


@router.post("/committee-members", response={201: MemberOut, **COMMON_ERRORS}, openapi_extra=body_doc(MemberIn),
             summary="增补协调委员会委员")
def member_create(request):
    user = request.user
    permissions.require(user, "create", CommitteeMember)
    data = read_body(request, MemberIn)
    community = _community(user, data.community)
    permissions.require(user, "create", CommitteeMember(community_id=community.pk))
    unit = None
    if data.unit not in (None, ""):
        unit = resolve_ref(Unit.objects.filter(community=community), data.unit, "unit", "辖区单位", by=("name",))
    member = services.committee_member_add(actor=user, community=community, name=data.name, unit=unit,
                                           post=data.post, unit_position=data.unit_position, phone=data.phone)
    return Status(201, _member_out(member, False))


@router.post("/committee-members/{member_id}/retire", response={200: MemberOut, **COMMON_ERRORS},
             summary="委员离任")
def member_retire(request, member_id: int):
    member = permissions.get_visible_or_404(request.user, CommitteeMember, member_id)
    permissions.require(request.user, "retire", member)
    return _member_out(services.committee_member_retire(actor=request.user, member=member), False)

