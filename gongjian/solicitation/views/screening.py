"""The screening workbench: a round's pending opinions, merged into problems or rejected."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_POST

from gongjian import permissions
from gongjian.core.errors import Conflict, error_text
from gongjian.core.paging import page_of

from .. import services
from ..forms import MergeForm, RejectForm
from ..models import Opinion, Problem, Round
from .common import active_categories, back, community_choices, id_param, pick_round, rounds_of

try:  # near-duplicate suggestions are an optional module (gongjian.dedupe)
    from gongjian.dedupe.similarity import similar_opinions
except ImportError:  # pragma: no cover - depends on which apps are installed
    similar_opinions = None


@login_required
def workbench(request):
    """The round's pending opinions of my scope: select several and merge them into a problem, or
    reject one with a reason. Likely duplicates load beside each opinion."""
    permissions.require(request.user, "create", Problem)
    rounds = rounds_of(request.user)
    current = pick_round(rounds, request.GET.get("round"), prefer=(Round.Status.SCREENING, Round.Status.OPEN))
    communities = community_choices(request.user)
    community_id = id_param(request.GET.get("community"), "community")
    category_id = id_param(request.GET.get("category"), "category")
    q = request.GET.get("q", "").strip()
    qs = permissions.visible(request.user, Opinion).none()
    if current is not None:
        qs = (permissions.visible(request.user, Opinion)
              .filter(round=current, status=Opinion.Status.PENDING)
              .select_related("community", "category").order_by("community__code", "category__sort_order", "id"))
        if community_id:
            qs = qs.filter(community_id=community_id)
        if category_id:
            qs = qs.filter(category_id=category_id)
        if q:
            qs = qs.filter(content__contains=q)
    page = page_of(request, qs)
    return render(request, "solicitation/workbench.html", {
        "rounds": rounds, "current": current, "communities": communities, "community_id": str(community_id or ""),
        "categories": active_categories(), "category_id": str(category_id or ""), "q": q, "page": page,
        "merge_form": MergeForm(), "similar_enabled": similar_opinions is not None,
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


@login_required
@require_POST
def workbench_merge(request):
    permissions.require(request.user, "create", Problem)
    form = MergeForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return back(request, "solicitation:workbench")
    ids = list(dict.fromkeys(form.cleaned_data["opinions"]))
    opinions = list(permissions.visible(request.user, Opinion).filter(pk__in=ids).select_related("round",
                                                                                                 "community"))
    if len(opinions) != len(ids):
        messages.error(request, "部分意见不存在或不在您的范围内，未归并")
        return back(request, "solicitation:workbench")
    for opinion in opinions:
        permissions.require(request.user, "merge", opinion)
    if len({(o.round_id, o.community_id) for o in opinions}) > 1:
        messages.error(request, "只能把同一轮次、同一社区的意见归并为一个问题，请重新勾选")
        return back(request, "solicitation:workbench")
    try:
        problem = services.problem_register(actor=request.user, round=opinions[0].round,
                                            community=opinions[0].community, title=form.cleaned_data["title"],
                                            description=form.cleaned_data["description"], opinions=opinions)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已将 {len(opinions)} 条意见归并为问题 {problem.archive_no}“{problem.title}”")
    return back(request, "solicitation:workbench")


@login_required
@require_POST
def opinion_reject(request, pk: int):
    opinion = permissions.get_visible_or_404(request.user, Opinion, pk)
    permissions.require(request.user, "reject", opinion)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写不予采纳的理由，居民会看到它")
        return back(request, "solicitation:workbench")
    try:
        services.opinion_reject(actor=request.user, opinion=opinion, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"意见（回执码 {opinion.receipt_code}）已不予采纳")
    return back(request, "solicitation:workbench")
