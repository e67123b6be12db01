from django.apps import AppConfig


class CitySetupConfig(AppConfig):
    name = "gongjian.citysetup"
    label = "citysetup"
    verbose_name = "开通向导"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the policy)
