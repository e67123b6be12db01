"""A record of each synthetic data set loaded by `gongjian synth`, so that `gongjian bench` knows the
level it is measuring and which round, street and community to ask for."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SynthRun(models.Model):
    class Level(models.TextChoices):
        CITY = "city", _("市级（演示规模）")
        PROVINCE = "province", _("省级")
        COUNTRY = "country", _("全国")

    level = models.CharField(_("规模"), max_length=16, choices=Level.choices)
    seed = models.PositiveIntegerField(_("随机种子"))
    anchor = models.DateField(_("基准日期"), help_text=_("合成数据的日期以此为“今天”"))
    round = models.ForeignKey("solicitation.Round", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("轮次"))
    database = models.CharField(_("数据库"), max_length=32)
    counts = models.JSONField(_("行数"), default=dict)
    seconds = models.FloatField(_("耗时(秒)"), default=0)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("合成数据集")
        verbose_name_plural = _("合成数据集")
        constraints = [models.UniqueConstraint(fields=["level", "seed"], name="synth_run_level_seed_unique")]

    def __str__(self):
        return f"{self.level} seed={self.seed}"
