"""The problem register (问题台账): classification and carrying class-B problems over."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import render
from django.views.decorators.http import require_POST

from gongjian import permissions
from gongjian.accounts.models import Role
from gongjian.core.errors import Conflict, error_text
from gongjian.core.paging import page_of

from .. import services
from ..forms import ClassifyForm
from ..models import Opinion, Problem, Round
from .common import back, community_choices, id_param, pick_round, rounds_of

# Roles that keep or read the problem register.
REGISTER_ROLES = {Role.CITY, Role.STREET, Role.COMMUNITY, Role.LIAISON, Role.LEADER}


@login_required
def problem_list(request):
    """The problem register (问题台账) of a round, with classification; class-B problems of earlier
    rounds not yet carried over are listed to be carried into this one."""
    if permissions.scope_of(request.user).role not in REGISTER_ROLES:
        raise PermissionDenied("您的角色不能查看问题台账")
    rounds = rounds_of(request.user)
    current = pick_round(rounds, request.GET.get("round"),
                          prefer=(Round.Status.SCREENING, Round.Status.OPEN, Round.Status.IN_PROGRESS))
    communities = community_choices(request.user)
    community_id = id_param(request.GET.get("community"), "community")
    klass = request.GET.get("class", "")
    q = request.GET.get("q", "").strip()
    visible = permissions.visible(request.user, Problem)
    qs = visible.none()
    carry = []
    if current is not None:
        qs = (visible.filter(round=current).select_related("community", "category")
              .annotate(opinion_count=Count("opinions", distinct=True), project_count=Count("projects", distinct=True))
              .order_by("archive_year", "archive_seq"))
        if community_id:
            qs = qs.filter(community_id=community_id)
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
            if community_id:
                carry_qs = carry_qs.filter(community_id=community_id)
            carry = list(carry_qs[:100])
    page = page_of(request, qs)
    can_classify = bool(current) and permissions.can(request.user, "create", Problem)
    return render(request, "solicitation/problem_list.html", {
        "rounds": rounds, "current": current, "communities": communities, "community_id": str(community_id or ""),
        "klass": klass, "q": q, "page": page, "carry": carry, "can_classify": can_classify,
        "classes": Problem.Class.choices, "next": request.get_full_path(),
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
        return back(request, "solicitation:problem_list")
    try:
        services.problem_classify(actor=request.user, problem=problem, klass=form.cleaned_data["klass"],
                                  note=form.cleaned_data["note"])
    except ValidationError as exc:
        messages.error(request, f"{problem.archive_no}：{error_text(exc)}")
    except Conflict as exc:
        messages.error(request, f"{problem.archive_no}：{exc.message}")
    else:
        messages.success(request, f"{problem.archive_no} 已分为 {form.cleaned_data['klass']} 类")
    return back(request, "solicitation:problem_list")


@login_required
@require_POST
def problem_carry_over(request, pk: int):
    problem = permissions.get_visible_or_404(request.user, Problem, pk)
    permissions.require(request.user, "change", problem)
    wanted = id_param(request.POST.get("round"), "round")
    target = permissions.visible(request.user, Round).filter(pk=wanted).first() if wanted else None
    if target is None:
        messages.error(request, "请选择要结转到的轮次")
        return back(request, "solicitation:problem_list")
    try:
        new = services.problem_carry_over(actor=request.user, problem=problem, round=target)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{problem.archive_no} 已结转到“{target.name}”，新档案号 {new.archive_no}")
    return back(request, "solicitation:problem_list")
