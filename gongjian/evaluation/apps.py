from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "gongjian.evaluation"
    verbose_name = "双向评议与目标责任考核"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the policies)
