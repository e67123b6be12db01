"""Staff pages of one project: its page, set-up 立项 and 修改, the steps of the state machine, progress,
extensions. The lists (my projects, the board, its ledger, close-out, bulk steps) are desk_views.py.

Each view does only: look the project up among the visible ones (404) → permission (403) → parse the
form → one service call → render. A POST names the version of the project its page showed; the
service refuses a stale one (Conflict) and the page says so in plain words.
"""

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
from gongjian.core.errors import Conflict, error_text
from gongjian.registry.models import Unit
from gongjian.solicitation.models import Problem, Round

from . import selectors, services
from .errors import CloseNeedsOverride, StaleVersion
from .events import labelled
from .forms import ProgressForm, ProjectCreateForm, ProjectEditForm, TransitionForm
from .models import COMMITTED_STATUSES, TRANSITIONS, ProgressAttachment, Project

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
