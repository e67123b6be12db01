"""Who sees and changes the registry. Names of streets and communities are public; units are seen
within the user's communities; writes belong to the city, and to a street for its own communities."""

from gongjian.permissions import Policy, Scope, policy_for

from .models import Cadre, Community, PartyOrganization, Street, Unit


@policy_for(Street)
class StreetPolicy(Policy):
    def visible(self, user, scope: Scope):
        return Street.objects.all()

    def allowed(self, user, scope, action, obj):
        return scope.everything and action in {"create", "change", "view"}


@policy_for(Community)
class CommunityPolicy(Policy):
    def visible(self, user, scope: Scope):
        return Community.objects.all()

    def allowed(self, user, scope, action, obj):
        if action == "view":
            return True
        if scope.everything:
            return action in {"create", "change"}
        if scope.role == "street" and action == "change" and not isinstance(obj, type):
            return obj.street_id == scope.street_id
        return False


@policy_for(Unit)
class UnitPolicy(Policy):
    def visible(self, user, scope: Scope):
        return Unit.objects.filter(scope.community_q("community_id"))

    def allowed(self, user, scope, action, obj):
        if action == "view":
            return isinstance(obj, type) or scope.covers_community(obj.community_id)
        if action in {"create", "change"}:
            if scope.everything:
                return True
            if scope.role in ("street", "community"):
                return isinstance(obj, type) or scope.covers_community(obj.community_id)
        return False

    def may_create_in(self, scope: Scope, community: Community) -> bool:
        return scope.everything or (scope.role in ("street", "community")
                                    and scope.covers_community(community.pk))


@policy_for(PartyOrganization)
class PartyOrganizationPolicy(Policy):
    def visible(self, user, scope: Scope):
        from django.db.models import Q

        if scope.everything:
            return PartyOrganization.objects.all()
        ids = list(scope.community_ids)
        return PartyOrganization.objects.filter(Q(community_id__in=ids) | Q(unit__community_id__in=ids))

    def allowed(self, user, scope, action, obj):
        return scope.everything and action in {"create", "change", "view"}


@policy_for(Cadre)
class CadrePolicy(Policy):
    def visible(self, user, scope: Scope):
        if scope.role in ("city", "street", "community"):
            return Cadre.objects.filter(scope.community_q("community_id"))
        return Cadre.objects.none()

    def allowed(self, user, scope, action, obj):
        if scope.role not in ("city", "street", "community"):
            return False
        return isinstance(obj, type) or scope.covers_community(obj.community_id)
