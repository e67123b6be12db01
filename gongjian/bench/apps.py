from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Installed only so that Django finds the `gongjian bench` command here; it has no models."""

    name = "gongjian.bench"
    verbose_name = "性能基准"
