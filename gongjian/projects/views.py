"""Staff pages of the projects area: my projects (units), the board (community / street / city), a
project's page, set-up 立项, the actions of the state machine and the close-out checklist 销号.

Each view does only: look the project up among the visible ones (404) → permission (403) → parse the
form → one service call → render. A POST names the version of the project its page showed; the
service refuses a stale one (Conflict) and the page says so in plain words.
"""

from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gongjian import permissions
from gongjian.core.errors import Conflict
from gongjian.registry.models import Community, Street, Unit
from gongjian.solicitation.models import Problem, Round

from . import selectors, services
from .forms import ACTION_NOTE_LABELS, ProgressForm, ProjectCreateForm, TransitionForm
from .models import ProgressAttachment, Project

PAGE_SIZE = 30
ACTIVE = (Project.Status.APPROVED, Project.Status.IN_PROGRESS)
# Actions that undo or end something: they go through a confirmation page.
CONFIRM_LABELS = {
    "approve": "审批通过并公示",
    "decline": "退回（不是本单位职责）",
    "start": "签收",
    "report_done": "报告完成",
    "return": "退回重办",
    "close": "销号",
}


# ------------------------------------------------------------------------------ helpers

def _error_text(exc: ValidationError) -> str:
    return "；".join(exc.messages)


def _form_errors(form) -> str:
    return "；".join(str(e) for errs in form.errors.values() for e in errs)


