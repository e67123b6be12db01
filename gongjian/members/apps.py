from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "gongjian.members"
    verbose_name = "党员管理"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the policies)
