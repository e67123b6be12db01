"""Staff pages of the projects area: my projects (units), the board (community / street / city), a
project's page, set-up 立项, the actions of the state machine and the close-out checklist 销号.

Each view does only: look the project up among the visible ones (404) → permission (403) → parse the
form → one service call → render. A POST names the version of the project its page showed; the
service refuses a stale one (Conflict) and the page says so in plain words.
"""

import dataclasses
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gongjian import permissions
from gongjian.accounts.models import Role
from gongjian.core.errors import Conflict, error_text
from gongjian.core.paging import page_of
from gongjian.core.xlsx import xlsx_download
from gongjian.registry.models import Community, Street, Unit
from gongjian.solicitation.models import Problem, Round

from . import selectors, services
from .errors import CloseNeedsOverride, StaleVersion
from .events import labelled
from .forms import ProgressForm, ProjectCreateForm, ProjectEditForm, TransitionForm
from .models import COMMITTED_STATUSES, DUE_SOON_DAYS, TRANSITIONS, ProgressAttachment, Project
from .permissions import STAFF_READERS

PAGE_SIZE = 30


# ------------------------------------------------------------------------------ helpers

def _int_param(value: str | None) -> int | None:
    """A filter's id from the query string, or None for anything else (hundreds of digits included)."""
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) <= 9 else None


def _form_errors(form) -> str:
    return "；".join(str(e) for errs in form.errors.values() for e in errs)