def _next_url(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


def _querystring(request, drop=("page",)) -> str:
    """The current filters, ready to prefix `page=` in pager.html."""
    pairs = [(k, v) for k, v in request.GET.items() if k not in drop and v != ""]
    return urlencode(pairs) + "&" if pairs else ""


def _dates():
    today = timezone.localdate()
    return {"today": today, "soon": today + timedelta(days=7)}


def _ratings(project_ids) -> dict:
    return selectors.rating_summaries(project_ids)


def _may(user, action: str, project: Project) -> bool:
    """The action is possible in the project's state and the policy allows this user to take it."""
    return Project.TRANSITIONS[action][0] == project.status and permissions.can(user, action, project)


def _project_or_404(request, pk, *related):
    qs = permissions.visible(request.user, Project).select_related(
        "community", "community__street", "lead_unit", "round", "batch", *related)
    return permissions.get_visible_or_404(request.user, Project, pk, queryset=qs)


# ------------------------------------------------------------------------------ lists

@login_required
def my_projects(request):
    """A unit's projects, open ones first, each with one-tap progress reporting and its next step."""
    scope = permissions.scope_of(request.user)
    if scope.role != "unit":
        return redirect("projects:board")
    qs = (permissions.visible(request.user, Project).select_related("community", "lead_unit")
          .order_by("deadline", "id"))
    show = request.GET.get("show", "")
    if show != "all":
        qs = qs.exclude(status=Project.Status.CLOSED)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for p in page:
        p.is_lead = p.lead_unit_id == scope.unit_id
        # Every project a unit sees is one it leads or co-handles, so it may report progress on it.
        p.can_progress = p.status in ACTIVE
        p.can_start = _may(request.user, "start", p)
        p.can_decline = _may(request.user, "decline", p)
        p.can_report_done = _may(request.user, "report_done", p)
    return render(request, "projects/my_projects.html", {
        "page": page, "show": show, "querystring_base": _querystring(request), **_dates(),
    })


@login_required
def board(request):
    """All projects of a community, a street or the city, with filters, search and pages."""
    scope = permissions.scope_of(request.user)
    if scope.role == "unit":
        return redirect("projects:my_projects")
    qs = permissions.visible(request.user, Project).select_related("community", "lead_unit", "round")
    g = request.GET
    rounds = list(permissions.visible(request.user, Round).order_by("-year", "-id")[:20])
    round_id = g.get("round", "")
    if round_id.isdigit():
        qs = qs.filter(round_id=int(round_id))
    street_id = g.get("street", "")
    streets = []
    if scope.everything:
        streets = list(Street.objects.order_by("code"))
        if street_id.isdigit():
            qs = qs.filter(community__street_id=int(street_id))
    communities = []
    if not scope.everything:
        communities = list(Community.objects.filter(scope.community_q("id")).order_by("code"))
    elif street_id.isdigit():
        communities = list(Community.objects.filter(street_id=int(street_id)).order_by("code"))
    community_id = g.get("community", "")
    if community_id.isdigit():
        qs = qs.filter(community_id=int(community_id))
    units = []
    if community_id.isdigit() or len(communities) == 1:
        cid = int(community_id) if community_id.isdigit() else communities[0].pk
        units = list(permissions.visible(request.user, Unit).filter(community_id=cid).order_by("name"))
    unit_id = g.get("unit", "")
    if unit_id.isdigit():
        qs = qs.filter(Q(lead_unit_id=int(unit_id)) | Q(co_units=int(unit_id))).distinct()
    status = g.get("status", "")
    if status in Project.Status.values:
        qs = qs.filter(status=status)
    today = timezone.localdate()
    if g.get("overdue"):
        qs = qs.filter(deadline__lt=today).exclude(status__in=Project.DONE_STATUSES)
    if g.get("key"):
        qs = qs.filter(key=True)
    q = g.get("q", "").strip()
    if q:
        qs = qs.filter(Q(title__contains=q) | Q(handler__contains=q) | Q(lead_unit__name__contains=q))
    qs = qs.order_by("deadline", "id")
    page = Paginator(qs, PAGE_SIZE).get_page(g.get("page"))
    return render(request, "projects/board.html", {
        "page": page, "rounds": rounds, "streets": streets, "communities": communities, "units": units,
        "statuses": Project.Status.choices, "f": g, "q": q,
        "can_create": permissions.can(request.user, "create", Project),
        "querystring_base": _querystring(request), **_dates(),
    })


@login_required
def closeout(request):
    """销号审核: completed projects with what was done, the evidence and residents' ratings."""
    scope = permissions.scope_of(request.user)
    if scope.role not in ("street", "city"):
        raise PermissionDenied("只有街道和市级管理员可以销号")
    qs = (permissions.visible(request.user, Project).filter(status=Project.Status.COMPLETED)
          .select_related("community", "lead_unit").order_by("completed_at", "id"))
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    items = list(page)
    summary = _ratings(p.pk for p in items)
    attachments = {}
    if items:
        for a in ProgressAttachment.objects.filter(project_id__in=[p.pk for p in items]).order_by("created_at", "id"):
            attachments.setdefault(a.project_id, []).append(a)
    for p in items:
        p.rating_summary = summary[p.pk]
        p.evidence = attachments.get(p.pk, [])
        p.can_close = _may(request.user, "close", p)
        p.can_return = _may(request.user, "return", p)
    return render(request, "projects/closeout.html", {
        "page": page, "items": items, "querystring_base": _querystring(request),
    })


def _labelled(events):
    events = list(events)
    for e in events:
        e.label = services.ACTION_LABELS.get(e.action, e.action)
    return events




# ------------------------------------------------------------------------------ one project

@login_required
def detail(request, pk):
    project = _project_or_404(request, pk, "problem")
    user = request.user
    actions = [a for a in Project.TRANSITIONS if _may(user, a, project)]
    can_progress = project.status in ACTIVE and permissions.can(user, "progress", project)
    reports = list(project.progress_reports.select_related("unit", "reported_by")[:50])
    evidence = {}
    for a in ProgressAttachment.objects.filter(project=project).order_by("created_at", "id"):
        evidence.setdefault(a.report_id, []).append(a)
    for r in reports:
        r.files = evidence.get(r.pk, [])
    context = {
        "project": project,
        "co_units": list(project.co_units.all()),
        "events": _labelled(project.events.select_related("actor")),
        "reports": reports,
        "completion_files": evidence.get(None, []),
        "extensions": list(project.extensions.select_related("requested_by", "decided_by")),
        "notices": list(project.change_notices.all()),
        "ratings": selectors.rating_summary(project),
        "actions": [(a, CONFIRM_LABELS[a]) for a in actions],
        "can_progress": can_progress,
        "progress_form": ProgressForm(initial={"version": project.version, "percent": project.progress}),
        "can_request_extension": (project.status in ACTIVE
                                  and permissions.can(user, "extension_request", project)),
        "can_decide_extension": permissions.can(user, "extension_decide", project),
        **_dates(),
    }
    return render(request, "projects/detail.html", context)


@login_required
def act(request, pk, action):
    """One step of the state machine: a confirmation page (GET), then the step (POST)."""
    if action not in Project.TRANSITIONS:
        raise Http404("没有这个操作")
    project = _project_or_404(request, pk)
    permissions.require(request.user, action, project)
    default_next = reverse("projects:detail", args=[project.pk])
    status = 200
    if request.method == "POST":
        form = TransitionForm(request.POST)
        if form.is_valid():
            try:
                extra = {"override_note": form.cleaned_data["override_note"]} if action == "close" else {}
                services.project_transition(actor=request.user, project=project, action=action,
                                            note=form.cleaned_data["note"],
                                            expected_version=form.cleaned_data["version"], **extra)
            except Conflict as exc:
                if action == "close" and selectors.rating_summary(project)["mostly_unsatisfied"] \
                        and form.cleaned_data["version"] == project.version:
                    # The close-out gate: most residents are not satisfied; ask for the reason here.
                    form.add_error("override_note", exc.message)
                    status = 409
                else:
                    messages.error(request, f"未能{CONFIRM_LABELS[action]}：{exc.message}")
                    return redirect(default_next)
            except ValidationError as exc:
                form.add_error("note", _error_text(exc))
                status = 400
            else:
                messages.success(request, f"已{CONFIRM_LABELS[action]}：{project.title}")
                return redirect(_next_url(request, default_next))
        else:
            status = 400
    else:
        if Project.TRANSITIONS[action][0] != project.status:
            messages.error(request, f"项目当前为“{project.get_status_display()}”，不能{CONFIRM_LABELS[action]}")
            return redirect(default_next)
        form = TransitionForm(initial={"version": project.version})
    form.fields["note"].label = ACTION_NOTE_LABELS[action]
    form.fields["note"].required = action in ("decline", "report_done", "return")
    context = {"project": project, "form": form, "action": action, "label": CONFIRM_LABELS[action],
               "next": _next_url(request, "")}
    if action in ("close", "return"):
        context["ratings"] = selectors.rating_summary(project)
        context["evidence"] = list(ProgressAttachment.objects.filter(project=project).order_by("created_at", "id"))
    return render(request, "projects/act.html", context, status=status)


@login_required
@require_POST
def progress(request, pk):
    """填报进度 from the list or the project page (percent, note, optionally a photo or file)."""
    project = _project_or_404(request, pk)
    permissions.require(request.user, "progress", project)
    back = _next_url(request, reverse("projects:detail", args=[project.pk]))
    form = ProgressForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, f"进度未保存：{_form_errors(form)}")
        return redirect(back)
    data = form.cleaned_data
    if data["version"] != project.version:
        messages.error(request, "进度未保存：该项目已被他人修改，请刷新页面后再填报")
        return redirect(back)
    try:
        services.progress_report(actor=request.user, project=project, unit=request.user.unit,
                                 percent=data["percent"], note=data["note"],
                                 attachments=[data["file"]] if data.get("file") else [])
    except Conflict as exc:
        messages.error(request, f"进度未保存：{exc.message}")
    except ValidationError as exc:
        messages.error(request, f"进度未保存：{_error_text(exc)}")
    else:
        messages.success(request, f"已填报进度 {data['percent']}%：{project.title}")
    return redirect(back)


