from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "gongjian.registry"
    verbose_name = "基础台账"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the policies)
