"""Staff pages of solicitation and screening: fast opinion entry, import, the screening workbench,
the problem register with classification, and solicitation records.

Each view: permission check → parse input → one service call → render (CONVENTIONS.md).
"""

from __future__ import annotations

import io
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongjian import permissions
from gongjian.core.errors import Conflict
from gongjian.registry.models import Community

from . import services
from .forms import ClassifyForm, ImportForm, MergeForm, OpinionEntryForm, RejectForm, SolicitationForm
from .imports import (
    BACKGROUND_ROWS,
    TEMPLATE_HEADERS,
    ImportFileError,
    ImportRowsInvalid,
    check_upload,
    estimate_rows,
)
from .models import Category, Channel, ImportJob, Opinion, Problem, Round, Solicitation

try:  # near-duplicate suggestions are an optional module (gongjian.dedupe)
    from gongjian.dedupe.similarity import similar_opinions
except ImportError:  # pragma: no cover - depends on which apps are installed
    similar_opinions = None

MAX_COMMUNITY_CHOICES = 500


# ------------------------------------------------------------------------------ helpers


def _error_text(exc: ValidationError) -> str:
    return "；".join(exc.messages)


def _rounds(user, *, open_only=False):
    qs = permissions.visible(user, Round).order_by("-year", "-id")
    if open_only:
        qs = qs.exclude(status=Round.Status.CLOSED)
    return list(qs[:30])


def _pick_round(rounds: list[Round], wanted, prefer=(Round.Status.OPEN, Round.Status.SCREENING)) -> Round | None:
    if wanted:
        for rnd in rounds:
            if str(rnd.pk) == str(wanted):
                return rnd
    for rnd in rounds:
        if rnd.status in prefer:
            return rnd
    return rounds[0] if rounds else None


def _communities(user):
    """The communities of the user's scope, grouped by street for a select (None when too many)."""
    qs = Community.objects.filter(permissions.scope_of(user).community_q("id")).select_related("street")
    rows = list(qs.order_by("street__code", "code")[:MAX_COMMUNITY_CHOICES + 1])
    if len(rows) > MAX_COMMUNITY_CHOICES:
        return None
    return rows


def _community_in_scope(user, ref) -> Community | None:
    ref = (str(ref or "")).strip()
    if not ref:
        return None
    qs = Community.objects.filter(permissions.scope_of(user).community_q("id"))
    if ref.isdigit():
        found = qs.filter(pk=int(ref)).first()
        if found:
            return found
    found = qs.filter(code=ref).first()
    if found:
        return found
    named = list(qs.filter(name=ref)[:2])
    return named[0] if len(named) == 1 else None


def _categories():
    return list(Category.objects.filter(active=True).order_by("sort_order", "code"))


# ------------------------------------------------------------------------------ opinion entry


@login_required
def opinion_create(request):
    """The fast form for typing up paper forms: after saving it stays, keeps round, community, channel,
    category and date, and shows the receipt code to print for the resident."""
    permissions.require(request.user, "create", Opinion)
    rounds = _rounds(request.user, open_only=True)
    communities = _communities(request.user)
    categories = _categories()
    saved = None
    if request.method == "POST":
        form = OpinionEntryForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            rnd = next((r for r in rounds if r.pk == data["round"]), None)
            community = _community_in_scope(request.user, data["community"])
            category = next((c for c in categories if c.pk == data["category"]), None)
            if rnd is None:
                form.add_error("round", "请选择一个未结束的轮次")
            if community is None:
                form.add_error("community", "社区不存在或不在您的管辖范围内")
            if category is None:
                form.add_error("category", "请选择类别")
            if form.is_valid():
                try:
                    opinion = services.opinion_create(
                        actor=request.user, round=rnd, community=community, channel=data["channel"],
                        category=category, content=data["content"], received_on=data["received_on"],
                        submitter_name=data["submitter_name"], submitter_phone=data["submitter_phone"],
                        form_no=data["form_no"])
                except ValidationError as exc:
                    form.add_error(None, _error_text(exc))
                except Conflict as exc:
                    form.add_error(None, exc.message)
                else:
                    messages.success(request, f"已保存。回执码 {opinion.receipt_code}")
                    sticky = {"saved": opinion.pk, "round": rnd.pk, "community": data["community"],
                              "channel": data["channel"], "category": category.pk,
                              "received_on": data["received_on"].isoformat()}
                    return redirect(f"{reverse('solicitation:opinion_create')}?{urlencode(sticky)}")
    else:
        initial = {key: request.GET[key] for key in ("round", "community", "channel", "category", "received_on")
                   if request.GET.get(key)}
        if "round" not in initial:
            current = _pick_round(rounds, None, prefer=(Round.Status.OPEN,))
            if current:
                initial["round"] = current.pk
        if "community" not in initial and communities and len(communities) == 1:
            initial["community"] = communities[0].pk
        form = OpinionEntryForm(initial=initial)
        if request.GET.get("saved"):
            saved = permissions.visible(request.user, Opinion).filter(pk=request.GET["saved"]).first() \
                if request.GET["saved"].isdigit() else None
    recent = (permissions.visible(request.user, Opinion).filter(entered_by=request.user)
              .select_related("community", "category").order_by("-id")[:10])
    return render(request, "solicitation/opinion_create.html", {
        "form": form, "rounds": rounds, "communities": communities, "categories": categories,
        "channels": Channel.choices, "saved": saved, "recent": recent,
    })


