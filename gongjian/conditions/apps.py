from django.apps import AppConfig


class ConditionsConfig(AppConfig):
    name = "gongjian.conditions"
    verbose_name = "社区基础条件"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the policies)
