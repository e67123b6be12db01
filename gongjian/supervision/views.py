"""Staff pages of the supervision area: the liaison's home (projects by risk, open supervision,
warnings), a supervision record, the communities' rotating chair and meetings, a meeting and its
printable A4 sheet.

Each view: look the object up among the visible ones (404) → permission (403) → parse the form → one
service call → redirect with a plain-words message.
"""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongjian import permissions
from gongjian.accounts.models import Role
from gongjian.core.errors import Conflict, error_text
from gongjian.core.paging import page_of
from gongjian.projects.models import Project
from gongjian.registry.models import Community, Unit

from . import selectors, services
from .forms import ProjectWarningForm, SupervisionIssueForm, form_errors
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
from .services import notices, warnings


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def _id(value: str | None) -> int | None:
    """An id typed into a query or a form; anything else, or one past a bigint, is no id."""
    value = (value or "").strip()
    return int(value) if value.isdigit() and int(value) <= permissions.MAX_ID else None


def _year(value: str | None, default: int) -> int:
    value = (value or "").strip()
    return int(value) if value.isdigit() and 1900 <= int(value) <= 2100 else default


def _run(request, fn, success: str, **kwargs):
    """One service call; its refusal becomes a message on the page, not an error page."""
    try:
        result = fn(**kwargs)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return None
    except Conflict as exc:
        messages.error(request, exc.message)
        return None
    messages.success(request, success)
    return result


# ------------------------------------------------------------------------------ home

@login_required
def home(request):
    """The liaison's home: the projects of my communities riskiest first, open supervision records and
    active warnings. A unit sees the supervision records addressed to it, with a reply box."""
    user = request.user
    scope = permissions.scope_of(user)
    today = timezone.localdate()
    records = (permissions.visible(user, Supervision).filter(status=Supervision.Status.AWAITING)
               .select_related("project", "unit", "community").order_by("reply_due", "id"))
    if scope.role == Role.UNIT:
        return render(request, "supervision/unit_home.html", {
            "records": list(records[:100]),
            "answered": list(permissions.visible(user, Supervision).filter(status=Supervision.Status.REPLIED)
                             .select_related("project").order_by("-replied_at")[:20]),
            "follow_ups": list(permissions.visible(user, FollowUp).filter(owner_unit_id=scope.unit_id,
                                                                           status=FollowUp.Status.OPEN)[:50]),
            "today": today,
        })
    projects = selectors.projects_by_risk(permissions.visible(user, Project).select_related("community", "lead_unit"),
                                          today)
    community = _id(request.GET.get("community"))
    if community is not None:
        projects = projects.filter(community_id=community)
    page = page_of(request, projects)
    for p in page:
        p.risk_label = selectors.RISK_LABELS[p.risk]
    warnings = (permissions.visible(user, ProjectWarning).filter(active=True)
                .select_related("project", "community").order_by("-level", "-raised_on")[:50])
    return render(request, "supervision/home.html", {
        "page": page, "records": list(records[:50]), "warnings": list(warnings), "today": today,
        "communities": list(permissions.communities_in_scope(user).order_by("code").values("id", "name")[:200]),
        "community": community,
        "can_supervise": permissions.can(user, "create", Supervision),
        "counts": selectors.supervision_counts(None if scope.everything else scope.community_ids),
    })


# ------------------------------------------------------------------------------ supervision records

def _record_or_404(request, pk):
    qs = permissions.visible(request.user, Supervision).select_related("project", "unit", "community", "issued_by")
    return permissions.get_visible_or_404(request.user, Supervision, pk, queryset=qs)


@login_required
def record_detail(request, pk):
    record = _record_or_404(request, pk)
    today = timezone.localdate()
    return render(request, "supervision/record.html", {
        "record": record, "steps": list(record.steps.select_related("actor")),
        "can_reply": record.status == Supervision.Status.AWAITING and permissions.can(request.user, "reply", record),
        "can_escalate": (record.status == Supervision.Status.AWAITING and record.next_stage is not None
                         and record.reply_due < today and permissions.can(request.user, "escalate", record)),
        "today": today,
    })


