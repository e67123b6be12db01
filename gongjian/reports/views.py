"""Dashboards 数据看板 for each level, the leader's one-screen view, and the public figures page."""

from datetime import timedelta
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control

from gongjian import permissions
from gongjian.accounts.models import Role
from gongjian.core.paging import page_of
from gongjian.registry.models import Community, Street
from gongjian.solicitation.models import Round

from . import selectors
from .selectors import Area

FIGURE_LABELS = [
    ("forms_distributed", "发放征求意见表"), ("letters_sent", "致居民的一封信"), ("meetings_held", "居民代表座谈会"),
    ("opinions", "意见建议"), ("problems", "梳理问题"), ("projects", "办实事项目"),
    ("projects_closed", "已销号"), ("projects_overdue", "逾期"),
]


def _link(url_name: str, **params) -> str | None:
    """The list a figure counts, when that page is installed."""
    try:
        url = reverse(url_name)
    except NoReverseMatch:
        return None
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{url}?{query}" if query else url


def _pick_round(request, rounds):
    selected = request.GET.get("round", "")
    for rnd in rounds:
        if str(rnd.pk) == selected:
            return rnd
    return rounds[0] if rounds else None


def _int_param(request, name):
    value = request.GET.get(name, "")
    # Hundreds of digits must not reach the database (OverflowError on SQLite, an error on PostgreSQL).
    return int(value) if value.isdigit() and len(value) <= 9 else None


def dashboard_context(user, round_obj, street_id=None, community_id=None) -> dict:
    scope = permissions.scope_of(user)
    area = Area(community_q=scope.community_q("community_id"), round_id=round_obj.pk, street_id=street_id,
                community_id=community_id)
    previous = selectors.previous_round(round_obj)
    trend = selectors.figures_with_trend(area, previous.pk if previous else None)
    current, before = trend["current"], trend["previous"]
    common = {"round": round_obj.pk, "street": street_id, "community": community_id}
    links = {
        "opinions": _link("solicitation:opinion_list", **common) or _link("solicitation:workbench", **common),
        "problems": _link("solicitation:problem_list", **common),
        "projects": _link("projects:board", **common),
        "projects_closed": _link("projects:board", status="closed", **common),
        "projects_overdue": _link("projects:board", overdue="1", **common),
    }
    figures = []
    for key, label in FIGURE_LABELS:
        value = current[key]
        old = before[key] if before else None
        figures.append({"key": key, "label": label, "value": value, "previous": old,
                        "delta": (value - old) if old is not None else None, "link": links.get(key)})
    charts = {
        "by_category": selectors.opinions_by(area, "category"),
        "by_channel": selectors.opinions_by(area, "channel"),
        "by_status": selectors.projects_by_status_per_street(area),
        "closed_per_month": selectors.closed_per_month(area),
        "overdue_by_unit": selectors.overdue_by_unit(area),
        "satisfaction": selectors.satisfaction_breakdown(area),
    }
    return {
        "round": round_obj, "previous_round": previous, "figures": figures, "current": current, "before": before,
        "charts": charts,
        "chart_boxes": _chart_boxes(charts),
        "community_rows": selectors.community_ranking(area),
        "unit_rows": selectors.unit_ranking(area, limit=20),
    }


RANKING_PAGE_SIZE = 30

# (data key, json_script id, ECharts kind, caption)
CHARTS = [("by_category", "by-category", "pie", "意见建议按类别"), ("by_channel", "by-channel", "bar", "意见建议按渠道"),
          ("by_status", "by-status", "stacked", "各街道项目状态"),
          ("closed_per_month", "closed-per-month", "line", "销号进度（按月累计）"),
          ("overdue_by_unit", "overdue-by-unit", "bar", "逾期项目较多的单位"),
          ("satisfaction", "satisfaction", "pie", "群众满意度")]


def _chart_total(data) -> int:
    """How much a chart has to draw: 0 means "暂无数据" rather than slices of nothing."""
    if isinstance(data, dict):  # the stacked bars: {"streets", "series": [{"data": [...]}]}
        return sum(sum(row["data"]) for row in data["series"])
    return sum(row.get("value", row.get("closed", 0)) for row in data)


