"""Who sees and changes task admission and the funds ledger.

A department (the unit-role user of the filing unit) sees its own requests and their ledger; a
community sees the tasks moved into it and what it is owed; a street sees its communities'; the city
sees everything and alone admits or refuses. Liaison officers, leaders and other units see nothing.

A request that covers many communities shows each reader only the promises it may see: a community
its own row and the totals over it, a street its communities' rows — pages and API alike.
"""

from django.db.models import Q

from gongjian.accounts.models import Role
from gongjian.permissions import Policy, Scope, policy_for

from .models import FundPromise, Payment, TaskRequest

AREA_READERS = {Role.CITY, Role.STREET, Role.COMMUNITY}


def _files_for(scope: Scope, unit_id) -> bool:
    return scope.role == Role.UNIT and scope.unit_id is not None and unit_id == scope.unit_id


def promise_q(scope: Scope, prefix: str = "") -> Q:
    """The fund promises the scope sees; `prefix` is the lookup from the queried model to the promise
    (`"promises__"` from a request)."""
    if scope.role in AREA_READERS:
        return scope.community_q(f"{prefix}community_id")
    if scope.role == Role.UNIT and scope.unit_id:
        return Q(**{f"{prefix}request__unit_id": scope.unit_id})
    return Q(**{f"{prefix}pk__in": []})


@policy_for(TaskRequest)
class TaskRequestPolicy(Policy):
    def visible(self, user, scope: Scope):
        if scope.everything:
            return TaskRequest.objects.all()
        if scope.role in AREA_READERS:
            ids = FundPromise.objects.filter(scope.community_q("community_id")).values("request_id")
            return TaskRequest.objects.filter(pk__in=ids)
        if scope.role == Role.UNIT:
            return TaskRequest.objects.filter(unit_id=scope.unit_id)
        return TaskRequest.objects.none()

    def allowed(self, user, scope, action, obj):
        if isinstance(obj, type):
            return action == "create" and (scope.everything or scope.role == Role.UNIT)
        if action in {"admit", "refuse"}:
            return scope.everything
        if action in {"promise", "pay"}:
            return scope.everything or _files_for(scope, obj.unit_id)
        if action == "view":
            return (scope.everything or _files_for(scope, obj.unit_id)
                    or (scope.role in AREA_READERS
                        and obj.promises.filter(scope.community_q("community_id")).exists()))
        return False


@policy_for(FundPromise)
class FundPromisePolicy(Policy):
    def visible(self, user, scope: Scope):
        if scope.role in AREA_READERS or scope.role == Role.UNIT:
            return FundPromise.objects.filter(promise_q(scope))
        return FundPromise.objects.none()

    def allowed(self, user, scope, action, obj):
        if isinstance(obj, type):
            return action == "create" and (scope.everything or scope.role == Role.UNIT)
        if action == "view":
            return ((scope.role in AREA_READERS and scope.covers_community(obj.community_id))
                    or _files_for(scope, obj.request.unit_id))
        if action in {"pay", "change"}:
            return scope.everything or _files_for(scope, obj.request.unit_id)
        return False


@policy_for(Payment)
class PaymentPolicy(Policy):
    def visible(self, user, scope: Scope):
        if scope.role in AREA_READERS:
            return Payment.objects.filter(scope.community_q("promise__community_id"))
        if scope.role == Role.UNIT:
            return Payment.objects.filter(promise__request__unit_id=scope.unit_id)
        return Payment.objects.none()

    def allowed(self, user, scope, action, obj):
        if isinstance(obj, type):
            return action == "create" and (scope.everything or scope.role == Role.UNIT)
        if action == "view":
            promise = obj.promise
            return ((scope.role in AREA_READERS and scope.covers_community(promise.community_id))
                    or _files_for(scope, promise.request.unit_id))
        return False
