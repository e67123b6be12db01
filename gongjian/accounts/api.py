"""API: token (auth/token) and users."""

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema, Status

from gongjian import permissions
from gongjian.api.base import (
    COMMON_ERRORS,
    BadRequest,
    ErrorOut,
    body_doc,
    rate_limit,
    read_body,
    resolve_ref,
)
from gongjian.registry.models import Community, Street, Unit

from . import services
from .models import Role, User

router = Router(tags=["认证与用户"])


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str


@router.post("/auth/token", auth=None, response={200: TokenOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 429: ErrorOut},
             summary="用用户名和密码换取令牌")
def auth_token(request, payload: TokenIn):
    rate_limit(request, "auth_token", "30/m")
    key = services.token_issue(username=payload.username, password=payload.password, request=request)
    if getattr(request, "axes_locked_out", False):
        return Status(429, {"detail": "登录失败次数过多，该账号或地址已暂停登录 15 分钟"})
    if key is None:
        return Status(401, {"detail": "用户名或密码错误"})
    return Status(200, {"token": key})


class UserIn(Schema):
    username: str
    password: str
    role: str
    scope: int | None = None
    communities: list[int] = []
    name: str = ""


class UserOut(Schema):
    id: int
    username: str
    role: str
    scope: int | None
    communities: list[int]


def user_out(user: User) -> dict:
    scope = {Role.STREET: user.street_id, Role.COMMUNITY: user.community_id, Role.UNIT: user.unit_id}
    return {"id": user.pk, "username": user.username, "role": user.role,
            "scope": scope.get(user.role), "communities": [c.pk for c in user.communities.all()]}


@router.post("/users", response={201: UserOut, **COMMON_ERRORS}, openapi_extra=body_doc(UserIn),
             summary="新建用户（市级管理员；街道管理员为本街道的社区和单位）")
def user_create(request):
    permissions.require(request.user, "create", User)
    data = read_body(request, UserIn)
    scope_model = {Role.STREET: Street, Role.COMMUNITY: Community, Role.UNIT: Unit}.get(data.role)
    scope = None
    if scope_model is not None and data.scope is not None:
        scope = resolve_ref(scope_model.objects.all(), data.scope, "scope", "所属范围")
    communities = []
    if data.communities:
        communities = list(Community.objects.filter(pk__in=data.communities))
        if len(communities) != len(set(data.communities)):
            raise BadRequest("部分社区不存在", {"communities": ["部分社区不存在"]})
    candidate = User(role=data.role, **({services.SCOPE_FIELD[data.role]: scope} if scope is not None else {}))
    if not permissions.can(request.user, "create", candidate) or any(
            not permissions.scope_of(request.user).covers_community(c.pk) for c in communities):
        raise PermissionDenied("您只能为本街道的社区和辖区单位开设账号")
    user = services.user_create(actor=request.user, username=data.username, password=data.password,
                                role=data.role, scope=scope, communities=communities, first_name=data.name)
    return Status(201, user_out(user))
