"""The one permission module. Every page, API call, export and command asks it two questions:

* ``visible(user, Model)`` — which rows of this model may this user see (a queryset);
* ``can(user, action, obj)`` — may this user do ACTION to this object (or to the model, to create).

Each area declares one policy for its models in its own ``permissions.py`` (registered with
``@policy_for``); this module holds the user's scope and the dispatch. Deny by default: a model
without a policy is visible to nobody, an action a policy does not name is refused.

Ids taken from a request are looked up with ``get_visible_or_404`` so that "not yours" and "does
not exist" answer the same 404; an action refused on a visible object raises ``PermissionDenied``
(403).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from gongjian.accounts.models import Role


@dataclass(frozen=True)
class Scope:
    """What part of the city a user's role covers.

    ``community_ids`` is None for the whole city (city admin) and a frozenset otherwise.
    """

    role: str
    user_id: int | None
    street_id: int | None = None
    community_ids: frozenset[int] | None = frozenset()
    unit_id: int | None = None

    @property
    def everything(self) -> bool:
        return self.community_ids is None

    def covers_community(self, community_id: int | None) -> bool:
        return self.everything or community_id in self.community_ids

    def community_q(self, path: str = "community") -> Q:
        """A filter on a model's community, `path` being the lookup to the community's id."""
        if self.everything:
            return Q()
        return Q(**{f"{path}__in": list(self.community_ids)})


NO_SCOPE = Scope(role="", user_id=None)
MAX_ID = 2**63 - 1


def scope_of(user) -> Scope:
    """The user's scope, computed once per user object (one query at most)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_SCOPE
    cached = getattr(user, "_gongjian_scope", None)
    if cached is not None:
        return cached
    from gongjian.registry.models import Community, Unit

    role = user.effective_role
    if role == Role.CITY:
        scope = Scope(role=role, user_id=user.pk, community_ids=None)
    elif role == Role.STREET and user.street_id:
        ids = frozenset(Community.objects.filter(street_id=user.street_id).values_list("id", flat=True))
        scope = Scope(role=role, user_id=user.pk, street_id=user.street_id, community_ids=ids)
    elif role == Role.COMMUNITY and user.community_id:
        scope = Scope(role=role, user_id=user.pk, community_ids=frozenset([user.community_id]))
    elif role == Role.UNIT and user.unit_id:
        community_id = Unit.objects.filter(pk=user.unit_id).values_list("community_id", flat=True).first()
        scope = Scope(role=role, user_id=user.pk, unit_id=user.unit_id,
                      community_ids=frozenset([community_id]) if community_id else frozenset())
    elif role in (Role.LIAISON, Role.LEADER):
        ids = frozenset(user.communities.values_list("id", flat=True))
        scope = Scope(role=role, user_id=user.pk, community_ids=ids)
    else:
        scope = NO_SCOPE
    user._gongjian_scope = scope
    return scope


class Policy:
    """One area's answer to the two questions. Subclasses override `visible` and `allowed`."""

    model: type[Model]

    def visible(self, user, scope: Scope) -> QuerySet:
        return self.model.objects.none()

    def allowed(self, user, scope: Scope, action: str, obj) -> bool:
        return False


_POLICIES: dict[type[Model], Policy] = {}


def policy_for(model: type[Model]):
    def register(cls: type[Policy]) -> type[Policy]:
        instance = cls()
        instance.model = model
        _POLICIES[model] = instance
        return cls

    return register


def _policy(model: type[Model]) -> Policy:
    try:
        return _POLICIES[model]
    except KeyError:
        raise LookupError(f"no permission policy for {model.__name__}") from None


def visible(user, model: type[Model]) -> QuerySet:
    """The rows of `model` this user may see. Start every list, export and lookup here."""
    scope = scope_of(user)
    if not scope.role:
        return model.objects.none()
    return _policy(model).visible(user, scope)


def can(user, action: str, obj) -> bool:
    """May this user do `action` to `obj` (an instance, or the model class for `create`)."""
    scope = scope_of(user)
    if not scope.role:
        return False
    model = obj if isinstance(obj, type) else type(obj)
    return _policy(model).allowed(user, scope, action, obj)


def get_visible_or_404(user, model: type[Model], pk, queryset: QuerySet | None = None):
    """Look an id up inside the visible rows: not yours answers like not there."""
    qs = queryset if queryset is not None else visible(user, model)
    try:
        number = int(pk)
        if not 0 < number <= MAX_ID:  # past a bigint column: no such row, and no database error
            raise ValueError(pk)
        return qs.get(pk=number)
    except (model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404(f"{model._meta.verbose_name}不存在") from None


def communities_in_scope(user) -> QuerySet:
    """The communities the user's scope covers (every community for the city)."""
    from gongjian.registry.models import Community

    return Community.objects.filter(scope_of(user).community_q("id"))


def require(user, action: str, obj) -> None:
    """Raise PermissionDenied (403) unless `can(user, action, obj)`."""
    if not can(user, action, obj):
        raise PermissionDenied("您的角色或范围不允许此操作")
