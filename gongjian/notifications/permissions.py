"""A message is its recipient's alone: every role sees only its own inbox."""

from gongjian.permissions import Policy, Scope, policy_for

from .models import Notification


@policy_for(Notification)
class NotificationPolicy(Policy):
    def visible(self, user, scope: Scope):
        return Notification.objects.filter(recipient_id=user.pk)

    def allowed(self, user, scope: Scope, action: str, obj) -> bool:
        if isinstance(obj, type):
            return False
        return action in {"view", "read"} and obj.recipient_id == user.pk
