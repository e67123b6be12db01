"""Who sees and records co-building activities.

A community (and its street, liaison officers and leaders) sees the activities held in it or
organised by it; a unit sees the activities it organised, those held in the community where it is,
and those its people took part in. Recording belongs to the organiser: the city; a street or a
community for activities in their communities; a unit for activities it organises (in any
community: units go out to the communities)."""

from django.db.models import Q

from gongjian.permissions import Policy, Scope, policy_for

from .models import Activity, Participation

STAFF_ROLES = {"city", "street", "community", "unit", "liaison", "leader"}


def activity_q(scope: Scope, prefix: str = "") -> Q:
    if scope.everything:
        return Q()
    ids = list(scope.community_ids)
    if scope.role == "unit":
        if not scope.unit_id:
            return Q(pk__in=[])
        took_part = Participation.objects.filter(unit_id=scope.unit_id).values("activity_id")
        return (Q(**{f"{prefix}organiser_unit_id": scope.unit_id}) | Q(**{f"{prefix}community_id__in": ids})
                | Q(**{f"{prefix}pk__in": took_part}))
    if scope.role in STAFF_ROLES:
        return Q(**{f"{prefix}community_id__in": ids}) | Q(**{f"{prefix}organiser_community_id__in": ids})
    return Q(pk__in=[])


def _may_record(scope: Scope, activity: Activity) -> bool:
    if scope.everything:
        return True
    if scope.role == "unit":
        return scope.unit_id is not None and activity.organiser_unit_id == scope.unit_id
    if scope.role in ("street", "community"):
        organiser_ok = activity.organiser_community_id is None or \
            activity.organiser_community_id in scope.community_ids
        return activity.community_id in scope.community_ids and organiser_ok
    return False


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
                return scope.everything or scope.role in ("street", "community", "unit")
            return action == "view"
        if action == "view":
            return self.visible(user, scope).filter(pk=obj.pk).exists() if obj.pk else False
        if action in {"create", "change", "participants"}:
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
