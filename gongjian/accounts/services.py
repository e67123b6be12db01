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


# ------------------------------------------------------------------------------ user management

# Initial passwords are read off a printed slip and typed on a phone: no 0/O, 1/l/I look-alikes.
_SLIP_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
INITIAL_PASSWORD_LENGTH = 10


def initial_password() -> str:
    """A random password for a login slip: letters and digits, at least one of each."""
    while True:
        candidate = "".join(secrets.choice(_SLIP_ALPHABET) for _ in range(INITIAL_PASSWORD_LENGTH))
        if any(c.isdigit() for c in candidate) and any(c.isalpha() for c in candidate):
            return candidate


@transaction.atomic
def user_update(*, actor, user: User, first_name: str, phone: str, communities=None) -> User:
    """Change a user's name, phone and (liaison, leader) communities; role and scope stay."""
    if user.role in (Role.LIAISON, Role.LEADER) and communities is not None and not communities:
        raise ValidationError({"communities": ["联络员和联系领导须指定至少一个社区"]})
    user.first_name, user.phone = (first_name or "").strip()[:150], (phone or "").strip()[:30]
    stamp(user, actor, "修改用户信息")
    user.save(update_fields=["first_name", "phone"])
    if communities is not None and user.role in (Role.LIAISON, Role.LEADER):
        user.communities.set(communities)
    return user


@transaction.atomic
def user_password_reset(*, actor, user: User) -> str:
    """A new initial password (printed on a slip), to be changed at the next sign-in; tokens revoked."""
    password = initial_password()
    user.set_password(password)
    user.must_change_password = True
    stamp(user, actor, "重置密码")
    user.save(update_fields=["password", "must_change_password"])
    ApiToken.objects.filter(user=user).delete()
    return password


@transaction.atomic
def user_set_active(*, actor, user: User, active: bool) -> User:
    """Deactivate (停用) or reactivate a user. Users are never deleted: the history names them."""
    if actor is not None and user.pk == getattr(actor, "pk", None) and not active:
        raise ValidationError({"user": ["不能停用自己的账号"]})
    user.is_active = active
    stamp(user, actor, "启用账号" if active else "停用账号")
    user.save(update_fields=["is_active"])
    if not active:
        ApiToken.objects.filter(user=user).delete()
    return user
