from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gongjian.reports"
    verbose_name = "统计与报表"
