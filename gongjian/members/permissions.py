"""Who sees and changes Party member records.

* A community sees the members living in it and the in-service members who reported to it (双报到);
  a street the same for its communities; liaison officers and leaders read those of their
  communities. A unit sees only its own members (and so where they reported). The city sees all.
* Personal data (ID number, phone, address) is masked for everybody by default. Only the roles that
  work with the member may ask for the unmasked record (`view_personal`: the city, the community
  where the member lives or reported, the member's own unit), and each such view is logged.
"""

from django.db.models import Q

from gongjian.accounts.models import Role
from gongjian.permissions import Policy, Scope, policy_for

from .models import ContactRecord, DuesPayment, Member, MemberDataAccess, MemberReport, RiskSettings

STAFF_ROLES = {Role.CITY, Role.STREET, Role.COMMUNITY, Role.UNIT, Role.LIAISON, Role.LEADER}
COMMUNITY_SIDE = {Role.STREET, Role.COMMUNITY, Role.LIAISON, Role.LEADER}
WRITERS = {Role.CITY, Role.STREET, Role.COMMUNITY, Role.UNIT}


def member_q(scope: Scope, prefix: str = "") -> Q:
    """The members a scope covers, as a filter (prefix: the lookup to the member, e.g. "member__")."""
    if scope.everything:
        return Q()
    if scope.role == Role.UNIT:
        return Q(**{f"{prefix}unit_id": scope.unit_id}) if scope.unit_id else Q(pk__in=[])
    if scope.role in COMMUNITY_SIDE:
        ids = list(scope.community_ids)
        reported = MemberReport.objects.filter(community_id__in=ids).values("member_id")
        return Q(**{f"{prefix}community_id__in": ids}) | Q(**{f"{prefix}pk__in": reported})
    return Q(pk__in=[])


def _covers_member(scope: Scope, member: Member) -> bool:
    """Does the scope cover this member (in Python; one query at most, for the 双报到 side)."""
    if scope.everything:
        return True
    if scope.role == Role.UNIT:
        return scope.unit_id is not None and member.unit_id == scope.unit_id
    if scope.role in COMMUNITY_SIDE:
        if member.community_id in scope.community_ids:
            return True
        if member.pk is None:
            return False
        return member.reports.filter(community_id__in=list(scope.community_ids)).exists()
    return False


@policy_for(Member)
class MemberPolicy(Policy):
    def visible(self, user, scope: Scope):
        if scope.role not in STAFF_ROLES:
            return Member.objects.none()
        return Member.objects.filter(member_q(scope))

    def allowed(self, user, scope, action, obj):
        if scope.role not in STAFF_ROLES:
            return False
        if isinstance(obj, type):
            if action in {"create", "import"}:
                return scope.role in WRITERS
            return action in {"view", "export"}
        if action in {"view", "export"}:
            return _covers_member(scope, obj)
        if scope.everything:
            return action in {"create", "change", "view_personal", "contact", "dues", "report"}
        if scope.role == Role.UNIT:
            return (action in {"create", "change", "view_personal", "contact", "dues", "report"}
                    and _covers_member(scope, obj))
        if scope.role in (Role.STREET, Role.COMMUNITY):
            if action in {"create", "change"}:
                return obj.community_id is not None and obj.community_id in scope.community_ids
            if action in {"contact", "dues", "report"}:
                return _covers_member(scope, obj)
            if action == "view_personal":
                return scope.role == Role.COMMUNITY and _covers_member(scope, obj)
        return False


@policy_for(MemberReport)
class MemberReportPolicy(Policy):
    def visible(self, user, scope: Scope):
        if scope.everything:
            return MemberReport.objects.all()
        if scope.role == Role.UNIT:
            return MemberReport.objects.filter(member__unit_id=scope.unit_id) if scope.unit_id \
                else MemberReport.objects.none()
        if scope.role in COMMUNITY_SIDE:
            return MemberReport.objects.filter(community_id__in=list(scope.community_ids))
        return MemberReport.objects.none()

    def allowed(self, user, scope, action, obj):
        return action == "view" and scope.role in STAFF_ROLES and (
            isinstance(obj, type) or self.visible(user, scope).filter(pk=obj.pk).exists())


class _ThroughMember(Policy):
    def visible(self, user, scope: Scope):
        if scope.role not in STAFF_ROLES:
            return self.model.objects.none()
        return self.model.objects.filter(member_q(scope, "member__"))

    def allowed(self, user, scope, action, obj):
        return action == "view" and scope.role in STAFF_ROLES and (
            isinstance(obj, type) or _covers_member(scope, obj.member))


@policy_for(ContactRecord)
class ContactRecordPolicy(_ThroughMember):
    pass


@policy_for(DuesPayment)
class DuesPaymentPolicy(_ThroughMember):
    pass


@policy_for(RiskSettings)
class RiskSettingsPolicy(Policy):
    def visible(self, user, scope: Scope):
        return RiskSettings.objects.all() if scope.role in STAFF_ROLES else RiskSettings.objects.none()

    def allowed(self, user, scope, action, obj):
        if action == "view":
            return scope.role in STAFF_ROLES
        return action == "change" and scope.everything


@policy_for(MemberDataAccess)
class MemberDataAccessPolicy(Policy):
    """The access log is read by the city only (it is the check on everybody else)."""

    def visible(self, user, scope: Scope):
        return MemberDataAccess.objects.all() if scope.everything else MemberDataAccess.objects.none()

    def allowed(self, user, scope, action, obj):
        return scope.everything and action == "view"