@login_required
def record_create(request, project_id):
    """Issue a supervision record (催办/督办) or raise a warning (预警) on a project."""
    project = permissions.get_visible_or_404(
        request.user, Project, project_id,
        queryset=permissions.visible(request.user, Project).select_related("community", "lead_unit"))
    permissions.require(request.user, "create", Supervision(community_id=project.community_id))
    issue_form = SupervisionIssueForm(initial={"reply_due": timezone.localdate() + timedelta(days=notices.REPLY_DAYS)})
    warning_form = ProjectWarningForm()
    if request.method == "POST" and request.POST.get("what") == "warning":
        permissions.require(request.user, "create", ProjectWarning(community_id=project.community_id))
        warning_form = ProjectWarningForm(request.POST)
        if not warning_form.is_valid():
            messages.error(request, form_errors(warning_form))
        elif _run(request, warnings.warning_raise, "已发出预警", actor=request.user, project=project,
                  level=warning_form.cleaned_data["level"], reason=warning_form.cleaned_data["reason"],
                  note=warning_form.cleaned_data["note"]):
            return redirect("supervision:home")
    elif request.method == "POST":
        issue_form = SupervisionIssueForm(request.POST)
        if not issue_form.is_valid():
            messages.error(request, form_errors(issue_form))
        else:
            data = issue_form.cleaned_data
            record = _run(request, notices.supervision_issue, "督办单已下发，已通知牵头单位", actor=request.user,
                          project=project, finding=data["finding"], requirement=data["requirement"],
                          reply_due=data["reply_due"], stage=data["stage"])
            if record:
                return redirect("supervision:record", record.pk)
    return render(request, "supervision/record_create.html", {
        "project": project, "issue_form": issue_form, "warning_form": warning_form,
        "history": list(Supervision.objects.filter(project=project).order_by("-issued_on")[:20]),
    })


@login_required
@require_POST
def record_reply(request, pk):
    record = _record_or_404(request, pk)
    permissions.require(request.user, "reply", record)
    _run(request, services.supervision_reply, "已回复", actor=request.user, supervision=record,
         reply=request.POST.get("reply", ""))
    if request.POST.get("next") == "home":
        return redirect("supervision:home")
    return redirect("supervision:record", record.pk)


@login_required
@require_POST
def record_escalate(request, pk):
    record = _record_or_404(request, pk)
    permissions.require(request.user, "escalate", record)
    _run(request, services.supervision_escalate, "已升级", actor=request.user, supervision=record,
         note=request.POST.get("note", ""))
    return redirect("supervision:record", record.pk)


@login_required
@require_POST
def warning_lift(request, pk):
    warning = permissions.get_visible_or_404(request.user, ProjectWarning, pk)
    permissions.require(request.user, "lift", warning)
    _run(request, services.warning_lift, "预警已解除", actor=request.user, warning=warning,
         note=request.POST.get("note", ""))
    return redirect("supervision:home")


# ------------------------------------------------------------------------------ communities, chair

@login_required
def communities(request):
    """Every community of my scope: who chairs now, meetings held this year, months missed (flagged)."""
    user = request.user
    today = timezone.localdate()
    year = _year(request.GET.get("year"), today.year)
    qs = permissions.communities_in_scope(user).select_related("street").order_by("code")
    page = page_of(request, qs, per_page=50)
    ids = [c.pk for c in page]
    chairs = {t.community_id: t for t in ChairTerm.objects.filter(community_id__in=ids, starts_on__lte=today,
                                                                    ends_on__gte=today).select_related("unit")}
    missed = selectors.missed_months(ids, date(year, 1, 1), date(year, 12, 31), today)
    held = selectors.meetings_by_community(ids, year, today)
    for c in page:
        c.chair = chairs.get(c.pk)
        c.missed = missed.get(c.pk, [])
        c.held = held.get(c.pk, {}).get("held", 0)
    return render(request, "supervision/communities.html", {"page": page, "year": year, "today": today})


def _community_or_404(request, pk) -> Community:
    return permissions.get_visible_or_404(request.user, Community, pk,
                                          queryset=permissions.communities_in_scope(request.user))


