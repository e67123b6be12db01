"""Staff pages of evaluation and assessment: campaigns (city), rating forms (communities and units, with a
confirmation step before the final submission), progress (streets), results, weights, scores with their
formula, rankings, and the Excel / PDF exports.

Each view: look the object up among the visible ones (404) → permission (403) → parse the form → one
service call → render.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongjian import permissions
from gongjian.accounts.models import Role
from gongjian.core.errors import Conflict, error_text
from gongjian.core.paging import page_of
from gongjian.registry.models import Community, Street, Unit
from gongjian.solicitation.models import Round

from . import exports, scoring, selectors, services
from .forms import CampaignCreateForm, CriterionForm, RatingForm, WeightsForm
from .models import MIN_AVERAGED_RATERS, AssessmentWeights, Campaign, Criterion, Direction, ExportJob
from .permissions import assessed_communities, assessed_units

ACTION_LABELS = {"open": "开始评议", "close": "结束评议"}
SCORES_PER_PAGE = 50  # rows per page of the rankings, results and progress lists


# ------------------------------------------------------------------------------ helpers

def _campaign_or_404(request, pk) -> Campaign:
    qs = permissions.visible(request.user, Campaign).select_related("round")
    return permissions.get_visible_or_404(request.user, Campaign, pk, queryset=qs)


def _year_of(raw) -> int | None:
    """A year typed into a query or a form, when it is one the assessment can have (2000–2100)."""
    raw = (raw or "").strip()
    if raw.isdigit() and len(raw) == 4 and 2000 <= int(raw) <= 2100:
        return int(raw)
    return None


def _year(request) -> int:
    year = _year_of(request.GET.get("year"))
    if year is not None:
        return year
    years = scoring.assessment_years()
    return years[0] if years else timezone.localdate().year


def _years(year: int) -> list[int]:
    years = scoring.assessment_years()
    return years if year in years else sorted([*years, year], reverse=True)


# ------------------------------------------------------------------------------ campaigns

@login_required
def home(request):
    """Campaigns, newest first; what this user has to do in each."""
    scope = permissions.scope_of(request.user)
    if not scope.role:
        raise PermissionDenied("您没有评议的权限")
    campaigns = list(permissions.visible(request.user, Campaign).select_related("round").order_by("-id")[:30])
    todo = {}
    if scope.role in (Role.COMMUNITY, Role.UNIT):
        for c in campaigns:
            if c.status == Campaign.Status.OPEN:
                targets = selectors.rating_targets(c, scope)
                todo[c.pk] = {"total": len(targets), "done": sum(t.done for t in targets)}
    for c in campaigns:
        c.todo = todo.get(c.pk)
    form = None
    if permissions.can(request.user, "create", Campaign):
        form = CampaignCreateForm(rounds=Round.objects.order_by("-year", "-id"))
    return render(request, "evaluation/home.html", {
        "campaigns": campaigns, "form": form, "scope": scope,
        "can_progress": scope.role in (Role.CITY, Role.STREET, Role.LIAISON, Role.LEADER),
    })


@login_required
@require_POST
def campaign_create(request):
    permissions.require(request.user, "create", Campaign)
    form = CampaignCreateForm(request.POST, rounds=Round.objects.all())
    if form.is_valid():
        try:
            campaign = services.campaign_create(actor=request.user, round=form.cleaned_data["round"],
                                                name=form.cleaned_data["name"], note=form.cleaned_data["note"])
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, f"已创建“{campaign.name}”，已带上默认指标，请检查后开始评议")
            return redirect("evaluation:campaign_detail", campaign.pk)
    else:
        messages.error(request, "；".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("evaluation:home")


@login_required
def campaign_detail(request, pk):
    campaign = _campaign_or_404(request, pk)
    scope = permissions.scope_of(request.user)
    criteria = list(campaign.criteria.all())
    groups = [(label, [c for c in criteria if c.direction == value]) for value, label in Direction.choices]
    can_change = permissions.can(request.user, "change", campaign)
    return render(request, "evaluation/campaign_detail.html", {
        "campaign": campaign, "groups": groups,
        "can_edit_criteria": can_change and campaign.status == Campaign.Status.DRAFT,
        "can_open": permissions.can(request.user, "open", campaign) and campaign.status == Campaign.Status.DRAFT,
        "can_close": permissions.can(request.user, "close", campaign) and campaign.status == Campaign.Status.OPEN,
        "can_rate": permissions.can(request.user, "rate", campaign) and campaign.status == Campaign.Status.OPEN,
        "can_progress": permissions.can(request.user, "progress", campaign),
        "criterion_form": CriterionForm() if can_change else None,
        "scope": scope,
    })


@login_required
def campaign_act(request, pk, action):
    """开始 / 结束评议, with a confirmation page."""
    if action not in Campaign.TRANSITIONS:
        raise Http404("没有这个操作")
    campaign = _campaign_or_404(request, pk)
    permissions.require(request.user, action, campaign)
    if request.method == "POST":
        try:
            if action == "open":
                services.campaign_open(actor=request.user, campaign=campaign)
            else:
                services.campaign_close(actor=request.user, campaign=campaign)
        except (Conflict, ValidationError) as exc:
            messages.error(request, exc.message if isinstance(exc, Conflict) else error_text(exc))
        else:
            messages.success(request, f"已{ACTION_LABELS[action]}")
        return redirect("evaluation:campaign_detail", campaign.pk)
    totals = None
    if action == "close":
        totals = selectors.progress_totals(selectors.campaign_progress(campaign))
    return render(request, "evaluation/campaign_act.html", {
        "campaign": campaign, "action": action, "label": ACTION_LABELS[action], "totals": totals,
    })


@login_required
@require_POST
def criterion_add(request, pk):
    campaign = _campaign_or_404(request, pk)
    permissions.require(request.user, "create", Criterion)
    form = CriterionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(str(e) for errs in form.errors.values() for e in errs))
    else:
        d = form.cleaned_data
        try:
            services.criterion_add(actor=request.user, campaign=campaign, direction=d["direction"], name=d["name"],
                                   weight=d["weight"], scale=d["scale"], description=d["description"])
        except Conflict as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, f"已添加指标“{d['name']}”")
    return redirect("evaluation:campaign_detail", campaign.pk)


@login_required
@require_POST
def criterion_delete(request, pk, criterion_id):
    campaign = _campaign_or_404(request, pk)
    criterion = permissions.get_visible_or_404(request.user, Criterion, criterion_id,
                                               queryset=campaign.criteria.all())
    permissions.require(request.user, "delete", criterion)
    try:
        services.criterion_delete(actor=request.user, criterion=criterion)
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已删除指标“{criterion.name}”")
    return redirect("evaluation:campaign_detail", campaign.pk)


# ------------------------------------------------------------------------------ rating

@login_required
def rate_list(request, pk):
    """What this community / unit has to rate in the campaign, with 已评 / 未评."""
    campaign = _campaign_or_404(request, pk)
    permissions.require(request.user, "rate", campaign)
    scope = permissions.scope_of(request.user)
    targets = selectors.rating_targets(campaign, scope)
    return render(request, "evaluation/rate_list.html", {
        "campaign": campaign, "targets": targets, "done": sum(t.done for t in targets),
        "direction_label": Direction(Direction.COMMUNITY_TO_UNIT if scope.role == Role.COMMUNITY
                                     else Direction.UNIT_TO_COMMUNITY).label,
    })


def _rater_and_ratee(request, scope, target_id):
    if scope.role == Role.COMMUNITY:
        community = Community.objects.get(pk=next(iter(scope.community_ids)))
        unit = permissions.get_visible_or_404(request.user, Unit, target_id,
                                              queryset=Unit.objects.filter(community=community))
        return community, unit, Direction.COMMUNITY_TO_UNIT
    unit = Unit.objects.select_related("community").get(pk=scope.unit_id)
    if target_id != unit.community_id:
        raise Http404("社区不存在")
    return unit, unit.community, Direction.UNIT_TO_COMMUNITY


@login_required
def rate(request, pk, target_id):
    """The rating form: big buttons, one criterion after another; 下一步 shows what will be submitted and
    asks for confirmation; only then are the ratings final."""
    campaign = _campaign_or_404(request, pk)
    permissions.require(request.user, "rate", campaign)
    scope = permissions.scope_of(request.user)
    rater, ratee, direction = _rater_and_ratee(request, scope, target_id)
    criteria = selectors.criteria_of(campaign, direction)
    already = any(t.done and t.id == ratee.pk for t in selectors.rating_targets(campaign, scope))
    context = {"campaign": campaign, "ratee": ratee, "rater": rater, "already": already,
               "closed": campaign.status != Campaign.Status.OPEN}
    if already or context["closed"]:
        return render(request, "evaluation/rate.html", {**context, "form": None}, status=409 if request.method == "POST" else 200)
    form = RatingForm(request.POST or None, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        if request.POST.get("confirm") == "1":
            try:
                services.rating_submit_evaluation(actor=request.user, campaign=campaign, rater=rater, ratee=ratee,
                                                  scores=form.scores(), comments=form.comments())
            except Conflict as exc:
                messages.error(request, exc.message)
                return redirect("evaluation:rate_list", campaign.pk)
            except ValidationError as exc:
                messages.error(request, error_text(exc))
            else:
                messages.success(request, f"已提交对“{ratee.name}”的评议，谢谢！")
                return redirect("evaluation:rate_list", campaign.pk)
        elif request.POST.get("edit") != "1":
            rows = [(c, form.cleaned_data[f"c_{c.pk}"], form.cleaned_data[f"m_{c.pk}"]) for c in criteria]
            return render(request, "evaluation/rate_confirm.html", {**context, "form": form, "rows": rows})
    return render(request, "evaluation/rate.html", {**context, "form": form})


# ------------------------------------------------------------------------------ progress and results

@login_required
def progress(request, pk):
    campaign = _campaign_or_404(request, pk)
    permissions.require(request.user, "progress", campaign)
    scope = permissions.scope_of(request.user)
    rows = selectors.campaign_progress(campaign, None if scope.everything else scope.community_ids)
    only_pending = request.GET.get("pending") == "1"
    q = request.GET.get("q", "").strip()[:100]
    shown = [r for r in rows if (not only_pending or not r.complete) and q in r.community.name]
    page = page_of(request, shown, SCORES_PER_PAGE)
    return render(request, "evaluation/progress.html", {
        "campaign": campaign, "page": page, "rows": page.object_list, "totals": selectors.progress_totals(rows),
        "only_pending": only_pending, "q": q,
        "can_remind": permissions.can(request.user, "remind", campaign) and campaign.status == Campaign.Status.OPEN,
    })


@login_required
@require_POST
def remind(request, pk):
    campaign = _campaign_or_404(request, pk)
    permissions.require(request.user, "remind", campaign)
    scope = permissions.scope_of(request.user)
    try:
        pending, sent = services.campaign_remind(actor=request.user, campaign=campaign,
                                                 community_ids=None if scope.everything else scope.community_ids)
    except Conflict as exc:
        messages.error(request, exc.message)
        return redirect("evaluation:progress", campaign.pk)
    if sent:
        messages.success(request, f"已提醒 {len(pending)} 个尚未评完的社区和单位")
    else:
        messages.success(request, "全部已评完，无需催办")
    return redirect(reverse("evaluation:progress", args=[campaign.pk]) + "?pending=1")


@login_required
def results(request, pk):
    """Aggregates only, never who gave what: a unit's result is its community's rating and says so; a
    community's average of its units is shown from MIN_AVERAGED_RATERS raters up."""
    campaign = _campaign_or_404(request, pk)
    q = request.GET.get("q", "").strip()[:100]
    units = assessed_units(request.user).select_related("community").order_by("community__code", "name")
    communities = assessed_communities(request.user).order_by("code")
    if q:
        units = units.filter(Q(name__contains=q) | Q(community__name__contains=q))
        communities = communities.filter(name__contains=q)
    # Each list has its own pages; only the rows shown are summed up.
    unit_page = page_of(request, units, SCORES_PER_PAGE)
    community_page = page_of(request, communities, SCORES_PER_PAGE, param="cpage")
    units, communities = list(unit_page), list(community_page)
    unit_sums = selectors.summaries(campaign, Direction.COMMUNITY_TO_UNIT, [u.pk for u in units])
    community_sums = selectors.summaries(campaign, Direction.UNIT_TO_COMMUNITY, [c.pk for c in communities])
    return render(request, "evaluation/results.html", {
        "campaign": campaign, "q": q, "unit_page": unit_page, "community_page": community_page,
        "unit_rows": [(u, unit_sums[u.pk], unit_sums[u.pk].rated_by(u.community.name)) for u in units],
        "community_rows": [(c, community_sums[c.pk], community_sums[c.pk].rated_by(c.name)) for c in communities],
        "min_raters": MIN_AVERAGED_RATERS,
        "unit_criteria": selectors.criteria_of(campaign, Direction.COMMUNITY_TO_UNIT),
        "community_criteria": selectors.criteria_of(campaign, Direction.UNIT_TO_COMMUNITY),
    })


