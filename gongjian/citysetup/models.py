"""The city's profile 城市信息 and what the set-up checklist 开通向导 reads."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gongjian.core.models import TimeStampedModel


def _emblem_path(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    return f"city/emblem.{ext}"


class CityProfile(TimeStampedModel):
    """One row: the county-level city that runs this programme (names on pages, archive numbers)."""

    SINGLETON_ID = 1

    name = models.CharField(_("城市名称"), max_length=50)
    division_code = models.CharField(_("县级行政区划代码"), max_length=6, blank=True,
                                     help_text=_("国家统计用区划代码的前 6 位，如应城市 420981"))
    archive_prefix = models.CharField(_("档案号前缀"), max_length=8,
                                      help_text=_("问题档案号的开头，如 YC（YC-2010-001）"))
    department = models.CharField(_("牵头部门"), max_length=100, blank=True,
                                  help_text=_("组织实施的部门，如 中共应城市委组织部"))
    emblem = models.FileField(_("标志图片"), upload_to=_emblem_path, max_length=200, blank=True)
    # Shown on the public home page (and in the public API's answer) while no round is open.
    next_round_opens_on = models.DateField(_("下一轮征集预计开始日期"), null=True, blank=True)
    next_round_note = models.CharField(_("下一轮征集说明"), max_length=100, blank=True,
                                       help_text=_("如：届时各社区将发放征求意见表"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("城市信息")
        verbose_name_plural = _("城市信息")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="city_profile_single_row"),
            models.CheckConstraint(condition=Q(division_code="") | Q(division_code__regex=r"^[0-9]{6}$"),
                                   name="city_profile_division_code_six_digits"),
            models.CheckConstraint(condition=Q(archive_prefix__regex=r"^[A-Z][A-Z0-9]{0,7}$"),
                                   name="city_profile_archive_prefix_format"),
        ]

    def __str__(self):
        return self.name
