from django.apps import AppConfig


class SolicitationConfig(AppConfig):
    name = "gongjian.solicitation"
    verbose_name = "征求意见与筛选"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the policies)
