"""The JSON API's shared machinery: the NinjaAPI instance, bearer auth, the error format of API.md,
body parsing after the permission check, pagination and rate limits.

API.md orders the answers: 401 → 404 (not visible) → 403 (not allowed) → 400 (bad input) → 409.
Ninja validates a declared body before the handler runs, which would answer 400 before 404/403;
so handlers that act on an object read their body with `read_body()` after the permission check,
and `body_doc()` documents that body in the OpenAPI document.
"""

from __future__ import annotations

import json
import logging
from typing import Annotated, Any, TypeVar

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.db.models import Model, QuerySet
from django.http import Http404
from django_ratelimit.core import is_ratelimited
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer
from pydantic import BaseModel, Field, create_model
from pydantic import ValidationError as PydanticValidationError

from gongjian.accounts.services import PASSWORD_CHANGE_FIRST, token_user
from gongjian.core.errors import Conflict

MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50
T = TypeVar("T", bound=BaseModel)

MAX_JSON_DEPTH = 32
"""Deepest nesting of objects and arrays a request body may have; API bodies need 3 or 4."""

logger = logging.getLogger("django.request")

YearParam = Annotated[int, Field(ge=1900, le=2100)]
# An id in a filter: past a bigint it is malformed (400) on every database, not an empty list on one.
IdParam = Annotated[int, Field(ge=1, le=2**63 - 1)]
"""A year in a query (?year=2010): bounded, because date(year, 1, 1) fails outside 1–9999."""


class ChineseJSONRenderer(JSONRenderer):
    """Chinese text as characters, not \\u escapes (API.md)."""

    json_dumps_params = {"ensure_ascii": False}


class BearerAuth(HttpBearer):
    def authenticate(self, request, token):
        user = token_user(token)
        if user is not None:
            if user.password_change_pending:
                # Where the staff pages insist on a new password, a token issued earlier is refused too.
                raise PermissionDenied(PASSWORD_CHANGE_FIRST)
            request.user = user  # services and the audit history read the acting user from here
        return user


class BadRequest(Exception):
    def __init__(self, detail: str, errors: dict[str, Any] | None = None):
        super().__init__(detail)
        self.detail = detail
        self.errors = errors


class RateLimited(Exception):
    pass


def parse_json(raw: bytes) -> Any:
    """A request body as JSON, refusing what would fail later: bad JSON, nesting deeper than
    MAX_JSON_DEPTH, text that is not valid Unicode (a lone surrogate such as \\ud800) → BadRequest."""
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise BadRequest("请求体须为 JSON") from None
    except RecursionError:
        raise BadRequest(f"请求体嵌套层数过多（最多 {MAX_JSON_DEPTH} 层）") from None
    stack = [(data, 1)]
    while stack:  # iterative: a recursive walk is what a deep body would break
        value, depth = stack.pop()
        if isinstance(value, str):
            _check_text(value)
        elif isinstance(value, dict | list):
            if depth > MAX_JSON_DEPTH:
                raise BadRequest(f"请求体嵌套层数过多（最多 {MAX_JSON_DEPTH} 层）")
            if isinstance(value, dict):
                for key in value:
                    _check_text(key)
                stack.extend((item, depth + 1) for item in value.values())
            else:
                stack.extend((item, depth + 1) for item in value)
    return data


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise BadRequest("输入有误：含有无效的字符") from None


class GuardedParser(Parser):
    """Ninja's body parser with parse_json's limits, so declared bodies get them too."""

    def parse_body(self, request):
        return parse_json(request.body)


class ErrorOut(Schema):
    detail: str
    errors: dict[str, Any] | None = None


