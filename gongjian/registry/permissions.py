"""Who sees and changes the registry. Names of streets and communities are public; units, Party
organisations and cadres are seen within the user's communities. The registry is kept by the city
everywhere and by a street admin within its own street: it adds, edits and retires the communities,
units, Party organisations and cadres of its street, but never streets. A community keeps the units
located in it and its own cadres. Other roles only read."""

from django.db.models import Q

from gongjian.accounts.models import Role
from gongjian.permissions import Policy, Scope, policy_for

from .models import Cadre, Community, PartyOrganization, Street, Unit

WRITES = {"create", "change", "retire"}
KEEPERS = {Role.CITY, Role.STREET}
KEEPERS_WITH_COMMUNITY = {Role.CITY, Role.STREET, Role.COMMUNITY}


def _may_write(scope: Scope, action: str, obj, community_id, keepers=KEEPERS) -> bool:
    """A write by one of `keepers` on a row of a community in its scope (class-level for `create`)."""
    if action not in WRITES or scope.role not in keepers:
        return False
    return isinstance(obj, type) or scope.covers_community(community_id(obj))


@policy_for(Street)
class StreetPolicy(Policy):
    def visible(self, user, scope: Scope):
        return Street.objects.all()

    def allowed(self, user, scope, action, obj):
        if action == "view":
            return True
        return scope.everything and action in WRITES


@policy_for(Community)
class CommunityPolicy(Policy):
    def visible(self, user, scope: Scope):
        return Community.objects.all()

    def allowed(self, user, scope, action, obj):
        if action == "view":
            return True
        return _may_write(scope, action, obj, lambda c: c.pk)


@policy_for(Unit)
class UnitPolicy(Policy):
    def visible(self, user, scope: Scope):
        return Unit.objects.filter(scope.community_q("community_id"))

    def allowed(self, user, scope, action, obj):
        if action == "view":
            return isinstance(obj, type) or scope.covers_community(obj.community_id)
        return _may_write(scope, action, obj, lambda u: u.community_id, KEEPERS_WITH_COMMUNITY)

    def may_create_in(self, scope: Scope, community: Community) -> bool:
        return scope.role in KEEPERS_WITH_COMMUNITY and scope.covers_community(community.pk)


@policy_for(PartyOrganization)
class PartyOrganizationPolicy(Policy):
    def visible(self, user, scope: Scope):
        if scope.everything:
            return PartyOrganization.objects.all()
        ids = list(scope.community_ids)
        return PartyOrganization.objects.filter(Q(community_id__in=ids) | Q(unit__community_id__in=ids))

    def allowed(self, user, scope, action, obj):
        if action == "view":
            return True
        return _may_write(scope, action, obj, lambda o: o.community_id or o.unit.community_id)


@policy_for(Cadre)
class CadrePolicy(Policy):
    def visible(self, user, scope: Scope):
        if scope.role in (Role.CITY, Role.STREET, Role.COMMUNITY):
            return Cadre.objects.filter(scope.community_q("community_id"))
        return Cadre.objects.none()

    def allowed(self, user, scope, action, obj):
        if action == "view":
            return scope.role in (Role.CITY, Role.STREET, Role.COMMUNITY) and (
                isinstance(obj, type) or scope.covers_community(obj.community_id))
        return _may_write(scope, action, obj, lambda c: c.community_id, KEEPERS_WITH_COMMUNITY)