@login_required
def community_detail(request, pk):
    user = request.user
    community = _community_or_404(request, pk)
    scope = permissions.scope_of(user)
    today = timezone.localdate()
    terms = list(ChairTerm.objects.filter(community=community).select_related("unit").order_by("-starts_on")[:24])
    cycle, chaired = services.chair_cycle(community)
    year = today.year
    meetings = list(Meeting.objects.filter(community=community).order_by("-held_on")[:24])
    recommendations = list(ChairRecommendation.objects.filter(community=community, cycle=cycle)
                           .select_related("candidate", "recommender"))
    return render(request, "supervision/community.html", {
        "community": community, "terms": terms, "current": services.current_chair(community, today),
        "proposal": services.chair_propose_next(community=community), "cycle": cycle,
        "units": list(Unit.objects.filter(community=community).order_by("id").values("id", "name")),
        "chaired": chaired, "recommendations": recommendations, "meetings": meetings,
        "missed": selectors.missed_months([community.pk], date(year, 1, 1), date(year, 12, 31), today)[community.pk],
        "contact_points": list(ContactPoint.objects.filter(community=community).select_related("leader")),
        "members": list(CommitteeMember.objects.filter(community=community, active=True).select_related("unit")),
        "can_rotate": permissions.can(user, "rotate", ChairTerm(community_id=community.pk)),
        "can_recommend": scope.role == Role.UNIT and scope.unit_id is not None,
        "can_schedule": permissions.can(user, "create", Meeting(community=community, community_id=community.pk,
                                                                 held_on=today)),
        "first_of_next_month": services.add_months(today.replace(day=1), 1), "today": today,
        "kinds": Meeting.Kind.choices,
    })


@login_required
@require_POST
def chair_rotate(request, pk):
    community = _community_or_404(request, pk)
    permissions.require(request.user, "rotate", ChairTerm(community_id=community.pk))
    unit_id = _id(request.POST.get("unit"))
    unit = Unit.objects.filter(community=community, pk=unit_id).first() if unit_id else None
    _run(request, services.chair_rotate, "已安排轮值主席", actor=request.user, community=community, unit=unit,
         starts_on=_date(request.POST.get("starts_on")), chair_person=request.POST.get("chair_person", ""))
    return redirect("supervision:community", community.pk)


@login_required
@require_POST
def chair_recommend(request, pk):
    community = _community_or_404(request, pk)
    scope = permissions.scope_of(request.user)
    recommender = Unit.objects.filter(pk=scope.unit_id, community=community).first()
    if recommender is None or not permissions.can(
            request.user, "create", ChairRecommendation(community_id=community.pk, recommender=recommender)):
        raise PermissionDenied("只有本社区的辖区单位可以推荐轮值主席")
    candidate = Unit.objects.filter(community=community, pk=_id(request.POST.get("candidate")) or 0).first()
    if candidate is None:
        messages.error(request, "请选择被推荐的单位")
    else:
        _run(request, services.chair_recommend, "推荐已登记", actor=request.user, recommender=recommender,
             candidate=candidate, note=request.POST.get("note", ""))
    return redirect("supervision:community", community.pk)


@login_required
@require_POST
def meeting_create(request, pk):
    community = _community_or_404(request, pk)
    held_on = _date(request.POST.get("held_on"))
    permissions.require(request.user, "create", Meeting(community=community, held_on=held_on or timezone.localdate()))
    meeting = _run(request, services.meeting_schedule, "会议已安排，议程已按未销号项目生成", actor=request.user,
                   community=community, held_on=held_on or timezone.localdate(),
                   kind=request.POST.get("kind", Meeting.Kind.CHAIR), place=request.POST.get("place", ""))
    if meeting:
        return redirect("supervision:meeting", meeting.pk)
    return redirect("supervision:community", community.pk)


# ------------------------------------------------------------------------------ meetings

def _meeting_or_404(request, pk) -> Meeting:
    qs = permissions.visible(request.user, Meeting).select_related("community", "chair_term__unit")
    return permissions.get_visible_or_404(request.user, Meeting, pk, queryset=qs)


