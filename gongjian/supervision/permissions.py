"""Who sees and does what in the supervision area.

* Supervision records and warnings: city, street, community, liaison and leader see those of their
  communities (a liaison only the assigned ones); a unit sees only those addressed to it (the projects
  it leads) and replies to them. Liaison, street and city issue, escalate, raise and lift.
* Chair terms, meetings, contact points, committee: staff of the community's scope see them, and so
  do the units of the community (they take part). Community, street and city appoint chairs; the
  meeting's managers are community, street, city, liaison and leader in scope, and the chair unit of
  the meeting's term.
"""

from gongjian.accounts.models import Role
from gongjian.permissions import Policy, Scope, policy_for

from .models import (
    AgendaItem,
    Attendance,
    ChairRecommendation,
    ChairTerm,
    ChairTermMonth,
    CommitteeMember,
    ContactPoint,
    Decision,
    FollowUp,
    Meeting,
    ProjectWarning,
    Supervision,
    SupervisionStep,
)

STAFF = {Role.CITY, Role.STREET, Role.COMMUNITY, Role.LIAISON, Role.LEADER}
SUPERVISORS = {Role.CITY, Role.STREET, Role.LIAISON}
APPOINTERS = {Role.CITY, Role.STREET, Role.COMMUNITY}
MEETING_MANAGERS = {Role.CITY, Role.STREET, Role.COMMUNITY, Role.LIAISON, Role.LEADER}
COMMITTEE_MANAGERS = {Role.CITY, Role.STREET, Role.COMMUNITY, Role.LEADER}


def _community_of(obj) -> int | None:
    return getattr(obj, "community_id", None)


def _community_rows(model, scope: Scope, path: str = "community_id"):
    """Rows of the scope's communities: staff by their scope, a unit by its own community."""
    if scope.role in STAFF or scope.role == Role.UNIT:
        return model.objects.filter(scope.community_q(path))
    return model.objects.none()


@policy_for(Supervision)
class SupervisionPolicy(Policy):
    def visible(self, user, scope: Scope):
        if scope.role in STAFF:
            return Supervision.objects.filter(scope.community_q("community_id"))
        if scope.role == Role.UNIT:
            return Supervision.objects.filter(unit_id=scope.unit_id)
        return Supervision.objects.none()

    def allowed(self, user, scope: Scope, action: str, obj) -> bool:
        if isinstance(obj, type):
            return action == "create" and scope.role in SUPERVISORS
        in_scope = scope.covers_community(obj.community_id)
        if action == "view":
            return (scope.role in STAFF and in_scope) or (scope.role == Role.UNIT and obj.unit_id == scope.unit_id)
        if action in {"create", "escalate"}:
            return scope.role in SUPERVISORS and in_scope
        if action == "reply":
            return scope.role == Role.UNIT and obj.unit_id == scope.unit_id
        return False


@policy_for(SupervisionStep)
class SupervisionStepPolicy(Policy):
    def visible(self, user, scope: Scope):
        if scope.role in STAFF:
            return SupervisionStep.objects.filter(scope.community_q("supervision__community_id"))
        if scope.role == Role.UNIT:
            return SupervisionStep.objects.filter(supervision__unit_id=scope.unit_id)
        return SupervisionStep.objects.none()


@policy_for(ProjectWarning)
class WarningPolicy(Policy):
    def visible(self, user, scope: Scope):
        if scope.role in STAFF:
            return ProjectWarning.objects.filter(scope.community_q("community_id"))
        if scope.role == Role.UNIT:
            return ProjectWarning.objects.filter(unit_id=scope.unit_id)
        return ProjectWarning.objects.none()

    def allowed(self, user, scope: Scope, action: str, obj) -> bool:
        if isinstance(obj, type):
            return action == "create" and scope.role in SUPERVISORS
        in_scope = scope.covers_community(obj.community_id)
        if action == "view":
            return (scope.role in STAFF and in_scope) or (scope.role == Role.UNIT and obj.unit_id == scope.unit_id)
        if action in {"create", "lift"}:
            return scope.role in SUPERVISORS and in_scope
        return False