def _next_url(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


def _may(user, action: str, project: Project) -> bool:
    """The action is possible in the project's state and the policy allows this user to take it."""
    return TRANSITIONS[action].allowed_from(project.status) and permissions.can(user, action, project)


def _project_or_404(request, pk, *related):
    qs = permissions.visible(request.user, Project).select_related(
        "community", "community__street", "lead_unit", "round", "batch", *related)
    return permissions.get_visible_or_404(request.user, Project, pk, queryset=qs)


# ------------------------------------------------------------------------------ lists

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


# ------------------------------------------------------------------------------ one project

@login_required
def detail(request, pk):
    project = _project_or_404(request, pk, "problem")
    user = request.user
    committed = project.status in COMMITTED_STATUSES
    reports = list(project.progress_reports.select_related("unit", "reported_by")[:50])
    evidence = {}
    for a in ProgressAttachment.objects.filter(project=project).order_by("created_at", "id"):
        evidence.setdefault(a.report_id, []).append(a)
    for r in reports:
        r.files = evidence.get(r.pk, [])
    context = {
        "project": project,
        "co_units": list(project.co_units.all()),
        "events": labelled(project.events.select_related("actor")),
        "reports": reports,
        "completion_files": evidence.get(None, []),
        "extensions": list(project.extensions.select_related("requested_by", "decided_by")),
        "notices": list(project.change_notices.all()),
        "ratings": selectors.rating_summary(project),
        "rating_comments": selectors.rating_comments([project.pk])[project.pk],
        "actions": [step for step in TRANSITIONS.values() if _may(user, step.action, project)],
        "can_edit": (project.status not in (Project.Status.CLOSED, Project.Status.WITHDRAWN)
                     and permissions.can(user, "change", project)),
        "can_progress": committed and permissions.can(user, "progress", project),
        "progress_form": ProgressForm(initial={"version": project.version, "percent": project.progress}),
        "can_request_extension": committed and permissions.can(user, "extension_request", project),
        "can_decide_extension": permissions.can(user, "extension_decide", project),
    }
    return render(request, "projects/detail.html", context)


@login_required
def act(request, pk, action):
    """One step of the state machine: a confirmation page (GET), then the step (POST)."""
    step = TRANSITIONS.get(action)
    if step is None:
        raise Http404("没有这个操作")
    project = _project_or_404(request, pk)
    permissions.require(request.user, action, project)
    default_next = reverse("projects:detail", args=[project.pk])
    ratings = selectors.rating_summary(project) if action in ("close", "return") else None
    override = bool(action == "close" and ratings["mostly_unsatisfied"])
    status = 200
    if request.method == "POST":
        form = TransitionForm(request.POST, request.FILES, step=step, override=override)
        if form.is_valid():
            try:
                if action == "report_done":
                    services.project_report_done(actor=request.user, project=project, note=form.cleaned_data["note"],
                                                 evidence=form.cleaned_data["evidence"],
                                                 expected_version=form.cleaned_data["version"])
                else:
                    services.project_transition(actor=request.user, project=project, action=action,
                                                note=form.cleaned_data["note"],
                                                expected_version=form.cleaned_data["version"],
                                                override_note=form.cleaned_data.get("override_note", ""))
            except CloseNeedsOverride as exc:
                # The close-out gate: most residents are not satisfied; ask for the reason here.
                ratings = exc.summary
                form = TransitionForm(request.POST, step=step, override=True)
                form.is_valid()
                form.add_error("override_note", exc.message)
                status = 409
            except Conflict as exc:
                messages.error(request, f"未能{step.label}：{exc.message}")
                return redirect(default_next)
            except ValidationError as exc:
                form.add_error("evidence" if "evidence" in form.fields and "file" in getattr(exc, "message_dict", {})
                               else "note", error_text(exc))
                status = 400
            else:
                messages.success(request, f"已{step.label}：{project.title}")
                return redirect(_next_url(request, default_next))
        else:
            status = 400
    else:
        if not step.allowed_from(project.status):
            messages.error(request, f"项目当前为“{project.get_status_display()}”，不能{step.label}")
            return redirect(default_next)
        form = TransitionForm(initial={"version": project.version}, step=step, override=override)
    context = {"project": project, "form": form, "action": action, "label": step.label,
               "next": _next_url(request, ""), "ratings": ratings}
    if ratings is not None:
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
    try:
        services.progress_report(actor=request.user, project=project, unit=request.user.unit,
                                 percent=data["percent"], note=data["note"], expected_version=data["version"],
                                 attachments=[data["file"]] if data.get("file") else [])
    except StaleVersion:
        messages.error(request, "进度未保存：该项目已被他人修改，请刷新页面后再填报")
    except Conflict as exc:
        messages.error(request, f"进度未保存：{exc.message}")
    except ValidationError as exc:
        messages.error(request, f"进度未保存：{error_text(exc)}")
    else:
        messages.success(request, f"已填报进度 {data['percent']}%：{project.title}")
    return redirect(back)


@login_required
def create(request):
    """立项: step 1 choose the problem (class A or B), step 2 the project's details."""
    user = request.user
    if not permissions.can(user, "create", Project):
        raise PermissionDenied("只有社区、街道和市级管理员可以立项")
    live = ~Q(projects__status=Project.Status.WITHDRAWN)
    problems = (permissions.visible(user, Problem).filter(klass__in=[Problem.Class.A, Problem.Class.B])
                .exclude(round__status=Round.Status.CLOSED).select_related("community")
                .annotate(n_projects=Count("projects", filter=live))
                .order_by("community__code", "archive_no"))
    problem_id = _int_param(request.POST.get("problem") or request.GET.get("problem"))
    problem = problems.filter(pk=problem_id).first() if problem_id is not None else None
    if problem is None:
        q = request.GET.get("q", "").strip()
        choices = problems.filter(Q(title__contains=q) | Q(archive_no__contains=q)) if q else problems
        return render(request, "projects/create_pick.html", {"problems": choices[:200], "q": q})
    units = permissions.visible(user, Unit).filter(community_id=problem.community_id).select_related(
        "community").order_by("name")
    # A problem that already has a project (not withdrawn) may get a second one only when confirmed.
    already = list(permissions.visible(user, Project).filter(problem=problem)
                   .exclude(status=Project.Status.WITHDRAWN).order_by("id"))
    form = ProjectCreateForm(request.POST or None, problems=problems, units=units, already=already,
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
                fund_source=data["fund_source"], is_key=data["is_key"], batch_number=data["batch_number"])
        except ValidationError as exc:
            for field, errs in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            messages.success(request, f"已立项：{project.title}（待审批）")
            if far := selectors.far_deadline_warning(project.deadline):
                messages.warning(request, far)
            for warning in selectors.key_project_warnings(project.community, project.round_id):
                messages.warning(request, f"提示：{warning}")
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/create.html", {"form": form, "problem": problem, "already": already,
                                                    "today": timezone.localdate()},
                  status=400 if form.errors else 200)


