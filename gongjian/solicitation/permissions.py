"""Who sees and screens opinions and problems.

Opinions carry residents' contact details: they are seen by the city, the street and the community
they belong to (and, masked, by the liaison and leader of that community). Units do not see them.
"""

from gongjian.accounts.models import Role
from gongjian.permissions import Policy, Scope, policy_for

from .models import Category, ImportJob, Opinion, Problem, Round, Solicitation

SCREENERS = {Role.CITY, Role.STREET, Role.COMMUNITY}
READERS = SCREENERS | {Role.LIAISON, Role.LEADER}


def _in_scope(scope: Scope, obj) -> bool:
    return isinstance(obj, type) or scope.covers_community(obj.community_id)


@policy_for(Round)
class RoundPolicy(Policy):
    def visible(self, user, scope):
        return Round.objects.all()

    def allowed(self, user, scope, action, obj):
        if action == "view":
            return True
        return scope.everything and action in {"create", "change"}


@policy_for(Category)
class CategoryPolicy(Policy):
    def visible(self, user, scope):
        return Category.objects.all()

    def allowed(self, user, scope, action, obj):
        return action == "view" or (scope.everything and action in {"create", "change"})


@policy_for(Solicitation)
class SolicitationPolicy(Policy):
    def visible(self, user, scope):
        if scope.role not in READERS:
            return Solicitation.objects.none()
        return Solicitation.objects.filter(scope.community_q("community_id"))

    def allowed(self, user, scope, action, obj):
        if action == "view":
            return scope.role in READERS and _in_scope(scope, obj)
        return action == "create" and scope.role in SCREENERS and _in_scope(scope, obj)


@policy_for(Opinion)
class OpinionPolicy(Policy):
    def visible(self, user, scope):
        if scope.role not in READERS:
            return Opinion.objects.none()
        return Opinion.objects.filter(scope.community_q("community_id"))

    def allowed(self, user, scope, action, obj):
        if action == "view":
            return scope.role in READERS and _in_scope(scope, obj)
        if action == "view_contact":
            return scope.role in SCREENERS and _in_scope(scope, obj)
        if action in {"create", "reject", "merge"}:
            return scope.role in SCREENERS and _in_scope(scope, obj)
        if action == "similar_street":  # widen the duplicate suggestions to the opinion's street
            return scope.role in {Role.CITY, Role.STREET} and _in_scope(scope, obj)
        return False


@policy_for(Problem)
class ProblemPolicy(Policy):
    def visible(self, user, scope):
        if scope.role not in READERS:
            return Problem.objects.none()
        return Problem.objects.filter(scope.community_q("community_id"))

    def allowed(self, user, scope, action, obj):
        if action == "view":
            return scope.role in READERS and _in_scope(scope, obj)
        if action in {"create", "classify", "change"}:
            return scope.role in SCREENERS and _in_scope(scope, obj)
        return False


@policy_for(ImportJob)
class ImportJobPolicy(Policy):
    """An import job is seen by who uploaded it, and by the city."""

    def visible(self, user, scope):
        if scope.everything:
            return ImportJob.objects.all()
        if scope.role not in SCREENERS:
            return ImportJob.objects.none()
        return ImportJob.objects.filter(created_by_id=user.pk)

    def allowed(self, user, scope, action, obj):
        return action == "view" and (scope.everything or getattr(obj, "created_by_id", None) == user.pk)
