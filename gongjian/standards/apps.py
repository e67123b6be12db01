from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "gongjian.standards"
    verbose_name = "示范社区创建"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the policies)
