"""Who sees and records co-building activities.

A community (and its street, liaison officers and leaders) sees the activities held in it or
organised by it; a unit sees the activities it organised, those held in the community where it is,
and those its people took part in. Recording belongs to the organiser: the city; a street or a
community for activities in their communities; a unit for activities it organises (in any
community: units go out to the communities).

An activity is credited to its organiser, and a unit's organised activities count in its yearly
participation figure (the assessment), so an activity may name as organiser only a unit the user acts
for: the city any unit; a street or a community a unit located in its communities (the units the
registry's policy lets it change); a unit itself."""

from django.db.models import Q

from gongjian.accounts.models import Role
from gongjian.permissions import Policy, Scope, policy_for

from .models import Activity, Participation

STAFF_ROLES = {Role.CITY, Role.STREET, Role.COMMUNITY, Role.UNIT, Role.LIAISON, Role.LEADER}
RECORDERS = {Role.STREET, Role.COMMUNITY, Role.UNIT}


def activity_q(scope: Scope, prefix: str = "") -> Q:
    if scope.everything:
        return Q()
    ids = list(scope.community_ids)
    if scope.role == Role.UNIT:
        if not scope.unit_id:
            return Q(pk__in=[])
        took_part = Participation.objects.filter(unit_id=scope.unit_id).values("activity_id")
        return (Q(**{f"{prefix}organiser_unit_id": scope.unit_id}) | Q(**{f"{prefix}community_id__in": ids})
                | Q(**{f"{prefix}pk__in": took_part}))
    if scope.role in STAFF_ROLES:
        return Q(**{f"{prefix}community_id__in": ids}) | Q(**{f"{prefix}organiser_community_id__in": ids})
    return Q(pk__in=[])


def units_acted_for_q(scope: Scope, path: str = "") -> Q:
    """The units a user may name as an activity's organiser (`path`: the lookup to the unit)."""
    if scope.everything:
        return Q()
    if scope.role == Role.UNIT:
        return Q(**{f"{path}pk": scope.unit_id}) if scope.unit_id else Q(pk__in=[])
    if scope.role in (Role.STREET, Role.COMMUNITY):
        return scope.community_q(f"{path}community_id")
    return Q(pk__in=[])


def acts_for_unit(scope: Scope, unit) -> bool:
    if scope.everything:
        return True
    if scope.role == Role.UNIT:
        return scope.unit_id is not None and unit.pk == scope.unit_id
    if scope.role in (Role.STREET, Role.COMMUNITY):
        return scope.covers_community(unit.community_id)
    return False


def _may_record(scope: Scope, activity: Activity) -> bool:
    """Record the activity's participants: the organiser, or the street or community it is held in."""
    if scope.everything:
        return True
    if scope.role == Role.UNIT:
        return scope.unit_id is not None and activity.organiser_unit_id == scope.unit_id
    if scope.role in (Role.STREET, Role.COMMUNITY):
        organiser_ok = activity.organiser_community_id is None or \
            activity.organiser_community_id in scope.community_ids
        return activity.community_id in scope.community_ids and organiser_ok
    return False


def _may_organise(scope: Scope, activity: Activity) -> bool:
    """Create or change the activity: as above, and its organising unit is one the user acts for."""
    if not _may_record(scope, activity):
        return False
    return activity.organiser_unit_id is None or acts_for_unit(scope, activity.organiser_unit)


@policy_for(Activity)
class ActivityPolicy(Policy):
    def visible(self, user, scope: Scope):
        if scope.role not in STAFF_ROLES:
            return Activity.objects.none()
        return Activity.objects.filter(activity_q(scope))

    def allowed(self, user, scope, action, obj):
        if scope.role not in STAFF_ROLES:
            return False
        if isinstance(obj, type):
            if action == "create":
                return scope.everything or scope.role in RECORDERS
            return action == "view"
        if action == "view":
            return self.visible(user, scope).filter(pk=obj.pk).exists() if obj.pk else False
        if action in {"create", "change"}:
            return _may_organise(scope, obj)
        if action == "participants":
            return _may_record(scope, obj)
        return False


@policy_for(Participation)
class ParticipationPolicy(Policy):
    def visible(self, user, scope: Scope):
        if scope.role not in STAFF_ROLES:
            return Participation.objects.none()
        if scope.everything:
            return Participation.objects.all()
        return Participation.objects.filter(activity__in=Activity.objects.filter(activity_q(scope)))

    def allowed(self, user, scope, action, obj):
        if isinstance(obj, type):
            return action == "view" and scope.role in STAFF_ROLES
        if action == "view":
            return scope.role in STAFF_ROLES and self.visible(user, scope).filter(pk=obj.pk).exists()
        if action == "remove":
            return scope.role in STAFF_ROLES and _may_record(scope, obj.activity)
        return False
