from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "gongjian.activities"
    verbose_name = "共建活动"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the policies)
