from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "gongjian.api"
    verbose_name = "JSON API"
