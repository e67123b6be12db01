from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "gongjian.projects"
    verbose_name = "办实事项目"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the policies)