@login_required
def create(request):
    """立项: step 1 choose the problem (class A or B), step 2 the project's details."""
    user = request.user
    if not permissions.can(user, "create", Project):
        raise PermissionDenied("只有社区、街道和市级管理员可以立项")
    problems = (permissions.visible(user, Problem).filter(klass__in=[Problem.Class.A, Problem.Class.B])
                .exclude(round__status=Round.Status.CLOSED).select_related("community")
                .order_by("community__code", "archive_no"))
    problem_id = request.POST.get("problem") or request.GET.get("problem") or ""
    problem = None
    if problem_id.isdigit():
        problem = problems.filter(pk=int(problem_id)).first()
    if problem is None:
        q = request.GET.get("q", "").strip()
        choices = problems.filter(Q(title__contains=q) | Q(archive_no__contains=q)) if q else problems
        return render(request, "projects/create_pick.html", {"problems": choices[:200], "q": q})
    units = permissions.visible(user, Unit).filter(community_id=problem.community_id).select_related(
        "community").order_by("name")
    form = ProjectCreateForm(request.POST or None, problems=problems, units=units,
                             initial={"problem": problem.pk, "title": problem.title, "batch_number": 1})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not permissions.can(user, "create", Project(community_id=data["problem"].community_id)):
            raise PermissionDenied("您不能为该社区立项")
        try:
            project = services.project_create(
                actor=user, problem=data["problem"], title=data["title"], description=data["description"],
                lead_unit=data["lead_unit"], co_units=list(data["co_units"]), handler=data["handler"],
                handler_phone=data["handler_phone"], deadline=data["deadline"], budget=data["budget"] or 0,
                fund_source=data["fund_source"], key=data["key"], batch_number=data["batch_number"])
        except ValidationError as exc:
            for field, errs in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            messages.success(request, f"已立项：{project.title}（待审批）")
            for warning in selectors.key_project_warnings(project.community, project.round_id):
                messages.warning(request, f"提示：{warning}")
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/create.html", {"form": form, "problem": problem},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def extension_request(request, pk):
    project = _project_or_404(request, pk)
    permissions.require(request.user, "extension_request", project)
    back = reverse("projects:detail", args=[project.pk])
    from datetime import date

    try:
        deadline = date.fromisoformat(request.POST.get("deadline", ""))
    except ValueError:
        messages.error(request, "延期未申请：新的完成时限格式须为 年-月-日")
        return redirect(back)
    if request.POST.get("version") != str(project.version):
        messages.error(request, "延期未申请：该项目已被他人修改，请刷新页面后再操作")
        return redirect(back)
    try:
        services.extension_request(actor=request.user, project=project, deadline=deadline,
                                   reason=request.POST.get("reason", ""))
    except Conflict as exc:
        messages.error(request, f"延期未申请：{exc.message}")
    except ValidationError as exc:
        messages.error(request, f"延期未申请：{_error_text(exc)}")
    else:
        messages.success(request, "已提交延期申请，等待街道审批")
    return redirect(back)


@login_required
@require_POST
def extension_decide(request, pk, extension_id):
    project = _project_or_404(request, pk)
    permissions.require(request.user, "extension_decide", project)
    extension = project.extensions.filter(pk=extension_id).first()
    if extension is None:
        raise Http404("延期申请不存在")
    back = reverse("projects:detail", args=[project.pk])
    approve = request.POST.get("approve") == "1"
    if request.POST.get("version") != str(project.version):
        messages.error(request, "未能审批延期：该项目已被他人修改，请刷新页面后再操作")
        return redirect(back)
    try:
        services.extension_decide(actor=request.user, extension=extension, approve=approve,
                                  note=request.POST.get("note", ""))
    except Conflict as exc:
        messages.error(request, f"未能审批延期：{exc.message}")
    except ValidationError as exc:
        messages.error(request, f"未能审批延期：{_error_text(exc)}")
    else:
        messages.success(request, "已批准延期" if approve else "已不予批准延期")
    return redirect(back)