# ------------------------------------------------------------------------------ assessment

@login_required
def weights(request):
    if not permissions.can(request.user, "view", AssessmentWeights):
        raise PermissionDenied("您没有查看考核权重的权限")
    year = (_year_of(request.POST.get("year")) or 0) if request.method == "POST" else _year(request)
    can_change = permissions.can(request.user, "change", AssessmentWeights)
    current = scoring.weights_for(year)
    if request.method == "POST":
        permissions.require(request.user, "change", AssessmentWeights)
        form = WeightsForm(request.POST)
        if form.is_valid():
            values = {k: form.cleaned_data[k] for k in AssessmentWeights.FIELDS}
            try:
                services.weights_set(actor=request.user, year=form.cleaned_data["year"], **values)
            except ValidationError as exc:
                messages.error(request, error_text(exc))
            else:
                messages.success(request, f"已保存 {year} 年度考核权重，得分已按新权重重算")
                return redirect(reverse("evaluation:weights") + f"?year={year}")
    else:
        form = WeightsForm(initial={"year": year, **current.values})
    return render(request, "evaluation/weights.html", {
        "form": form, "year": year, "years": _years(year), "current": current, "can_change": can_change,
        "unit_formula": scoring.FORMULA, "community_formula": scoring.COMMUNITY_FORMULA,
    })


