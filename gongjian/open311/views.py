"""Open311 GeoReport v2 (JSON) over opinion categories (services) and opinions (requests).

Follows the GeoReport v2 specification: GET services, GET/POST requests, GET requests/{id};
errors are an array of {"code", "description"}. Requests carry no personal data: no name, no phone,
phone and ID numbers in the text masked, only the community as the address. The mapping:
service_request_id = the opinion's public number (its id) — never the receipt code, which is the
resident's secret and is answered only to the submitter (POST's extra field `receipt_code`); status
closed when rejected or when the project it led to is closed; agency_responsible = the lead unit once
there is a project; expected_datetime = its deadline. Paging (`page`, `page_size`) is an extension.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.core.exceptions import RequestDataTooBig, ValidationError
from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from gongjian.api.base import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, RateLimited, parse_json, rate_limit
from gongjian.api.base import BadRequest as ApiBadRequest
from gongjian.core.errors import Conflict
from gongjian.registry.models import Community
from gongjian.solicitation.models import Category, Opinion
from gongjian.solicitation.selectors import round_open_newest

from . import selectors, services

DEFAULT_DAYS = 90  # without start/end dates the specification lists the last 90 days
MAX_PAGE = 100_000  # deeper than any real list; past it is a malformed request, not a query
POST_FIELDS = ("api_key", "service_code", "address_id", "description", "first_name", "last_name", "phone")


class BadRequest(Exception):
    """Malformed input: answered in GeoReport's error format."""

    def __init__(self, description: str, status: int = 400):
        super().__init__(description)
        self.status = status
        self.description = description


def _json(data, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _error(status: int, description: str) -> JsonResponse:
    return _json([{"code": status, "description": description}], status=status)


def _parse_when(raw: str, end: bool = False) -> datetime:
    raw = raw.strip().replace(" ", "+")  # a '+' offset arrives as a space when not URL-encoded
    try:
        moment = parse_datetime(raw)
        if moment is None:
            day = parse_date(raw)
            if day is None:
                raise ValueError(raw)
            moment = datetime.combine(day, time.max if end else time.min)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
    except (ValueError, OverflowError):
        raise BadRequest(f"日期“{raw[:40]}”格式不对，应为 W3C 格式，例如 2010-05-03T08:00:00+08:00") from None
    return moment


def _positive_int(params, name: str, default: int, maximum: int) -> int:
    raw = params.get(name, "").strip()
    if not raw:
        return default
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9 or not 1 <= int(raw) <= maximum:
        raise BadRequest(f"{name} 须为 1 到 {maximum} 之间的整数")
    return int(raw)


def _read_limit(request) -> None:
    """Every public read of Open311 counts against the client's address (GONGJIAN_OPEN311_READ_RATE)."""
    rate = services.read_rate()
    if rate:
        rate_limit(request, "open311-read", rate)


def _public_requests():
    return Opinion.objects.select_related("category", "community", "problem")


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
        return _error(404, f"服务“{code[:40]}”不存在")
    return _json({"service_code": code, "attributes": []})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def request_list(request):
    try:
        if request.method == "POST":
            return _request_create(request)
        _read_limit(request)
        return _json(selectors.requests_out(_request_rows(request.GET)))
    except RateLimited:
        return _error(429, "请求过于频繁，请稍后再试")
    except BadRequest as exc:
        return _error(exc.status, exc.description)


def _request_rows(params) -> list[Opinion]:
    """One page of requests, newest first, as the GET parameters ask."""
    page = _positive_int(params, "page", 1, MAX_PAGE)
    page_size = _positive_int(params, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    opinions = _public_requests().order_by("-created_at", "-id")
    if params.get("service_request_id"):
        refs = [r.strip() for r in params["service_request_id"].split(",") if r.strip()]
        if len(refs) > MAX_PAGE_SIZE or not all(r.isascii() and r.isdigit() and len(r) <= 18 for r in refs):
            raise BadRequest(f"service_request_id 须为请求编号（整数），以逗号分隔，最多 {MAX_PAGE_SIZE} 个")
        opinions = opinions.filter(pk__in=[int(r) for r in refs])  # overrides every other parameter
    else:
        start = _parse_when(params["start_date"]) if params.get("start_date") else None
        end = _parse_when(params["end_date"], end=True) if params.get("end_date") else None
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
            raise BadRequest("status 只能是 open 或 closed")
        if statuses == {"open"}:
            opinions = selectors.open_only(opinions)
        elif statuses == {"closed"}:
            opinions = selectors.closed_only(opinions)
    offset = (page - 1) * page_size
    return list(opinions[offset:offset + page_size])


@require_GET
def request_detail(request, request_id: str):
    try:
        _read_limit(request)
    except RateLimited:
        return _error(429, "请求过于频繁，请稍后再试")
    opinion = None
    if request_id.isascii() and request_id.isdigit() and len(request_id) <= 18:
        opinion = _public_requests().filter(pk=int(request_id)).first()
    if opinion is None:
        return _error(404, f"请求“{request_id[:40]}”不存在")
    return _json(selectors.requests_out([opinion]))


def _post_data(request) -> dict[str, str]:
    """The POST's fields, form-encoded (as the specification says) or a flat JSON object."""
    try:
        if request.content_type == "application/json":
            try:
                data = parse_json(request.body or b"{}")  # nesting and lone surrogates refused too
            except ApiBadRequest as exc:
                raise BadRequest(exc.detail) from None
            if not isinstance(data, dict):
                raise BadRequest("请求体须为 JSON 对象")
        else:
            data = request.POST
    except RequestDataTooBig:
        raise BadRequest("请求体太大", status=413) from None
    except (ValueError, RecursionError, MultiPartParserError):  # bad JSON, nesting too deep, broken form
        raise BadRequest("请求体无法解析") from None
    out = {}
    for name in POST_FIELDS:
        value = data.get(name, "")
        if value is None:
            value = ""
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise BadRequest(f"{name} 须为文字")
        out[name] = value
    return out


def _request_create(request):
    rate_limit(request, "open311-post", services.post_rate())
    data = _post_data(request)
    key = services.key_check(data["api_key"])
    if key is None:
        return _error(403, "api_key 缺失或无效，不能提交")
    category = Category.objects.filter(active=True, code=data["service_code"].strip()).first()
    if category is None:
        return _error(400, f"service_code“{data['service_code'][:40]}”不存在；可用的见 services.json")
    community = Community.objects.filter(code=data["address_id"].strip()).first()
    if community is None:
        return _error(400, f"address_id“{data['address_id'][:40]}”不是已登记的社区代码")
    if not data["description"].strip():
        return _error(400, "description（意见内容）不能为空")
    round_ = round_open_newest()
    if round_ is None:
        return _error(409, "当前没有正在征集意见的轮次，暂不能提交")
    try:
        opinion = services.request_submit(key=key, round=round_, community=community, category=category,
                                          description=data["description"], first_name=data["first_name"],
                                          last_name=data["last_name"], phone=data["phone"])
    except ValidationError as exc:
        return _error(400, "；".join(exc.messages))
    except Conflict as exc:
        return _error(409, exc.message)
    return _json([{
        "service_request_id": str(opinion.pk),
        "service_notice": f"已收到您的意见，回执码 {opinion.receipt_code}，可凭此查询办理情况",
        "account_id": None,
        # The resident's secret, for the hotline to tell them; never part of any public answer.
        "receipt_code": opinion.receipt_code,
    }], status=201)