def _meeting_context(meeting: Meeting) -> dict:
    agenda = list(meeting.agenda.select_related("unit", "project"))
    attendance = {a.unit_id: a for a in meeting.attendance.all()}
    units = list(Unit.objects.filter(community_id=meeting.community_id).order_by("id"))
    for u in units:
        u.row = attendance.get(u.pk)
    decisions = list(meeting.decisions.prefetch_related(
        Prefetch("follow_ups", queryset=FollowUp.objects.select_related("owner_unit"))))
    return {"meeting": meeting, "agenda": agenda, "units": units, "decisions": decisions,
            "present_count": sum(1 for a in attendance.values() if a.present), "recorded": bool(attendance)}


@login_required
def meeting_detail(request, pk):
    meeting = _meeting_or_404(request, pk)
    user = request.user
    return render(request, "supervision/meeting.html", {
        **_meeting_context(meeting),
        "can_manage": permissions.can(user, "minutes", meeting),
        "can_complete_any": permissions.scope_of(user).role != Role.UNIT,
        "unit_id": permissions.scope_of(user).unit_id,
        "today": timezone.localdate(),
    })


@login_required
def meeting_print(request, pk):
    """The meeting sheet for the paper archive: A4, Chinese, no menu."""
    meeting = _meeting_or_404(request, pk)
    return render(request, "supervision/meeting_print.html", _meeting_context(meeting))


@login_required
@require_POST
def meeting_attendance(request, pk):
    meeting = _meeting_or_404(request, pk)
    permissions.require(request.user, "attendance", meeting)
    present = {i for i in map(_id, request.POST.getlist("present")) if i is not None}
    reps = {_id(k[4:]): v for k, v in request.POST.items() if k.startswith("rep_") and _id(k[4:]) is not None}
    _run(request, services.meeting_record_attendance, "出席情况已登记", actor=request.user, meeting=meeting,
         present=present, representatives=reps)
    return redirect("supervision:meeting", meeting.pk)


@login_required
@require_POST
def meeting_minutes(request, pk):
    meeting = _meeting_or_404(request, pk)
    permissions.require(request.user, "minutes", meeting)
    reports = {_id(k[7:]): v for k, v in request.POST.items() if k.startswith("report_") and _id(k[7:]) is not None}
    decisions = [line for line in request.POST.get("decisions", "").splitlines() if line.strip()]
    _run(request, services.meeting_record_minutes, "会议纪要已保存", actor=request.user, meeting=meeting,
         minutes=request.POST.get("minutes", ""), reports=reports, decisions=decisions)
    return redirect("supervision:meeting", meeting.pk)


@login_required
@require_POST
def decision_follow_up(request, pk):
    qs = permissions.visible(request.user, Decision).select_related("meeting")
    decision = permissions.get_visible_or_404(request.user, Decision, pk, queryset=qs)
    permissions.require(request.user, "follow_up", decision)
    owner = Unit.objects.filter(community_id=decision.meeting.community_id,
                                pk=_id(request.POST.get("owner_unit")) or 0).first()
    if owner is None:
        messages.error(request, "请选择责任单位")
    else:
        _run(request, services.decision_follow_up, "已转为跟进事项", actor=request.user, decision=decision,
             owner_unit=owner, task=request.POST.get("task", "") or decision.text,
             due_on=_date(request.POST.get("due_on")) or decision.meeting.held_on + timedelta(days=30),
             owner_name=request.POST.get("owner_name", ""))
    return redirect("supervision:meeting", decision.meeting_id)


@login_required
@require_POST
def follow_up_complete(request, pk):
    item = permissions.get_visible_or_404(request.user, FollowUp, pk,
                                          queryset=permissions.visible(request.user, FollowUp)
                                          .select_related("decision"))
    permissions.require(request.user, "complete", item)
    _run(request, services.follow_up_complete, "事项已办结", actor=request.user, follow_up=item,
         note=request.POST.get("note", ""))
    if request.POST.get("next") == "home":
        return redirect("supervision:home")
    return redirect("supervision:meeting", item.decision.meeting_id)
