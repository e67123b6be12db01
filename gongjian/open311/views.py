"""Open311 GeoReport v2 (JSON) over opinion categories (services) and opinions (requests).

Follows the GeoReport v2 specification: GET services, GET/POST requests, GET requests/{id};
errors are an array of {"code", "description"}. Requests carry no personal data: no name, no
phone, only the community as the address. API.md › Open311 fixes the mapping:
service_request_id = receipt code; status closed when rejected or when the project it led to is
closed; agency_responsible = the lead unit once there is a project; expected_datetime = its deadline.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from gongjian.api.base import BadRequest, RateLimited, parse_json, rate_limit
from gongjian.core.errors import Conflict
from gongjian.registry.models import Community
from gongjian.solicitation.models import Category, Opinion, Round

from . import selectors, services

MAX_RESULTS = 1000  # the specification's default cap of one answer
DEFAULT_DAYS = 90  # without start/end dates the specification lists the last 90 days


def _json(data, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _error(status: int, description: str) -> JsonResponse:
    return _json([{"code": status, "description": description}], status=status)


def _parse_when(raw: str, end: bool = False) -> datetime | None:
    raw = raw.strip().replace(" ", "+")  # a '+' offset arrives as a space when not URL-encoded
    moment = parse_datetime(raw)
    if moment is None:
        day = parse_date(raw)
        if day is None:
            raise ValueError(raw)
        moment = datetime.combine(day, time.max if end else time.min)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


@require_GET
def service_list(request):
    rows = Category.objects.filter(active=True).order_by("sort_order", "code")
    return _json([{
        "service_code": c.code, "service_name": c.name, "description": c.description or c.name,
        "metadata": False, "type": "realtime", "keywords": "", "group": "",
    } for c in rows])


@require_GET
def service_definition(request, code: str):
    if not Category.objects.filter(active=True, code=code).exists():
        return _error(404, f"服务“{code}”不存在")
    return _json({"service_code": code, "attributes": []})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def request_list(request):
    if request.method == "POST":
        return _request_create(request)
    opinions = Opinion.objects.select_related("category", "community", "problem").order_by("-created_at", "-id")
    params = request.GET
    if params.get("service_request_id"):
        codes = [c.strip() for c in params["service_request_id"].split(",") if c.strip()]
        opinions = opinions.filter(receipt_code__in=codes)  # overrides every other parameter
    else:
        try:
            start = _parse_when(params["start_date"]) if params.get("start_date") else None
            end = _parse_when(params["end_date"], end=True) if params.get("end_date") else None
        except ValueError as exc:
            return _error(400, f"日期“{exc}”格式不对，应为 W3C 格式，例如 2010-05-03T08:00:00+08:00")
        if start is None and end is None:
            start = timezone.now() - timedelta(days=DEFAULT_DAYS)
        if start is not None:
            opinions = opinions.filter(created_at__gte=start)
        if end is not None:
            opinions = opinions.filter(created_at__lte=end)
        if params.get("service_code"):
            opinions = opinions.filter(category__code__in=[c.strip() for c in params["service_code"].split(",")])
        statuses = {s.strip() for s in params.get("status", "").split(",") if s.strip()}
        if statuses - {"open", "closed"}:
            return _error(400, "status 只能是 open 或 closed")
        if statuses == {"open"}:
            opinions = selectors.open_only(opinions)
        elif statuses == {"closed"}:
            opinions = selectors.closed_only(opinions)
    return _json(selectors.requests_out(list(opinions[:MAX_RESULTS])))


@require_GET
def request_detail(request, receipt_code: str):
    opinion = (Opinion.objects.select_related("category", "community", "problem")
               .filter(receipt_code=receipt_code).first())
    if opinion is None:
        return _error(404, f"回执码“{receipt_code}”不存在")
    return _json(selectors.requests_out([opinion]))


def _request_create(request):
    try:
        rate_limit(request, "open311-post", services.post_rate())
    except RateLimited:
        return _error(429, "请求过于频繁，请稍后再试")
    data = request.POST
    if not data and request.content_type == "application/json":
        try:
            data = parse_json(request.body or b"{}")  # nesting and lone surrogates refused too
        except BadRequest as exc:
            return _error(400, exc.detail)
        if not isinstance(data, dict):
            return _error(400, "请求体须为 JSON 对象")
    key = services.key_check(data.get("api_key", ""))
    if key is None:
        return _error(403, "api_key 缺失或无效，不能提交")
    category = Category.objects.filter(active=True, code=(data.get("service_code") or "").strip()).first()
    if category is None:
        return _error(400, f"service_code“{data.get('service_code', '')}”不存在；可用的见 services.json")
    community = Community.objects.filter(code=(data.get("address_id") or "").strip()).first()
    if community is None:
        return _error(400, f"address_id“{data.get('address_id', '')}”不是已登记的社区代码")
    description = (data.get("description") or "").strip()
    if not description:
        return _error(400, "description（意见内容）不能为空")
    round_ = Round.objects.filter(status=Round.Status.OPEN).order_by("-year", "-id").first()
    if round_ is None:
        return _error(409, "当前没有正在征集意见的轮次，暂不能提交")
    try:
        opinion = services.request_submit(key=key, round=round_, community=community, category=category,
                                          description=description, first_name=data.get("first_name", ""),
                                          last_name=data.get("last_name", ""), phone=data.get("phone", ""))
    except ValidationError as exc:
        return _error(400, "；".join(exc.messages))
    except Conflict as exc:
        return _error(409, exc.message)
    return _json([{
        "service_request_id": opinion.receipt_code,
        "service_notice": f"已收到您的意见，回执码 {opinion.receipt_code}，可凭此查询办理情况",
        "account_id": None,
    }], status=201)