def _street_filter(request, scope):
    streets = list(Street.objects.order_by("code")) if scope.everything else []
    raw = request.GET.get("street", "")
    street_id = int(raw) if raw.isdigit() and int(raw) <= permissions.MAX_ID else None
    if not scope.everything:
        street_id = None
    return streets, street_id


def _searched(request, scores: list) -> tuple[list, str]:
    """The ranked scores whose name holds the search text (ranks untouched), and that text."""
    q = request.GET.get("q", "").strip()[:100]
    return ([s for s in scores if q in s.name] if q else scores), q


@login_required
def unit_scores(request):
    """Unit ranking by street and city, with the formula and every term."""
    scope = permissions.scope_of(request.user)
    if not scope.role:
        raise PermissionDenied("您没有查看考核的权限")
    if scope.role == Role.UNIT:
        return redirect("evaluation:my_score")
    year = _year(request)
    streets, street_id = _street_filter(request, scope)
    qs = assessed_units(request.user)
    if street_id:
        qs = qs.filter(community__street_id=street_id)
    # Ranks are positions in the whole city's ordering, so the search and the pages cut the ranked list.
    scores, q = _searched(request, scoring.unit_scores(year, qs))
    page = page_of(request, scores, SCORES_PER_PAGE)
    return render(request, "evaluation/unit_scores.html", {
        "page": page, "scores": page.object_list, "q": q, "search_label": "单位名称", "year": year, "years": _years(year), "streets": streets, "street_id": street_id,
        "formula": scoring.FORMULA, "weights": scoring.weights_for(year),
        "export_query": f"year={year}" + (f"&street={street_id}" if street_id else ""),
    })


