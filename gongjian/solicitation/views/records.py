"""Solicitation records (征求意见活动): forms handed out, letters sent, meetings held, online collection."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, Sum
from django.shortcuts import redirect, render
from django.urls import reverse

from gongjian import permissions
from gongjian.core.errors import Conflict, error_text
from gongjian.core.paging import page_of

from .. import services
from ..forms import SolicitationForm
from ..models import Opinion, Round, Solicitation
from .common import community_choices, community_in_scope, pick_round, rounds_of
from .problems import REGISTER_ROLES


@login_required
def solicitation_list(request):
    """征求意见活动: forms handed out, letters sent, meetings held, online collection — list and record."""
    scope = permissions.scope_of(request.user)
    if scope.role not in REGISTER_ROLES:
        raise PermissionDenied("您的角色不能查看征求意见活动")
    rounds = rounds_of(request.user)
    current = pick_round(rounds, request.GET.get("round") or request.POST.get("round"),
                          prefer=(Round.Status.OPEN, Round.Status.SCREENING))
    communities = community_choices(request.user)
    can_record = permissions.can(request.user, "create", Solicitation)
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied("您的角色不能登记征求意见活动")
        form = SolicitationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            rnd = next((r for r in rounds if r.pk == data["round"]), None)
            community = community_in_scope(request.user, data["community"])
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
                    form.add_error(None, error_text(exc))
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
    page = page_of(request, records, per_page=50)
    return render(request, "solicitation/solicitation_list.html", {
        "form": form, "rounds": rounds, "current": current, "communities": communities, "page": page,
        "totals": totals, "can_record": can_record, "kinds": Solicitation.Kind.choices,
        "hide_screening": not permissions.can(request.user, "create", Opinion),
    })
