from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gongjian.accounts"
    verbose_name = "用户与角色"

    def ready(self):
        from gongjian.core import checks  # noqa: F401  (registers the deployment checks)

        from . import permissions  # noqa: F401  (registers the policies)
