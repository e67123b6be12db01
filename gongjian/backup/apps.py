from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "gongjian.backup"
    verbose_name = "备份与恢复"
