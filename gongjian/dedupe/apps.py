from django.apps import AppConfig


class DedupeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongjian.dedupe"
    label = "dedupe"
    verbose_name = "近似查重"