api = NinjaAPI(
    title="Gongjian 共建 API",
    version="1",
    description="社区共驻共建系统 JSON API。认证：POST /api/v1/auth/token 取得令牌，"
                "之后请求头带 `Authorization: Bearer <token>`。/api/v1/public/ 下的接口无需令牌。",
    renderer=ChineseJSONRenderer(),
    parser=GuardedParser(),
    auth=BearerAuth(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def _error(request, status: int, detail: str, errors: dict | None = None):
    payload: dict[str, Any] = {"detail": detail}
    if errors:
        payload["errors"] = errors
    return api.create_response(request, payload, status=status)


@api.exception_handler(AuthenticationError)
def _unauthorized(request, exc):
    return _error(request, 401, "未登录或令牌无效，请先取得令牌")


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, str(exc) or "未找到")


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _error(request, 403, str(exc) or "您的角色或范围不允许此操作")


@api.exception_handler(Conflict)
def _conflict(request, exc):
    return _error(request, 409, exc.message)


@api.exception_handler(RateLimited)
def _rate_limited(request, exc):
    return _error(request, 429, "请求过于频繁，请稍后再试")


@api.exception_handler(BadRequest)
def _bad_request(request, exc):
    return _error(request, 400, exc.detail, exc.errors)


@api.exception_handler(DjangoValidationError)
def _django_invalid(request, exc):
    if hasattr(exc, "error_dict"):
        errors = {field: [str(m) for e in errs for m in e.messages] for field, errs in exc.error_dict.items()}
    else:
        errors = {"__all__": list(exc.messages)}
    return _error(request, 400, "输入有误：" + "；".join(m for ms in errors.values() for m in ms), errors)


@api.exception_handler(NinjaValidationError)
def _ninja_invalid(request, exc):
    errors = _errors_from_pydantic(exc.errors)
    return _error(request, 400, "输入有误：" + "；".join(f"{k} {v[0]}" for k, v in errors.items()), errors)


@api.exception_handler(OverflowError)
def _overflow(request, exc):
    # An id or number in the query larger than the database's integers (SQLite raises this).
    return _error(request, 400, "输入有误：数值超出范围")


@api.exception_handler(DataError)
def _unstorable(request, exc):
    # Input the database refuses as data (PostgreSQL: a NUL character in text, a number out of
    # range). The request runs in autocommit, so nothing was written.
    return _error(request, 400, "输入有误：含有无法保存的字符或超出范围的数值")


@api.exception_handler(HttpError)
def _http_error(request, exc):
    if isinstance(exc.__cause__, BadRequest):  # ninja wraps what GuardedParser raises
        return _bad_request(request, exc.__cause__)
    if isinstance(exc.__cause__, Exception) and exc.status_code == 400:
        return _error(request, 400, "请求体须为 JSON")
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    # A body over settings.DATA_UPLOAD_MAX_MEMORY_SIZE (uploaded files are counted separately).
    return _error(request, 413, "请求体太大")


@api.exception_handler(Exception)
def _server_error(request, exc):
    """Anything unexpected: logged with its traceback, answered in the API's error body."""
    logger.error("Internal Server Error: %s", request.path, exc_info=exc,
                 extra={"status_code": 500, "request": request})
    return _error(request, 500, "服务器内部错误，请稍后再试")


_PYDANTIC_MESSAGES = {
    "missing": "此项必填",
    "int_parsing": "须为整数",
    "int_type": "须为整数",
    "float_parsing": "须为数字",
    "decimal_parsing": "须为数字",
    "date_from_datetime_parsing": "日期格式须为 YYYY-MM-DD",
    "date_parsing": "日期格式须为 YYYY-MM-DD",
    "date_type": "日期格式须为 YYYY-MM-DD",
    "bool_parsing": "须为 true 或 false",
    "string_type": "须为文字",
    "string_too_short": "不能为空",
    "string_too_long": "太长了",
    "greater_than_equal": "太小了",
    "less_than_equal": "太大了",
    "literal_error": "取值不在允许范围内",
    "enum": "取值不在允许范围内",
    "list_type": "须为列表",
    "model_attributes_type": "须为 JSON 对象",
    "dict_type": "须为 JSON 对象",
}


def _errors_from_pydantic(items) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for item in items:
        loc = [str(p) for p in item.get("loc", ()) if p not in ("body", "query", "path", "payload", "form")]
        field = loc[0] if loc else "__all__"
        message = _PYDANTIC_MESSAGES.get(item.get("type", ""), item.get("msg", "取值无效"))
        if item.get("type") in ("greater_than_equal", "less_than_equal") and "ctx" in item:
            bound = next(iter(item["ctx"].values()))
            message = f"{message}（{'最小' if item['type'] == 'greater_than_equal' else '最大'} {bound}）"
        errors.setdefault(field, []).append(message)
    return errors


def read_body(request, schema: type[T]) -> T:
    """Parse and validate the JSON body — call it after the permission check."""
    data = parse_json(request.body or b"{}")
    if not isinstance(data, dict):
        raise BadRequest("请求体须为 JSON 对象")
    try:
        return schema.model_validate(data)
    except PydanticValidationError as exc:
        errors = _errors_from_pydantic(exc.errors())
        raise BadRequest("输入有误：" + "；".join(f"{k} {v[0]}" for k, v in errors.items()), errors) from None


def body_doc(schema: type[BaseModel]) -> dict:
    """openapi_extra that documents a body read with read_body()."""
    json_schema = schema.model_json_schema(ref_template="#/components/schemas/{model}")
    json_schema.pop("$defs", None)
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": json_schema}}}}


_PAGE_MODELS: dict[type, type] = {}


def page_of(item: type[BaseModel]) -> type[BaseModel]:
    """The list answer `{"count": n, "results": [...]}` of `item`."""
    if item not in _PAGE_MODELS:
        _PAGE_MODELS[item] = create_model(f"{item.__name__}Page", __base__=Schema,
                                          count=(int, ...), results=(list[item], ...))
    return _PAGE_MODELS[item]


class PageParams(Schema):
    """`?page=1&page_size=50` of every list (API.md); filter schemas of a list subclass it."""

    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE


def paged(queryset: QuerySet, params: PageParams, *, out=None) -> dict:
    """The list answer `{"count", "results"}` of one page of `queryset`, each row through `out` (the
    endpoint's row shape) when given."""
    count, rows = paginate(queryset, params.page, params.page_size)
    return {"count": count, "results": [out(row) for row in rows] if out is not None else rows}


def paginate(queryset: QuerySet, page: int, page_size: int) -> tuple[int, list[Model]]:
    if page < 1:
        raise BadRequest("page 须为正整数", {"page": ["须为正整数"]})
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise BadRequest(f"page_size 须在 1 到 {MAX_PAGE_SIZE} 之间",
                         {"page_size": [f"须在 1 到 {MAX_PAGE_SIZE} 之间"]})
    count = queryset.count()
    start = (page - 1) * page_size
    if start and start >= count:  # past the end: no query with an offset the database cannot hold
        return count, []
    return count, list(queryset[start:start + page_size])


def rate_limit(request, group: str, rate: str) -> None:
    """Count this request against the client's address; over the rate → 429.

    key="ip" is django-ratelimit's client address, which settings.RATELIMIT_IP_META_KEY points at
    gongjian.core.clients: the same address the pages' limits and the login lockout count.
    """
    if is_ratelimited(request, group=group, key="ip", rate=rate, increment=True):
        raise RateLimited()


def resolve_ref(queryset: QuerySet, value, field: str, label: str, by=("code", "name")) -> Model:
    """A registry object named by id, code or name (staff write names: 三眼井社区)."""
    if value is None or value == "":
        raise BadRequest(f"请指定{label}", {field: ["此项必填"]})
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        obj = queryset.filter(pk=int(value)).first()
        if obj is not None:
            return obj
    if isinstance(value, str):
        for attr in by:
            obj = queryset.filter(**{attr: value.strip()}).first()
            if obj is not None:
                return obj
    raise BadRequest(f"{label}“{value}”不存在", {field: [f"{label}不存在"]})


COMMON_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}