def _chart_boxes(charts: dict) -> list[dict]:
    return [{"source": source, "kind": kind, "label": label, "total": _chart_total(charts[key])}
            for key, source, kind, label in CHARTS]


@login_required
def dashboard(request):
    user = request.user
    scope = permissions.scope_of(user)
    rounds = list(permissions.visible(user, Round).order_by("-year", "-id"))
    round_obj = _pick_round(request, rounds)
    street_id = _int_param(request, "street")
    community_id = _int_param(request, "community")
    # Filters name objects inside the user's scope only; others are ignored as unknown.
    streets = permissions.visible(user, Street).order_by("code")
    if not scope.everything:
        streets = streets.filter(communities__in=list(scope.community_ids)).distinct()
    communities = Community.objects.filter(scope.community_q("id")).order_by("code")
    if street_id is not None and not streets.filter(pk=street_id).exists():
        street_id = None
    if community_id is not None and not communities.filter(pk=community_id).exists():
        community_id = None
    context = {"rounds": rounds, "scope": scope, "streets": streets, "communities": communities,
               "street_id": street_id, "community_id": community_id}
    if round_obj is not None and scope.role:
        context.update(dashboard_context(user, round_obj, street_id, community_id))
        # A city has hundreds of communities: the ranking is paged on its own (rank = place in the whole list).
        context["ranking_page"] = page_of(request, context["community_rows"], RANKING_PAGE_SIZE, param="rpage")
    template = "reports/leader.html" if scope.role in (Role.LEADER, Role.LIAISON) else "reports/dashboard.html"
    return render(request, template, context)


@cache_control(public=True, max_age=60)
def public_figures(request):
    """The round's figures for everyone (the report published its projects on 应城组工网)."""
    rounds = list(Round.objects.order_by("-year", "-id"))
    round_obj = _pick_round(request, rounds)
    context = {"rounds": rounds, "round": round_obj}
    if round_obj is not None:
        area = Area(community_q=None, round_id=round_obj.pk)
        context["figures"] = selectors.round_figures(area)
        by_status = selectors.projects_by_status_per_street(area)  # one grouped query
        context["streets"] = [
            {"name": name, **{row["status"]: row["data"][i] for row in by_status["series"]},
             "total": sum(row["data"][i] for row in by_status["series"])}
            for i, name in enumerate(by_status["streets"])
        ]
    return render(request, "reports/public_figures.html", context)


@login_required
def monthly_report(request):
    """月报 download for the city (any street or all) and for a street (its own)."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404, HttpResponse

    from .monthly import Month, monthly_report_data, render_docx, render_pdf

    scope = permissions.scope_of(request.user)
    if scope.role not in (Role.CITY, Role.STREET):
        raise PermissionDenied("只有市级和街道可以生成月报")
    g = request.GET
    form = {"streets": _report_streets(scope), "month": g.get("month", "").strip()[:20],
            "street": g.get("street", ""), "format": g.get("format", "pdf")}
    if not g:
        # First open: a clean form, last month filled in (the report is usually of the month just ended).
        last = timezone.localdate().replace(day=1) - timedelta(days=1)
        return render(request, "reports/monthly_form.html", {**form, "month": f"{last:%Y-%m}"})
    try:
        month = Month.parse(form["month"])
    except ValueError as exc:
        error = str(exc) if form["month"] else "请选择月份"
        return render(request, "reports/monthly_form.html", {**form, "error": error}, status=400)
    street = None
    if scope.role == Role.STREET:
        street = Street.objects.get(pk=scope.street_id)
    elif request.GET.get("street"):
        street = permissions.get_visible_or_404(request.user, Street, request.GET["street"])
    data = monthly_report_data(month=month, street=street)
    kind = request.GET.get("format", "pdf")
    stem = f"monthly-{month.year}-{month.month:02d}"
    if kind == "docx":
        body, content_type, name = (render_docx(data), "application/vnd.openxmlformats-officedocument."
                                    "wordprocessingml.document", f"{stem}.docx")
    elif kind == "pdf":
        body, content_type, name = render_pdf(data), "application/pdf", f"{stem}.pdf"
    else:
        raise Http404("未知格式")
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _report_streets(scope):
    if scope.role == Role.STREET:
        return Street.objects.filter(pk=scope.street_id)
    return Street.objects.order_by("code")