@login_required
def unit_score(request, unit_id):
    unit = permissions.get_visible_or_404(request.user, Unit, unit_id, queryset=assessed_units(request.user))
    year = _year(request)
    score = scoring.unit_score(year, unit)
    return render(request, "evaluation/score_detail.html", {
        "score": score, "year": year, "years": _years(year), "formula": scoring.FORMULA,
        "weights": scoring.weights_for(year), "kind": "unit",
    })


@login_required
def my_score(request):
    scope = permissions.scope_of(request.user)
    if scope.role != Role.UNIT or not scope.unit_id:
        return redirect("evaluation:unit_scores")
    url = reverse("evaluation:unit_score", args=[scope.unit_id])
    year = _year_of(request.GET.get("year"))
    return redirect(url + (f"?year={year}" if year else ""))


@login_required
def community_scores(request):
    scope = permissions.scope_of(request.user)
    if scope.role not in (Role.CITY, Role.STREET, Role.COMMUNITY, Role.LIAISON, Role.LEADER):
        raise PermissionDenied("您没有查看社区考核的权限")
    year = _year(request)
    streets, street_id = _street_filter(request, scope)
    qs = assessed_communities(request.user)
    if street_id:
        qs = qs.filter(street_id=street_id)
    scores, q = _searched(request, scoring.community_scores(year, qs))
    scores = sorted(scores, key=lambda s: (s.street_id, s.rank_street is None, s.rank_street or 0, s.name))
    page = page_of(request, scores, SCORES_PER_PAGE)
    by_street: dict = {}
    for s in page.object_list:
        by_street.setdefault(s.street_name, []).append(s)
    return render(request, "evaluation/community_scores.html", {
        "page": page, "q": q, "search_label": "社区名称", "by_street": by_street, "year": year, "years": _years(year), "streets": streets, "street_id": street_id,
        "formula": scoring.COMMUNITY_FORMULA, "weights": scoring.weights_for(year),
        "export_query": f"year={year}" + (f"&street={street_id}" if street_id else ""),
    })


