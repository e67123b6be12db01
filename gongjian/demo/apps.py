from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "gongjian.demo"
    verbose_name = "演示数据"
