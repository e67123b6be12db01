"""Writes about users, roles and API tokens."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongjian.core.audit import stamp

from .models import ApiToken, Role, User

SCOPE_FIELD = {Role.STREET: "street", Role.COMMUNITY: "community", Role.UNIT: "unit"}


@transaction.atomic
def user_create(*, actor, username: str, password: str, role: str, scope=None, communities=(),
                validate: bool = True, must_change_password: bool = False, first_name: str = "",
                hashed_password: str | None = None) -> User:
    """Create a staff user bound to its scope.

    `scope` is the Street / Community / Unit instance for those roles; liaison and leader take
    `communities`. `hashed_password` (from make_password) spares hashing the same password many
    times when loading data. Raises ValidationError with Chinese messages keyed by field.
    """
    errors: dict[str, list[str]] = {}
    if role not in Role.values:
        errors["role"] = ["角色须为 city、street、community、unit、liaison、leader 之一"]
    if not username or not username.strip():
        errors["username"] = ["用户名不能为空"]
    elif User.objects.filter(username=username).exists():
        errors["username"] = ["该用户名已存在"]
    field = SCOPE_FIELD.get(role)
    if field and scope is None:
        errors["scope"] = ["该角色须指定所属的街道、社区或单位"]
    if role in (Role.LIAISON, Role.LEADER) and not communities:
        errors["communities"] = ["联络员和联系领导须指定至少一个社区"]
    user = User(username=(username or "").strip(), role=role, first_name=first_name,
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
    """
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        return None
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
