"""Django's error handlers: Chinese pages with a way back, and the API's JSON error body under /api/.

Wired in config/urls.py (handler400/403/404/500) and settings.CSRF_FAILURE_VIEW. The API's own
handlers (api/base.py) answer most API errors; these catch what happens before or outside ninja
(an unknown /api/ path, a failure in middleware).
"""

import logging

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template import loader

logger = logging.getLogger("gongjian.errors")

API_PREFIX = "/api/"

MESSAGES = {
    400: "请求有误，请检查后再试",
    403: "您没有权限访问此页面",
    404: "页面不存在或您无权查看",
    413: "提交的内容太大",
    500: "服务器内部错误，请稍后再试",
}


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def api_error(status: int, detail: str | None = None) -> JsonResponse:
    """The API's error body (API.md) without a NinjaAPI instance at hand."""
    return JsonResponse({"detail": detail or MESSAGES[status]}, status=status,
                        json_dumps_params={"ensure_ascii": False})


def _page(request, status: int, template: str):
    if is_api(request):
        return api_error(status)
    user = getattr(request, "user", None)
    staff = bool(user is not None and user.is_authenticated) or request.path.startswith("/staff/")
    context = {"status": status, "message": MESSAGES[status],
               "base_template": "staff_base.html" if staff else "portal/public_base.html"}
    try:
        body = loader.render_to_string(template, context, request)
    except Exception:  # the error page must not fail in turn (a database down, a broken context)
        logger.exception("error page %s failed to render", status)
        body = loader.render_to_string("500.html", {"city_name": settings.GONGJIAN_CITY_NAME})
    return HttpResponse(body, status=status)


def bad_request(request, exception=None):
    return _page(request, 400, "400.html")


def permission_denied(request, exception=None):
    return _page(request, 403, "403.html")


def page_not_found(request, exception=None):
    return _page(request, 404, "404.html")


def csrf_failure(request, reason=""):
    if is_api(request):
        return api_error(403, "CSRF 校验失败")
    context = {"status": 403, "base_template": "portal/public_base.html",
               "message": "页面已过期或来源无法确认（CSRF 校验失败）。请返回、刷新页面后重新提交。"}
    return HttpResponse(loader.render_to_string("403.html", context, request), status=403)


def server_error(request):
    """500: no request context (the failure may be in the database or a context processor)."""
    if is_api(request):
        return api_error(500)
    body = loader.render_to_string("500.html", {"city_name": settings.GONGJIAN_CITY_NAME})
    return HttpResponse(body, status=500)
