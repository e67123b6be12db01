"""The projects' lists, as a desk works them: a unit's 我的项目, the staff board (项目总览) with its Excel
ledger (项目台账), the close-out list (销号审核) and the bulk steps taken from those lists (批量审批、批量销号).
One project's pages are in views.py."""

import dataclasses
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongjian import permissions
from gongjian.accounts.models import Role
from gongjian.core.paging import page_of
from gongjian.core.xlsx import xlsx_download
from gongjian.registry.models import Community, Street, Unit
from gongjian.solicitation.models import Round

from . import selectors, services
from .models import COMMITTED_STATUSES, DUE_SOON_DAYS, TRANSITIONS, ProgressAttachment, Project
from .permissions import STAFF_READERS
from .views import PAGE_SIZE, _int_param, _may, _next_url


@login_required
def my_projects(request):
    """A unit's projects, open ones first, each with one-tap progress reporting and its next step."""
    scope = permissions.scope_of(request.user)
    if scope.role != Role.UNIT:
        return redirect("projects:board")
    qs = (permissions.visible(request.user, Project).select_related("community", "lead_unit")
          .order_by("deadline", "id"))
    show = request.GET.get("show", "")
    if show != "all":
        qs = qs.in_hand()
    page = page_of(request, qs, PAGE_SIZE)
    today = timezone.localdate()
    for p in page:
        _time_left(p, today)
        p.is_lead = p.lead_unit_id == scope.unit_id
        # Every project a unit sees is one it leads or co-handles, so it may report progress on it.
        p.can_progress = p.status in COMMITTED_STATUSES
        p.can_start = _may(request.user, "start", p)
        p.can_decline = _may(request.user, "decline", p)
        p.can_report_done = _may(request.user, "report_done", p)
    return render(request, "projects/my_projects.html", {"page": page, "show": show})


FILTER_KEYS = ("round", "street", "community", "unit", "status", "overdue", "due_soon", "key", "q", "all")
IN_HAND = "in_hand"  # the status select's 在办 choice: everything not yet 销号 nor withdrawn


def board_filters(request, scope) -> tuple[selectors.ProjectFilters, bool]:
    """The staff board's filters from the query string: the API's core plus unit and text search.
    Anything odd (a word, hundreds of digits) is ignored rather than answered with an error.

    With no filter at all the board opens on the current round's projects in hand (the second value
    says so); `?all=1` asks for everything."""
    g = request.GET
    defaulted = not any(g.get(k) for k in FILTER_KEYS)
    status = g.get("status", "")
    f = selectors.ProjectFilters(
        round=_int_param(g.get("round")),
        street=_int_param(g.get("street")) if scope.everything else None,
        community=_int_param(g.get("community")),
        unit=_int_param(g.get("unit")),
        status=status if status in Project.Status.values else None,
        in_hand=True if status == IN_HAND else None,
        overdue=True if g.get("overdue") else None,
        due_soon=True if g.get("due_soon") else None,
        is_key=True if g.get("key") else None,
        q=g.get("q", "").strip()[:100],
    )
    if defaulted:
        f = dataclasses.replace(f, round=selectors.current_round_id(request.user), in_hand=True)
    return f, defaulted


def _time_left(project: Project, today: date) -> None:
    """剩余时间 for a published commitment: red past the deadline, amber within DUE_SOON_DAYS, green."""
    project.days_left = (project.deadline - today).days if project.status in COMMITTED_STATUSES else None
    if project.days_left is None:
        project.time_class = ""
    elif project.days_left < 0:
        project.time_class = "bad"
    elif project.days_left <= DUE_SOON_DAYS:
        project.time_class = "warn"
    else:
        project.time_class = "ok"


@login_required
def board(request):
    """All projects of a community, a street or the city, with filters, search and pages; opens on the
    current round's projects in hand, most urgent first."""
    scope = permissions.scope_of(request.user)
    if scope.role == Role.UNIT:
        return redirect("projects:my_projects")
    f, defaulted = board_filters(request, scope)
    qs = (selectors.project_list(request.user, f).select_related("community", "lead_unit", "round")
          .order_by("deadline", "id"))
    rounds = list(permissions.visible(request.user, Round).order_by("-year", "-id")[:20])
    streets = list(Street.objects.order_by("code")) if scope.everything else []
    communities = []
    if not scope.everything:
        communities = list(Community.objects.filter(scope.community_q("id")).order_by("code"))
    elif f.street is not None:
        communities = list(Community.objects.filter(street_id=f.street).order_by("code"))
    units = []
    if f.community is not None or len(communities) == 1:
        cid = f.community if f.community is not None else communities[0].pk
        units = list(permissions.visible(request.user, Unit).filter(community_id=cid).order_by("name"))
    page = page_of(request, qs, PAGE_SIZE)
    today = timezone.localdate()
    for p in page:
        _time_left(p, today)
    chosen = dict(request.GET.items())
    if defaulted:
        chosen.update(round=str(f.round or ""), status=IN_HAND)
    return render(request, "projects/board.html", {
        "page": page, "rounds": rounds, "streets": streets, "defaulted": defaulted,
        "communities": communities, "units": units, "statuses": Project.Status.choices, "f": chosen,
        "q": f.q, "can_create": permissions.can(request.user, "create", Project),
        # 批量审批 when the list shows drafts to someone who approves them.
        "can_batch_approve": f.status == Project.Status.DRAFT and scope.role in TRANSITIONS["approve"].roles,
        "export_query": request.GET.urlencode() if not defaulted else f"round={f.round or ''}&status={IN_HAND}",
    })