class _CommunityRowsPolicy(Policy):
    """Rows that belong to a community: visible to the community's staff scope and its units."""

    path = "community_id"
    managers: set[str] = set()

    def visible(self, user, scope: Scope):
        return _community_rows(self.model, scope, self.path)

    def community_id(self, obj) -> int | None:
        return _community_of(obj)

    def allowed(self, user, scope: Scope, action: str, obj) -> bool:
        if isinstance(obj, type):
            return action == "create" and scope.role in self.managers
        in_scope = scope.covers_community(self.community_id(obj))
        if action == "view":
            return in_scope and (scope.role in STAFF or scope.role == Role.UNIT)
        return self.may(scope, action, obj, in_scope)

    def may(self, scope: Scope, action: str, obj, in_scope: bool) -> bool:
        return action in {"create", "change"} and scope.role in self.managers and in_scope


@policy_for(ChairTerm)
class ChairTermPolicy(_CommunityRowsPolicy):
    managers = APPOINTERS

    def may(self, scope, action, obj, in_scope):
        return action in {"create", "rotate"} and scope.role in self.managers and in_scope


@policy_for(ChairTermMonth)
class ChairTermMonthPolicy(_CommunityRowsPolicy):
    pass


@policy_for(ChairRecommendation)
class ChairRecommendationPolicy(_CommunityRowsPolicy):
    managers = APPOINTERS | {Role.UNIT}

    def may(self, scope, action, obj, in_scope):
        if action != "create" or not in_scope:
            return False
        if scope.role == Role.UNIT:  # a unit recommends in its own name only
            return obj.recommender_id == scope.unit_id
        return scope.role in APPOINTERS


def _is_meeting_chair(scope: Scope, meeting: Meeting) -> bool:
    if scope.role != Role.UNIT or meeting.chair_term_id is None:
        return False
    return ChairTerm.objects.filter(pk=meeting.chair_term_id, unit_id=scope.unit_id).exists()


@policy_for(Meeting)
class MeetingPolicy(_CommunityRowsPolicy):
    managers = MEETING_MANAGERS | {Role.UNIT}

    def may(self, scope, action, obj, in_scope):
        if not in_scope:
            return False
        if action == "create":
            if scope.role == Role.UNIT:  # the chair unit convenes its own community's meetings
                from .services.chairs import current_chair

                term = current_chair(obj.community, obj.held_on) if obj.community_id else None
                return term is not None and term.unit_id == scope.unit_id
            return scope.role in MEETING_MANAGERS
        if action in {"attendance", "minutes", "decide", "follow_up"}:
            return scope.role in MEETING_MANAGERS or _is_meeting_chair(scope, obj)
        return False


class _MeetingPartPolicy(_CommunityRowsPolicy):
    path = "meeting__community_id"

    def community_id(self, obj):
        return obj.meeting.community_id

    def may(self, scope, action, obj, in_scope):
        return False


@policy_for(AgendaItem)
class AgendaItemPolicy(_MeetingPartPolicy):
    pass


@policy_for(Attendance)
class AttendancePolicy(_MeetingPartPolicy):
    pass


@policy_for(Decision)
class DecisionPolicy(_MeetingPartPolicy):
    def may(self, scope, action, obj, in_scope):
        if action == "follow_up":
            return MeetingPolicy().may(scope, "follow_up", obj.meeting, in_scope)
        return False


@policy_for(FollowUp)
class FollowUpPolicy(_CommunityRowsPolicy):
    def may(self, scope, action, obj, in_scope):
        if action != "complete" or not in_scope:
            return False
        return scope.role in MEETING_MANAGERS or (scope.role == Role.UNIT and obj.owner_unit_id == scope.unit_id)


@policy_for(ContactPoint)
class ContactPointPolicy(_CommunityRowsPolicy):
    managers = {Role.CITY}

    def may(self, scope, action, obj, in_scope):
        return action in {"create", "change", "end"} and scope.role in self.managers and in_scope


@policy_for(CommitteeMember)
class CommitteeMemberPolicy(_CommunityRowsPolicy):
    managers = COMMITTEE_MANAGERS

    def may(self, scope, action, obj, in_scope):
        return action in {"create", "change", "retire"} and scope.role in self.managers and in_scope
