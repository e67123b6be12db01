from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "gongjian.funding"
    verbose_name = "准入与经费"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the policies)
