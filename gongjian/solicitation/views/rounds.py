"""轮次与批次: the city admin opens rounds, moves them along Round.TRANSITIONS, names their batches and
tells residents when the next round opens. Street and community staff read the list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from gongjian import permissions
from gongjian.citysetup import selectors as city_selectors
from gongjian.citysetup import services as city_services
from gongjian.citysetup.models import CityProfile
from gongjian.core.errors import Conflict, error_text
from gongjian.core.paging import page_of
from gongjian.projects.models import Batch, Project

from .. import services
from ..forms import NextRoundForm, RoundEditForm, RoundForm
from ..models import Opinion, Problem, Round
from ..permissions import READERS

S = Round.Status

# What each step means, said to the city admin on its confirmation page: (button label, what it means).
ROUND_STEPS: dict[tuple[str, str], tuple[str, str]] = {
    (S.OPEN, S.SCREENING): (
        "开始筛选",
        "居民将不能再在公众页面提交意见（公众页面会显示“目前没有正在征集意见的轮次”）；社区开始把本轮意见合并为问题、"
        "登记建档并分类。工作人员仍可补录纸质意见。"),
    (S.SCREENING, S.OPEN): (
        "重新开放征集",
        "居民又可以在公众页面提交意见，新意见进入本轮；已登记的问题和分类不受影响。"),
    (S.SCREENING, S.IN_PROGRESS): (
        "进入实施",
        "筛选告一段落，立项的项目开始办理，辖区单位按期报告进度；居民仍不能在公众页面提交意见。"),
    (S.IN_PROGRESS, S.CLOSED): (
        "结束本轮",
        "本轮结束后不能再录入或导入意见、登记征求意见活动、把问题结转到本轮，也不能再从本轮问题立项；"
        "已立项的项目照常办理、销号和评议。结束后不能再重新打开。"),
}


def _require_reader(user) -> None:
    if permissions.scope_of(user).role not in READERS:
        raise PermissionDenied("您的角色不能查看轮次")


def _counts(user, round_ids: list[int]) -> dict[str, dict[int, int]]:
    """Opinions, problems and projects per round that the user may see: three grouped queries."""
    out = {}
    for key, model in (("opinions", Opinion), ("problems", Problem), ("projects", Project)):
        rows = (permissions.visible(user, model).filter(round_id__in=round_ids).order_by()
                .values("round_id").annotate(n=Count("id")).values_list("round_id", "n"))
        out[key] = dict(rows)
    return out


def _next_round_initial() -> dict:
    profile = city_selectors.city_profile()
    return {"next_round_opens_on": profile.next_round_opens_on, "next_round_note": profile.next_round_note}


@login_required
def round_list(request):
    """Every round with its figures; the city admin creates one and sets the next-round notice here."""
    user = request.user
    _require_reader(user)
    can_create = permissions.can(user, "create", Round)
    can_notice = permissions.can(user, "change", CityProfile)
    form, notice_form = RoundForm(), NextRoundForm(initial=_next_round_initial())
    if request.method == "POST":
        if request.POST.get("form") == "notice":
            if not can_notice:
                raise PermissionDenied("只有市级管理员可以修改下一轮征集预告")
            notice_form = NextRoundForm(request.POST)
            if notice_form.is_valid():
                data = notice_form.cleaned_data
                try:
                    city_services.next_round_notice_save(actor=user, opens_on=data["next_round_opens_on"],
                                                         note=data["next_round_note"])
                except ValidationError as exc:
                    notice_form.add_error(None, error_text(exc))
                else:
                    messages.success(request, "下一轮征集预告已保存")
                    return redirect("solicitation:round_list")
        else:
            if not can_create:
                raise PermissionDenied("只有市级管理员可以新建轮次")
            form = RoundForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    rnd = services.round_create(actor=user, name=data["name"], year=data["year"],
                                                opened_on=data["opened_on"])
                except ValidationError as exc:
                    _add_errors(form, exc)
                else:
                    messages.success(request, f"已新建轮次“{rnd.name}”，居民现在可以在公众页面提交意见")
                    return redirect("solicitation:round_detail", pk=rnd.pk)
    q = request.GET.get("q", "").strip()
    rows = permissions.visible(user, Round).order_by("-year", "-id")
    if q:
        rows = rows.filter(name__contains=q)
    page = page_of(request, rows)
    counts = _counts(user, [r.pk for r in page])
    for rnd in page:
        rnd.n_opinions = counts["opinions"].get(rnd.pk, 0)
        rnd.n_problems = counts["problems"].get(rnd.pk, 0)
        rnd.n_projects = counts["projects"].get(rnd.pk, 0)
    return render(request, "solicitation/round_list.html", {
        "page": page, "q": q, "form": form, "notice_form": notice_form, "can_create": can_create,
        "can_notice": can_notice, "next_round": city_selectors.next_round_notice(),
        "hide_screening": not permissions.can(user, "create", Opinion),
    })


def _add_errors(form, exc: ValidationError) -> None:
    for field, errs in exc.message_dict.items():
        for err in errs:
            form.add_error(field if field in form.fields else None, err)


@login_required
def round_detail(request, pk: int):
    """One round: its figures, its batches, the next steps of its status, and (city) its name and date."""
    user = request.user
    _require_reader(user)
    rnd = permissions.get_visible_or_404(user, Round, pk)
    can_change = permissions.can(user, "change", rnd)
    form = RoundEditForm(initial={"name": rnd.name, "opened_on": rnd.opened_on})
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied("只有市级管理员可以修改轮次")
        form = RoundEditForm(request.POST)
        if form.is_valid():
            try:
                services.round_update(actor=user, round=rnd, name=form.cleaned_data["name"],
                                      opened_on=form.cleaned_data["opened_on"])
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, "轮次已保存")
                return redirect("solicitation:round_detail", pk=rnd.pk)
    counts = _counts(user, [rnd.pk])
    per_batch = dict(permissions.visible(user, Project).filter(round=rnd).order_by().values("batch_id")
                     .annotate(n=Count("id")).values_list("batch_id", "n"))
    batches = list(permissions.visible(user, Batch).filter(round=rnd).order_by("number"))
    for batch in batches:
        batch.n_projects = per_batch.get(batch.pk, 0)
    steps = [{"status": target, "label": ROUND_STEPS[(rnd.status, target)][0]}
             for target in sorted(Round.TRANSITIONS[Round.Status(rnd.status)], key=list(S).index)]
    return render(request, "solicitation/round_detail.html", {
        "round": rnd, "form": form, "can_change": can_change, "steps": steps if can_change else [],
        "batches": batches, "can_add_batch": permissions.can(user, "create", Batch)
        and rnd.status != Round.Status.CLOSED,
        "n_opinions": counts["opinions"].get(rnd.pk, 0), "n_problems": counts["problems"].get(rnd.pk, 0),
        "n_projects": counts["projects"].get(rnd.pk, 0), "hide_screening": not permissions.can(user, "create", Opinion),
    })


@login_required
def round_status(request, pk: int, status: str):
    """Confirm one step of the round's status (GET), then take it (POST) through round_set_status."""
    user = request.user
    rnd = permissions.get_visible_or_404(user, Round, pk)
    permissions.require(user, "change", rnd)
    if status not in Round.Status.values:
        raise Http404("没有这个轮次状态")
    step = ROUND_STEPS.get((rnd.status, status))
    if request.method == "POST":
        try:
            rnd = services.round_set_status(actor=user, round=rnd, status=status)
        except (Conflict, ValidationError) as exc:
            messages.error(request, getattr(exc, "message", None) or error_text(exc))
        else:
            messages.success(request, f"“{rnd.name}”已{step[0]}，现为“{rnd.get_status_display()}”")
        return redirect("solicitation:round_detail", pk=rnd.pk)
    if step is None:
        messages.error(request, f"轮次当前为“{rnd.get_status_display()}”，不能改为“{Round.Status(status).label}”")
        return redirect("solicitation:round_detail", pk=rnd.pk)
    return render(request, "solicitation/round_status.html", {
        "round": rnd, "label": step[0], "explain": step[1], "target": Round.Status(status),
        "cancel": reverse("solicitation:round_detail", args=[rnd.pk]),
    })
