"""Every signed-in staff user reads the city profile; only the city admin changes it."""

from gongjian.accounts.models import Role
from gongjian.permissions import Policy, Scope, policy_for

from .models import CityProfile


@policy_for(CityProfile)
class CityProfilePolicy(Policy):
    def visible(self, user, scope: Scope):
        return CityProfile.objects.all()

    def allowed(self, user, scope, action, obj):
        return scope.role == Role.CITY and action in {"change", "setup"}
