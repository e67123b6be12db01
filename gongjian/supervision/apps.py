from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "gongjian.supervision"
    verbose_name = "督办与协调"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the policies)