@login_required
def opinion_receipt(request, pk: int):
    """A printable receipt slip (回执) for the resident: the code, the date, no contact details."""
    opinion = permissions.get_visible_or_404(
        request.user, Opinion, pk,
        queryset=permissions.visible(request.user, Opinion).select_related("community", "category", "round"))
    return render(request, "solicitation/receipt.html", {
        "opinion": opinion, "track_url": request.build_absolute_uri(reverse("portal:track")),
    })


# ------------------------------------------------------------------------------ import


@login_required
def opinion_import(request):
    permissions.require(request.user, "create", Opinion)
    rounds = _rounds(request.user, open_only=True)
    row_errors, error_detail = [], ""
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            rnd = next((r for r in rounds if r.pk == form.cleaned_data["round"]), None)
            upload = form.cleaned_data["file"]
            if rnd is None:
                form.add_error("round", "请选择一个未结束的轮次")
            else:
                try:
                    head = upload.read(8)
                    upload.seek(0)
                    kind = check_upload(upload.name, upload.size, head, upload)
                    total = estimate_rows(upload, kind)
                    upload.seek(0)
                    if total is None or total > BACKGROUND_ROWS:
                        job = services.import_job_create(actor=request.user, round=rnd, upload=upload, kind=kind,
                                                         total=total)
                        return redirect("solicitation:import_job", pk=job.pk)
                    created = services.opinion_import(
                        actor=request.user, round=rnd,
                        communities=Community.objects.filter(permissions.scope_of(request.user).community_q("id")),
                        fileobj=upload, kind=kind)
                except ImportFileError as exc:
                    form.add_error("file", exc.message)
                except ImportRowsInvalid as exc:
                    row_errors, error_detail = exc.rows_as_dicts(), exc.detail
                except Conflict as exc:
                    form.add_error(None, exc.message)
                else:
                    messages.success(request, f"已导入 {created} 条意见，每条都有回执码。")
                    return redirect("solicitation:opinion_import")
    else:
        current = _pick_round(rounds, request.GET.get("round"), prefer=(Round.Status.OPEN,))
        form = ImportForm(initial={"round": current.pk if current else None})
    jobs = permissions.visible(request.user, ImportJob).filter(created_by=request.user).order_by("-id")[:5]
    return render(request, "solicitation/import.html", {
        "form": form, "rounds": rounds, "row_errors": row_errors, "error_detail": error_detail,
        "headers": TEMPLATE_HEADERS, "jobs": jobs, "background_rows": BACKGROUND_ROWS,
    })