@login_required
def edit(request, pk):
    """修改项目: a draft or a returned project freely (then 重新提交), a published one through the
    public change notices (变更公示). Closed and withdrawn projects are not changed."""
    project = _project_or_404(request, pk)
    permissions.require(request.user, "change", project)
    back = reverse("projects:detail", args=[project.pk])
    if project.status in (Project.Status.CLOSED, Project.Status.WITHDRAWN):
        messages.error(request, f"项目{project.get_status_display()}，不能再修改")
        return redirect(back)
    units = permissions.visible(request.user, Unit).filter(community_id=project.community_id).select_related(
        "community").order_by("name")
    published = project.approved_at is not None
    initial = {f: getattr(project, f) for f in services.UPDATABLE_FIELDS if f != "co_units"}
    initial.update(co_units=list(project.co_units.all()), version=project.version)
    form = ProjectEditForm(request.POST or None, units=units, published=published, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version, note = data.pop("version"), data.pop("note")
        data["co_units"] = list(data["co_units"])
        data["budget"] = data["budget"] or 0
        try:
            services.project_update(actor=request.user, project=project, expected_version=version, note=note,
                                    **data)
        except Conflict as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            for field, errs in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            messages.success(request, f"已保存：{data['title']}")
            if "deadline" in form.changed_data and (far := selectors.far_deadline_warning(data["deadline"])):
                messages.warning(request, far)
            return redirect(back)
    return render(request, "projects/edit.html", {"form": form, "project": project, "published": published},
                  status=400 if form.errors else 200)


def _version(request) -> int:
    """The version a page's form showed; a missing or odd one matches no project (refused as stale)."""
    return _int_param(request.POST.get("version")) or 0


@login_required
@require_POST
def extension_request(request, pk):
    project = _project_or_404(request, pk)
    permissions.require(request.user, "extension_request", project)
    back = reverse("projects:detail", args=[project.pk])
    try:
        deadline = date.fromisoformat(request.POST.get("deadline", ""))
    except ValueError:
        messages.error(request, "延期未申请：新的完成时限格式须为 年-月-日")
        return redirect(back)
    try:
        services.extension_request(actor=request.user, project=project, deadline=deadline,
                                   reason=request.POST.get("reason", ""), expected_version=_version(request))
    except Conflict as exc:
        messages.error(request, f"延期未申请：{exc.message}")
    except ValidationError as exc:
        messages.error(request, f"延期未申请：{error_text(exc)}")
    else:
        messages.success(request, "已提交延期申请，等待街道审批")
    return redirect(back)


@login_required
@require_POST
def extension_decide(request, pk, extension_id):
    project = _project_or_404(request, pk)
    permissions.require(request.user, "extension_decide", project)
    extension = project.extensions.filter(pk=extension_id).first() if extension_id < 2**63 else None
    if extension is None:
        raise Http404("延期申请不存在")
    back = reverse("projects:detail", args=[project.pk])
    approve = request.POST.get("approve") == "1"
    try:
        services.extension_decide(actor=request.user, extension=extension, approve=approve,
                                  note=request.POST.get("note", ""), expected_version=_version(request))
    except Conflict as exc:
        messages.error(request, f"未能审批延期：{exc.message}")
    except ValidationError as exc:
        messages.error(request, f"未能审批延期：{error_text(exc)}")
    else:
        messages.success(request, "已批准延期" if approve else "已不予批准延期")
    return redirect(back)
