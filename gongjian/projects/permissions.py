"""Who sees and moves projects. The state machine's roles are in models.TRANSITIONS; this policy adds
the scope: a street acts on its communities' projects, a unit on the projects it leads."""

from django.db.models import Q

from gongjian.accounts.models import Role
from gongjian.permissions import Policy, Scope, policy_for

from .models import TRANSITIONS, Batch, Project

STAFF_READERS = {Role.CITY, Role.STREET, Role.COMMUNITY, Role.LIAISON, Role.LEADER}
SETTERS_UP = {Role.CITY, Role.STREET, Role.COMMUNITY}
DECIDERS = {Role.CITY, Role.STREET}


def _is_lead(scope: Scope, project: Project) -> bool:
    return scope.role == Role.UNIT and project.lead_unit_id == scope.unit_id


def _is_participant(scope: Scope, project: Project) -> bool:
    if scope.role != Role.UNIT:
        return False
    if project.lead_unit_id == scope.unit_id:
        return True
    return project.co_units.filter(pk=scope.unit_id).exists()


@policy_for(Project)
class ProjectPolicy(Policy):
    def visible(self, user, scope: Scope):
        if scope.role in STAFF_READERS:
            return Project.objects.filter(scope.community_q("community_id"))
        if scope.role == Role.UNIT:
            # A subquery rather than a join: no DISTINCT, so counts and pages stay index-friendly.
            co = Project.co_units.through.objects.filter(unit_id=scope.unit_id).values("project_id")
            return Project.objects.filter(Q(lead_unit_id=scope.unit_id) | Q(pk__in=co))
        return Project.objects.none()

    def allowed(self, user, scope: Scope, action: str, obj) -> bool:
        if isinstance(obj, type):
            return action == "create" and scope.role in SETTERS_UP
        project: Project = obj
        in_scope = scope.covers_community(project.community_id)
        if action == "view":
            return (scope.role in STAFF_READERS and in_scope) or _is_participant(scope, project)
        if action in {"create", "change"}:
            return scope.role in SETTERS_UP and in_scope
        if action in TRANSITIONS:
            if scope.role not in TRANSITIONS[action].roles:
                return False
            if scope.role == Role.UNIT:
                return _is_lead(scope, project)
            return in_scope
        if action in {"progress", "attach"}:
            return _is_participant(scope, project)
        if action == "extension_request":
            return _is_lead(scope, project)
        if action in {"extension_decide", "attachment_publish"}:
            return scope.role in DECIDERS and in_scope
        return False


@policy_for(Batch)
class BatchPolicy(Policy):
    """Batches (批次) are seen by the staff who see projects; only the city admin adds or renames them."""

    def visible(self, user, scope: Scope):
        if scope.role in STAFF_READERS:
            return Batch.objects.all()
        return Batch.objects.none()

    def allowed(self, user, scope: Scope, action: str, obj) -> bool:
        if action == "view":
            return scope.role in STAFF_READERS
        return scope.everything and action in {"create", "change"}
