from django.apps import AppConfig


class SynthConfig(AppConfig):
    name = "gongjian.synth"
    verbose_name = "合成数据（压测）"
