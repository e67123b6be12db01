from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongjian.portal"
    verbose_name = "居民公开页面"