LEDGER_HEADERS = [("轮次", 18), ("批次", 8), ("街道", 12), ("社区", 14), ("问题档案号", 16), ("项目名称", 36),
                  ("牵头单位", 24), ("协办单位", 30), ("承办人", 10), ("承办人电话", 14), ("完成时限", 12),
                  ("预算（元）", 12), ("资金来源", 14), ("重点项目", 8), ("状态", 12), ("进度(%)", 8),
                  ("逾期", 6), ("报告完成", 12), ("销号", 12)]


@login_required
def ledger_export(request):
    """项目台账: the board's list (same filters, same defaults) as an .xlsx, written row by row."""
    scope = permissions.scope_of(request.user)
    if scope.role not in STAFF_READERS:
        raise PermissionDenied("辖区单位请在“我的项目”中查看本单位的项目")
    f, _ = board_filters(request, scope)
    today = timezone.localdate()
    qs = (selectors.project_list(request.user, f)
          .select_related("round", "batch", "community__street", "problem", "lead_unit")
          .prefetch_related("co_units").order_by("community__code", "deadline", "id"))

    def rows():
        for p in qs.iterator(chunk_size=500):
            yield [p.round.name, p.batch.number if p.batch_id else "", p.community.street.name, p.community.name,
                   p.problem.archive_no, p.title, p.lead_unit.name, "、".join(u.name for u in p.co_units.all()),
                   p.handler, p.handler_phone, p.deadline, p.budget, p.fund_source, p.is_key,
                   p.get_status_display(), p.progress, p.is_overdue(today),
                   p.completed_at.date() if p.completed_at else None, p.closed_at.date() if p.closed_at else None]

    return xlsx_download(filename=f"项目台账-{today:%Y%m%d}.xlsx", title="项目台账",
                         headers=LEDGER_HEADERS, rows=rows())


@login_required
def closeout(request):
    """销号审核: completed projects with what was done, the evidence and residents' ratings."""
    scope = permissions.scope_of(request.user)
    if scope.role not in (Role.STREET, Role.CITY):
        raise PermissionDenied("只有街道和市级管理员可以销号")
    qs = (permissions.visible(request.user, Project).filter(status=Project.Status.COMPLETED)
          .select_related("community", "lead_unit").order_by("completed_at", "id"))
    page = page_of(request, qs, 20)
    items = list(page)
    summary = selectors.rating_summaries(p.pk for p in items)
    comments = selectors.rating_comments(p.pk for p in items)
    attachments = {}
    if items:
        for a in ProgressAttachment.objects.filter(project_id__in=[p.pk for p in items]).order_by("created_at", "id"):
            attachments.setdefault(a.project_id, []).append(a)
    for p in items:
        p.rating_summary = summary[p.pk]
        p.rating_comments = comments[p.pk]
        p.evidence = attachments.get(p.pk, [])
        # 完工 (with 报告完成) beside 过程 (with a progress report): the after and the before of the work.
        p.evidence_after = [a for a in p.evidence if a.report_id is None]
        p.evidence_during = [a for a in p.evidence if a.report_id is not None]
        p.can_close = _may(request.user, "close", p)
        p.can_return = _may(request.user, "return", p)
        p.can_publish_photos = permissions.can(request.user, "attachment_publish", p)
    return render(request, "projects/closeout.html", {"page": page, "items": items})


MAX_BATCH = 200


@login_required
@require_POST
def bulk_act(request, action):
    """批量审批 / 批量销号 from a list: the ticked projects, a confirmation page listing them, then the
    step on each one the user may take it on; what was refused is said project by project."""
    if action not in services.BULK_ACTIONS:
        raise Http404("没有这个批量操作")
    step = TRANSITIONS[action]
    if permissions.scope_of(request.user).role not in step.roles:
        raise PermissionDenied(f"您不能{step.label}")
    ids = [i for i in (_int_param(v) for v in request.POST.getlist("ids")[:MAX_BATCH]) if i is not None]
    projects = list(permissions.visible(request.user, Project).filter(pk__in=ids)
                    .select_related("community", "lead_unit").order_by("community__code", "id"))
    back = _next_url(request, reverse("projects:closeout" if action == "close" else "projects:board"))
    if not projects:
        messages.error(request, "请先勾选要办理的项目")
        return redirect(back)
    allowed = [p for p in projects if _may(request.user, action, p)]
    if request.POST.get("confirm") != "1":
        return render(request, "projects/bulk_confirm.html", {
            "step": step, "action": action, "projects": allowed, "skipped": len(projects) - len(allowed),
            "next": back})
    result = services.projects_transition_many(actor=request.user, projects=allowed, action=action,
                                               note=request.POST.get("note", "")[:2000])
    if result.done:
        messages.success(request, f"已{step.label} {len(result.done)} 个项目")
    for project, reason in result.refused:
        messages.error(request, f"“{project.title}”未能{step.label}：{reason}")
    if len(projects) > len(allowed):
        messages.warning(request, f"{len(projects) - len(allowed)} 个项目您无权{step.label}或状态不符，已跳过")
    return redirect(back)
