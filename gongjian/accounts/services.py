"""Writes about users, roles and API tokens."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongjian.core.audit import stamp

from .models import ApiToken, Role, User, invisible_characters, normalize_username

SCOPE_FIELD = {Role.STREET: "street", Role.COMMUNITY: "community", Role.UNIT: "unit"}
PASSWORD_CHANGE_FIRST = "这是初始密码：请先在工作人员页面（/staff/password/）修改密码，再取得 API 令牌"


def username_errors(username: str) -> list[str]:
    """Why `username` cannot name a new account ([] when it can); the check compares normalised forms."""
    if not username or not username.strip():
        return ["用户名不能为空"]
    if invisible_characters(username.strip()):
        return ["用户名不能含有空格或不可见字符（如零宽空格）"]
    normalized = normalize_username(username)
    try:
        User._meta.get_field("username").run_validators(normalized)
    except ValidationError:
        return ["用户名只能包含文字、数字和 @ . + - _"]
    if User.objects.filter(username=normalized).exists():
        return ["该用户名已存在"]
    return []


@transaction.atomic
def user_create(*, actor, username: str, password: str, role: str, scope=None, communities=(),
                validate: bool = True, must_change_password: bool = True, first_name: str = "",
                hashed_password: str | None = None) -> User:
    """Create a staff user bound to its scope.

    `scope` is the Street / Community / Unit instance for those roles; liaison and leader take
    `communities`. The password is an initial one someone else chose, so by default the user must
    change it at first sign-in (`must_change_password`; enforced where FORCE_PASSWORD_CHANGE is on).
    The username is stored normalised (NFKC, lower case); invisible characters are refused.
    `hashed_password` (from make_password) spares hashing the same password many
    times when loading data. Raises ValidationError with Chinese messages keyed by field.
    """
    errors: dict[str, list[str]] = {}
    if role not in Role.values:
        errors["role"] = ["角色须为 city、street、community、unit、liaison、leader 之一"]
    if problems := username_errors(username):
        errors["username"] = problems
    field = SCOPE_FIELD.get(role)
    if field and scope is None:
        errors["scope"] = ["该角色须指定所属的街道、社区或单位"]
    if role in (Role.LIAISON, Role.LEADER) and not communities:
        errors["communities"] = ["联络员和联系领导须指定至少一个社区"]
    user = User(username=normalize_username(username), role=role, first_name=first_name,
                must_change_password=must_change_password)
    if field and scope is not None:
        setattr(user, field, scope)
    if validate and "username" not in errors:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            errors["password"] = list(exc.messages)
    if errors:
        raise ValidationError(errors)
    if hashed_password:
        user.password = hashed_password
    else:
        user.set_password(password)
    stamp(user, actor, f"新建用户（{Role(role).label}）")
    user.save()
    if communities:
        user.communities.set(communities)
    return user


def token_issue(*, username: str, password: str, request=None) -> str | None:
    """A new bearer token for these credentials, or None when they are wrong or locked out.

    Pass the request: the login-failure lockout (django-axes) counts failures per account and address.
    A user who must first change an initial password (see User.password_change_pending) gets
    PermissionDenied: the API must not be a way around the staff pages' insistence.
    """
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        return None
    if user.password_change_pending:
        raise PermissionDenied(PASSWORD_CHANGE_FIRST)
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user,
        key_hash=ApiToken.hash_key(key),
        expires_at=timezone.now() + timedelta(hours=settings.API_TOKEN_TTL_HOURS),
    )
    return key


def token_user(key: str) -> User | None:
    """The active user a bearer token belongs to, or None (unknown, expired or disabled)."""
    if not key:
        return None
    token = (ApiToken.objects.select_related("user")
             .filter(key_hash=ApiToken.hash_key(key), expires_at__gt=timezone.now()).first())
    if token is None or not token.user.is_active:
        return None
    return token.user
