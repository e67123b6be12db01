from django.apps import AppConfig


class TodoConfig(AppConfig):
    name = "gongjian.todo"
    label = "todo"
    verbose_name = "待办"