@login_required
def community_score(request, community_id):
    community = permissions.get_visible_or_404(request.user, Community, community_id,
                                               queryset=assessed_communities(request.user))
    year = _year(request)
    return render(request, "evaluation/score_detail.html", {
        "score": scoring.community_score(year, community), "year": year, "years": _years(year),
        "formula": scoring.COMMUNITY_FORMULA, "weights": scoring.weights_for(year), "kind": "community",
    })


# ------------------------------------------------------------------------------ exports

@login_required
def export(request):
    """考核表 to Excel or PDF: straight away for a small table, else by the task worker (job page)."""
    permissions.require(request.user, "create", ExportJob)
    kind = request.GET.get("kind", "units")
    fmt = request.GET.get("format", "xlsx")
    if kind not in ExportJob.Kind.values or fmt not in ExportJob.Format.values:
        raise Http404("没有这种导出")
    if kind == "communities" and permissions.scope_of(request.user).role == Role.UNIT:
        raise PermissionDenied("单位不能导出社区考核表")
    year = _year(request)
    scope = permissions.scope_of(request.user)
    _streets, street_id = _street_filter(request, scope)
    qs = assessed_units(request.user) if kind == "units" else assessed_communities(request.user)
    if street_id:
        qs = qs.filter(**({"community__street_id": street_id} if kind == "units" else {"street_id": street_id}))
    if qs.count() > exports.sync_limit():
        street = Street.objects.filter(pk=street_id).first() if street_id else None
        job = services.export_request(actor=request.user, year=year, kind=kind, fmt=fmt, street=street)
        messages.info(request, "表格较大，正在后台生成，完成后可在本页下载")
        return redirect("evaluation:export_job", job.pk)
    content, _rows = exports.render(year=year, kind=kind, fmt=fmt, user=request.user, street_id=street_id)
    return exports.file_response(content, fmt, f"{year}年{ExportJob.Kind(kind).label}.{fmt}")


@login_required
def export_job(request, pk):
    job = permissions.get_visible_or_404(request.user, ExportJob, pk)
    return render(request, "evaluation/export_job.html", {"job": job})


@login_required
def export_file(request, pk):
    job = permissions.get_visible_or_404(request.user, ExportJob, pk)
    if job.status != ExportJob.Status.DONE:
        return redirect("evaluation:export_job", job.pk)
    with job.file.open("rb") as handle:
        content = handle.read()
    return exports.file_response(content, job.fmt, job.filename)
