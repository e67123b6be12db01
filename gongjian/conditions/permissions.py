"""Who sees and records community conditions: like the cadres themselves (registry), the city, a
street for its communities and a community for itself; budgets are set by the city and streets."""

from gongjian.accounts.models import Role
from gongjian.permissions import Policy, Scope, policy_for

from .models import CadreTraining, CommunityBudget

READERS = {Role.CITY, Role.STREET, Role.COMMUNITY}
SETTERS = {Role.CITY, Role.STREET}


@policy_for(CadreTraining)
class CadreTrainingPolicy(Policy):
    def visible(self, user, scope: Scope):
        if scope.role in READERS:
            return CadreTraining.objects.filter(scope.community_q("community_id"))
        return CadreTraining.objects.none()

    def allowed(self, user, scope, action, obj):
        if scope.role not in READERS:
            return False
        if isinstance(obj, type):
            return action == "create"
        return action in {"view", "change"} and scope.covers_community(obj.community_id)

    def may_record_for(self, scope: Scope, community_id: int) -> bool:
        return scope.role in READERS and scope.covers_community(community_id)


@policy_for(CommunityBudget)
class CommunityBudgetPolicy(Policy):
    def visible(self, user, scope: Scope):
        if scope.role in READERS:
            return CommunityBudget.objects.filter(scope.community_q("community_id"))
        return CommunityBudget.objects.none()

    def allowed(self, user, scope, action, obj):
        if isinstance(obj, type):
            return action == "create" and scope.role in SETTERS
        if action == "view":
            return scope.role in READERS and scope.covers_community(obj.community_id)
        if action == "change":
            return scope.role in SETTERS and scope.covers_community(obj.community_id)
        return False
