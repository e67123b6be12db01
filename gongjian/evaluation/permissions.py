"""Who sees and does what in evaluation and assessment.

* Campaigns, criteria and the year's weights are seen by every staff role; only the city configures,
  opens and closes them.
* A rating is private to the side that gave it: a community sees the ratings it gave its units, a unit
  the ratings it gave its community; the city sees all (it runs the campaign). The rated party, the
  street and everyone else see aggregates only (selectors.ratee_summary), never a single rating.
* Who has rated (not what) is seen by the city, and by a street, liaison or leader for their communities.
* Assessment scores: a unit sees only its own; a community its own and its units'; a street, liaison or
  leader those of their communities; the city all. Rank numbers are over the whole street / city.
"""

from gongjian.accounts.models import Role
from gongjian.permissions import Policy, Scope, policy_for, scope_of
from gongjian.registry.models import Community, Unit

from .models import AssessmentWeights, Campaign, Criterion, Direction, EvaluationRating, ExportJob

STAFF = {Role.CITY, Role.STREET, Role.COMMUNITY, Role.UNIT, Role.LIAISON, Role.LEADER}
PROGRESS_READERS = {Role.CITY, Role.STREET, Role.LIAISON, Role.LEADER}


@policy_for(Campaign)
class CampaignPolicy(Policy):
    def visible(self, user, scope: Scope):
        return Campaign.objects.all() if scope.role in STAFF else Campaign.objects.none()

    def allowed(self, user, scope, action, obj):
        if scope.role not in STAFF:
            return False
        if action == "view":
            return True
        if action in {"create", "change", "open", "close"}:
            return scope.everything
        if action == "rate":
            return scope.role in {Role.COMMUNITY, Role.UNIT}
        if action == "progress":
            return scope.role in PROGRESS_READERS
        if action == "remind":
            return scope.role in {Role.CITY, Role.STREET}
        return False


@policy_for(Criterion)
class CriterionPolicy(Policy):
    def visible(self, user, scope: Scope):
        return Criterion.objects.all() if scope.role in STAFF else Criterion.objects.none()

    def allowed(self, user, scope, action, obj):
        if action == "view":
            return scope.role in STAFF
        return scope.everything and action in {"create", "change", "delete"}


@policy_for(EvaluationRating)
class EvaluationRatingPolicy(Policy):
    def visible(self, user, scope: Scope):
        if scope.everything:
            return EvaluationRating.objects.all()
        if scope.role == Role.COMMUNITY:
            return EvaluationRating.objects.filter(direction=Direction.COMMUNITY_TO_UNIT,
                                                   community_id__in=list(scope.community_ids))
        if scope.role == Role.UNIT and scope.unit_id:
            return EvaluationRating.objects.filter(direction=Direction.UNIT_TO_COMMUNITY, unit_id=scope.unit_id)
        return EvaluationRating.objects.none()

    def allowed(self, user, scope, action, obj):
        if isinstance(obj, type):
            return action == "create" and scope.role in {Role.COMMUNITY, Role.UNIT}
        if action == "view":
            return self.visible(user, scope).filter(pk=obj.pk).exists()
        return False


@policy_for(AssessmentWeights)
class AssessmentWeightsPolicy(Policy):
    def visible(self, user, scope: Scope):
        return AssessmentWeights.objects.all() if scope.role in STAFF else AssessmentWeights.objects.none()

    def allowed(self, user, scope, action, obj):
        if action == "view":
            return scope.role in STAFF
        return scope.everything and action in {"create", "change"}


@policy_for(ExportJob)
class ExportJobPolicy(Policy):
    def visible(self, user, scope: Scope):
        if scope.everything:
            return ExportJob.objects.all()
        if scope.role in STAFF:
            return ExportJob.objects.filter(created_by_id=user.pk)
        return ExportJob.objects.none()

    def allowed(self, user, scope, action, obj):
        return scope.role in STAFF and action in {"create", "view"}


# ------------------------------------------------------------------------------ assessment rows

def assessed_units(user):
    """The units whose assessment score this user may see."""
    scope = scope_of(user)
    if scope.role == Role.UNIT:
        return Unit.objects.filter(pk=scope.unit_id) if scope.unit_id else Unit.objects.none()
    if scope.role in {Role.CITY, Role.STREET, Role.COMMUNITY, Role.LIAISON, Role.LEADER}:
        return Unit.objects.filter(scope.community_q("community_id"))
    return Unit.objects.none()


def assessed_communities(user):
    """The communities whose assessment score this user may see (a unit sees none)."""
    scope = scope_of(user)
    if scope.role in {Role.CITY, Role.STREET, Role.COMMUNITY, Role.LIAISON, Role.LEADER}:
        return Community.objects.filter(scope.community_q("id"))
    return Community.objects.none()
