"""Users are managed by the city admin only; everyone sees themselves."""

from gongjian.permissions import Policy, Scope, policy_for

from .models import User


@policy_for(User)
class UserPolicy(Policy):
    def visible(self, user, scope: Scope):
        if scope.everything:
            return User.objects.all()
        return User.objects.filter(pk=user.pk)

    def allowed(self, user, scope, action, obj):
        return scope.everything and action in {"create", "change", "view"}
