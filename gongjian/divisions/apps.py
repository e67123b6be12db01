from django.apps import AppConfig


class DivisionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongjian.divisions"
    verbose_name = "全国行政区划"