@login_required
def import_template(request):
    """The template .xlsx: the header row, drop-down lists for 渠道, 类别 and 社区, and a sheet of notes."""
    import openpyxl
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    permissions.require(request.user, "create", Opinion)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "意见"
    sheet.append(TEMPLATE_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F3E6E5")
    for column, width in zip("ABCDEFGH", [16, 12, 12, 50, 10, 16, 12, 10], strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"

    lists = book.create_sheet("选项")
    categories = _categories()
    communities = _communities(request.user) or []
    lists.append(["类别", "社区", "社区代码", "渠道"])
    channels = [str(label) for _value, label in Channel.choices]
    for i in range(max(len(categories), len(communities), len(channels))):
        lists.append([categories[i].name if i < len(categories) else None,
                      communities[i].name if i < len(communities) else None,
                      communities[i].code if i < len(communities) else None,
                      channels[i] if i < len(channels) else None])
    validations = [("B", f"\"{','.join(channels)}\"")]
    if categories:
        validations.append(("C", f"'选项'!$A$2:$A${len(categories) + 1}"))
    if communities:
        validations.append(("A", f"'选项'!$B$2:$B${len(communities) + 1}"))
    for column, formula in validations:
        check = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=False)
        check.add(f"{column}2:{column}100000")
        sheet.add_data_validation(check)

    notes = book.create_sheet("填写说明")
    for line in [
        "第 1 行是表头，不要改动；意见从第 2 行开始，每行一条。",
        "社区：写社区名称或社区代码（有重名的社区请写代码）。",
        "渠道：征求意见表、一封信、座谈会、网上征集、热线、其他。",
        "类别：见“选项”表。内容：居民的原话，必填。",
        "姓名、电话可不填；日期写成 2010-05-03，不填为导入当天；表号为纸质意见表上的编号，可不填。",
        "导入时先检查每一行：只要有一行有错，就全部不导入，并列出出错的行号、列名和原因。",
    ]:
        notes.append([line])
    notes.column_dimensions["A"].width = 90
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = "attachment; filename=\"opinions-template.xlsx\"; " \
                                      "filename*=UTF-8''%E6%84%8F%E8%A7%81%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"
    return response


@login_required
def import_job(request, pk: int):
    """A background import's progress; htmx polls the same address for the progress block."""
    job = permissions.get_visible_or_404(
        request.user, ImportJob, pk, queryset=permissions.visible(request.user, ImportJob).select_related("round"))
    saved = cache.get(services.import_job_saved_key(job.pk)) if job.status == ImportJob.Status.SAVING else None
    context = {"job": job, "saved": saved}
    if request.headers.get("HX-Request"):
        return render(request, "solicitation/_import_progress.html", context)
    return render(request, "solicitation/import_job.html", context)


# ------------------------------------------------------------------------------ screening


@login_required
def workbench(request):
    """The round's pending opinions of my scope: select several and merge them into a problem, or
    reject one with a reason. Likely duplicates load beside each opinion."""
    permissions.require(request.user, "create", Problem)
    rounds = _rounds(request.user)
    current = _pick_round(rounds, request.GET.get("round"), prefer=(Round.Status.SCREENING, Round.Status.OPEN))
    communities = _communities(request.user)
    community_id = request.GET.get("community", "")
    category_id = request.GET.get("category", "")
    q = request.GET.get("q", "").strip()
    qs = permissions.visible(request.user, Opinion).none()
    if current is not None:
        qs = (permissions.visible(request.user, Opinion)
              .filter(round=current, status=Opinion.Status.PENDING)
              .select_related("community", "category").order_by("community__code", "category__sort_order", "id"))
        if community_id.isdigit():
            qs = qs.filter(community_id=int(community_id))
        if category_id.isdigit():
            qs = qs.filter(category_id=int(category_id))
        if q:
            qs = qs.filter(content__contains=q)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    base = urlencode({"round": current.pk if current else "", "community": community_id, "category": category_id,
                      "q": q})
    return render(request, "solicitation/workbench.html", {
        "rounds": rounds, "current": current, "communities": communities, "community_id": community_id,
        "categories": _categories(), "category_id": category_id, "q": q, "page": page,
        "querystring_base": base + "&", "merge_form": MergeForm(), "similar_enabled": similar_opinions is not None,
        "next": request.get_full_path(),
    })


@login_required
def opinion_similar(request, pk: int):
    """The likely duplicates of one opinion among the opinions of its round that I can see."""
    opinion = permissions.get_visible_or_404(request.user, Opinion, pk)
    results = []
    if similar_opinions is not None:
        visible = permissions.visible(request.user, Opinion).filter(round_id=opinion.round_id)
        results = [(o, score) for o, score in similar_opinions(opinion, visible, limit=10) if o.pk != opinion.pk]
    return render(request, "solicitation/_similar.html", {
        "opinion": opinion, "results": results, "enabled": similar_opinions is not None,
    })


def _back(request, fallback: str):
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(fallback)


@login_required
@require_POST
def workbench_merge(request):
    permissions.require(request.user, "create", Problem)
    form = MergeForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(request, "solicitation:workbench")
    ids = list(dict.fromkeys(form.cleaned_data["opinions"]))
    opinions = list(permissions.visible(request.user, Opinion).filter(pk__in=ids).select_related("round",
                                                                                                 "community"))
    if len(opinions) != len(ids):
        messages.error(request, "部分意见不存在或不在您的范围内，未归并")
        return _back(request, "solicitation:workbench")
    for opinion in opinions:
        permissions.require(request.user, "merge", opinion)
    if len({(o.round_id, o.community_id) for o in opinions}) > 1:
        messages.error(request, "只能把同一轮次、同一社区的意见归并为一个问题，请重新勾选")
        return _back(request, "solicitation:workbench")
    try:
        problem = services.problem_register(actor=request.user, round=opinions[0].round,
                                            community=opinions[0].community, title=form.cleaned_data["title"],
                                            description=form.cleaned_data["description"], opinions=opinions)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已将 {len(opinions)} 条意见归并为问题 {problem.archive_no}“{problem.title}”")
    return _back(request, "solicitation:workbench")


@login_required
@require_POST
def opinion_reject(request, pk: int):
    opinion = permissions.get_visible_or_404(request.user, Opinion, pk)
    permissions.require(request.user, "reject", opinion)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写不予采纳的理由，居民会看到它")
        return _back(request, "solicitation:workbench")
    try:
        services.opinion_reject(actor=request.user, opinion=opinion, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"意见（回执码 {opinion.receipt_code}）已不予采纳")
    return _back(request, "solicitation:workbench")


# ------------------------------------------------------------------------------ problems


@login_required
def problem_list(request):
    """The problem register (问题台账) of a round, with classification; class-B problems of earlier
    rounds not yet carried over are listed to be carried into this one."""
    if permissions.scope_of(request.user).role not in {"city", "street", "community", "liaison", "leader"}:
        raise PermissionDenied("您的角色不能查看问题台账")
    rounds = _rounds(request.user)
    current = _pick_round(rounds, request.GET.get("round"),
                          prefer=(Round.Status.SCREENING, Round.Status.OPEN, Round.Status.IN_PROGRESS))
    communities = _communities(request.user)
    community_id = request.GET.get("community", "")
    klass = request.GET.get("class", "")
    q = request.GET.get("q", "").strip()
    visible = permissions.visible(request.user, Problem)
    qs = visible.none()
    carry = []
    if current is not None:
        qs = (visible.filter(round=current).select_related("community", "category")
              .annotate(opinion_count=Count("opinions", distinct=True), project_count=Count("projects", distinct=True))
              .order_by("archive_year", "archive_seq"))
        if community_id.isdigit():
            qs = qs.filter(community_id=int(community_id))
        if klass in ("A", "B", "C"):
            qs = qs.filter(klass=klass)
        elif klass == "none":
            qs = qs.filter(klass="")
        if q:
            qs = qs.filter(Q(title__contains=q) | Q(archive_no__contains=q))
        if current.status != Round.Status.CLOSED:
            earlier = Q(round__year__lt=current.year) | Q(round__year=current.year, round_id__lt=current.pk)
            carry_qs = (visible.filter(earlier, klass=Problem.Class.B, carried_to__isnull=True)
                        .select_related("community", "round").order_by("archive_year", "archive_seq"))
            if community_id.isdigit():
                carry_qs = carry_qs.filter(community_id=int(community_id))
            carry = list(carry_qs[:100])
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    can_classify = bool(current) and permissions.can(request.user, "create", Problem)
    base = urlencode({"round": current.pk if current else "", "community": community_id, "class": klass, "q": q})
    return render(request, "solicitation/problem_list.html", {
        "rounds": rounds, "current": current, "communities": communities, "community_id": community_id,
        "klass": klass, "q": q, "page": page, "carry": carry, "can_classify": can_classify,
        "classes": Problem.Class.choices, "querystring_base": base + "&", "next": request.get_full_path(),
        "hide_screening": not permissions.can(request.user, "create", Opinion),
    })


@login_required
@require_POST
def problem_classify(request, pk: int):
    problem = permissions.get_visible_or_404(request.user, Problem, pk)
    permissions.require(request.user, "classify", problem)
    form = ClassifyForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{problem.archive_no}：{error}")
        return _back(request, "solicitation:problem_list")
    try:
        services.problem_classify(actor=request.user, problem=problem, klass=form.cleaned_data["klass"],
                                  note=form.cleaned_data["note"])
    except ValidationError as exc:
        messages.error(request, f"{problem.archive_no}：{_error_text(exc)}")
    except Conflict as exc:
        messages.error(request, f"{problem.archive_no}：{exc.message}")
    else:
        messages.success(request, f"{problem.archive_no} 已分为 {form.cleaned_data['klass']} 类")
    return _back(request, "solicitation:problem_list")


@login_required
@require_POST
def problem_carry_over(request, pk: int):
    problem = permissions.get_visible_or_404(request.user, Problem, pk)
    permissions.require(request.user, "change", problem)
    target = permissions.visible(request.user, Round).filter(pk=request.POST.get("round") or 0).first() \
        if str(request.POST.get("round", "")).isdigit() else None
    if target is None:
        messages.error(request, "请选择要结转到的轮次")
        return _back(request, "solicitation:problem_list")
    try:
        new = services.problem_carry_over(actor=request.user, problem=problem, round=target)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{problem.archive_no} 已结转到“{target.name}”，新档案号 {new.archive_no}")
    return _back(request, "solicitation:problem_list")


# ------------------------------------------------------------------------------ solicitation records


@login_required
def solicitation_list(request):
    """征求意见活动: forms handed out, letters sent, meetings held, online collection — list and record."""
    scope = permissions.scope_of(request.user)
    if scope.role not in {"city", "street", "community", "liaison", "leader"}:
        raise PermissionDenied("您的角色不能查看征求意见活动")
    rounds = _rounds(request.user)
    current = _pick_round(rounds, request.GET.get("round") or request.POST.get("round"),
                          prefer=(Round.Status.OPEN, Round.Status.SCREENING))
    communities = _communities(request.user)
    can_record = permissions.can(request.user, "create", Solicitation)
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied("您的角色不能登记征求意见活动")
        form = SolicitationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            rnd = next((r for r in rounds if r.pk == data["round"]), None)
            community = _community_in_scope(request.user, data["community"])
            if rnd is None:
                form.add_error("round", "请选择轮次")
            if community is None:
                form.add_error("community", "社区不存在或不在您的管辖范围内")
            if form.is_valid():
                try:
                    services.solicitation_record(actor=request.user, round=rnd, community=community,
                                                 kind=data["kind"], date=data["date"], count=data["count"],
                                                 note=data["note"])
                except ValidationError as exc:
                    form.add_error(None, _error_text(exc))
                except Conflict as exc:
                    form.add_error(None, exc.message)
                else:
                    messages.success(request, "已登记")
                    return redirect(f"{reverse('solicitation:solicitation_list')}?round={rnd.pk}")
    else:
        initial = {"round": current.pk if current else None}
        if communities and len(communities) == 1:
            initial["community"] = communities[0].pk
        form = SolicitationForm(initial=initial)
    records = permissions.visible(request.user, Solicitation).none()
    totals = {}
    if current is not None:
        records = (permissions.visible(request.user, Solicitation).filter(round=current)
                   .select_related("community").order_by("-date", "-id"))
        totals = records.aggregate(
            forms=Sum("count", filter=Q(kind=Solicitation.Kind.FORM)),
            letters=Sum("count", filter=Q(kind=Solicitation.Kind.LETTER)),
            meetings=Count("id", filter=Q(kind=Solicitation.Kind.MEETING)),
            attendees=Sum("count", filter=Q(kind=Solicitation.Kind.MEETING)),
        )
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    return render(request, "solicitation/solicitation_list.html", {
        "form": form, "rounds": rounds, "current": current, "communities": communities, "page": page,
        "totals": totals, "can_record": can_record, "kinds": Solicitation.Kind.choices,
        "querystring_base": f"round={current.pk if current else ''}&",
        "hide_screening": not permissions.can(request.user, "create", Opinion),
    })

