"""Who sees and moves demonstration-community assessments.

The standard, its criteria and the city's target are open to every staff role and set by the city.
An assessment is seen within the user's communities (city, street, community, liaison, leader); the
community fills in and submits its own, its street reviews, the city gives the final score.
"""

from gongjian.accounts.models import Role
from gongjian.permissions import Policy, Scope, policy_for

from .models import Assessment, AssessmentItem, Criterion, Evidence, Standard, Target

STAFF = {Role.CITY, Role.STREET, Role.COMMUNITY, Role.UNIT, Role.LIAISON, Role.LEADER}
READERS = {Role.CITY, Role.STREET, Role.COMMUNITY, Role.LIAISON, Role.LEADER}
ASSESSORS = {Role.COMMUNITY, Role.CITY}


class _CityConfigured(Policy):
    def visible(self, user, scope: Scope):
        return self.model.objects.all() if scope.role in STAFF else self.model.objects.none()

    def allowed(self, user, scope, action, obj):
        if action == "view":
            return scope.role in STAFF
        return scope.everything and action in {"create", "change", "delete"}


@policy_for(Standard)
class StandardPolicy(_CityConfigured):
    pass


@policy_for(Criterion)
class CriterionPolicy(_CityConfigured):
    pass


@policy_for(Target)
class TargetPolicy(_CityConfigured):
    pass


@policy_for(Assessment)
class AssessmentPolicy(Policy):
    def visible(self, user, scope: Scope):
        if scope.role in READERS:
            return Assessment.objects.filter(scope.community_q("community_id"))
        return Assessment.objects.none()

    def allowed(self, user, scope, action, obj):
        if scope.role not in READERS:
            return False
        if isinstance(obj, type):
            # Self-assessment: a community for itself (checked per community by may_assess), or the city.
            return action == "create" and scope.role in ASSESSORS
        in_scope = scope.covers_community(obj.community_id)
        if action == "view":
            return in_scope
        if action in {"self_assess", "attach"}:
            return scope.role in ASSESSORS and in_scope
        if action in Assessment.TRANSITIONS:
            return scope.role in Assessment.TRANSITIONS[action][2] and in_scope
        return False

    def may_assess(self, scope: Scope, community_id: int) -> bool:
        return scope.role in ASSESSORS and scope.covers_community(community_id)


@policy_for(AssessmentItem)
class AssessmentItemPolicy(Policy):
    def visible(self, user, scope: Scope):
        if scope.role in READERS:
            return AssessmentItem.objects.filter(scope.community_q("assessment__community_id"))
        return AssessmentItem.objects.none()

    def allowed(self, user, scope, action, obj):
        return False  # items change only through their assessment's actions


@policy_for(Evidence)
class EvidencePolicy(Policy):
    def visible(self, user, scope: Scope):
        if scope.role in READERS:
            return Evidence.objects.filter(scope.community_q("item__assessment__community_id"))
        return Evidence.objects.none()

    def allowed(self, user, scope, action, obj):
        return False  # attached through the assessment ("attach")
