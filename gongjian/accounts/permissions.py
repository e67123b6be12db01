"""Users: the city admin manages everyone; a street admin the users of its own communities and of the
units located in them (pages and API alike); everyone sees themselves."""

from django.db.models import Q

from gongjian.permissions import Policy, Scope, policy_for

from .models import Role, User

MANAGE_ACTIONS = {"create", "change", "view", "reset_password", "deactivate"}
STREET_MANAGED_ROLES = (Role.COMMUNITY, Role.UNIT)


def _street_managed_q(scope: Scope) -> Q:
    ids = list(scope.community_ids)
    return (Q(role=Role.COMMUNITY, community_id__in=ids) | Q(role=Role.UNIT, unit__community_id__in=ids))


def _street_manages(scope: Scope, target: User) -> bool:
    if target.is_superuser:
        return False
    if target.role == Role.COMMUNITY:
        return target.community_id in scope.community_ids
    if target.role == Role.UNIT:
        return target.unit is not None and target.unit.community_id in scope.community_ids
    return False


@policy_for(User)
class UserPolicy(Policy):
    def visible(self, user, scope: Scope):
        if scope.everything:
            return User.objects.all()
        if scope.role == Role.STREET:
            return User.objects.filter(_street_managed_q(scope) | Q(pk=user.pk))
        return User.objects.filter(pk=user.pk)

    def allowed(self, user, scope, action, obj):
        if action not in MANAGE_ACTIONS:
            return False
        if scope.everything:
            return True
        if scope.role != Role.STREET:
            return False
        if isinstance(obj, type):  # "may this user create users at all"
            return action == "create"
        return obj.pk != user.pk and _street_manages(scope, obj)
