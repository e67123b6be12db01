from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "gongjian.notifications"
    verbose_name = "消息提醒"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the policies)
