"""Community conditions 社区基础条件: what the registry does not hold about the cadres and the means
of each community — cadres' training records and the community's yearly working budget.

Cadres (age, education, position) and premises (owned / rented / incomplete, area) stay in the
registry; the overviews here read them.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gongjian.core.models import TimeStampedModel


class CadreTraining(TimeStampedModel):
    """教育培训记录 of one community cadre."""

    cadre = models.ForeignKey("registry.Cadre", on_delete=models.CASCADE, related_name="trainings",
                              verbose_name=_("社区干部"))
    # The cadre's community, copied so that scope filters and overviews need no join through Cadre.
    community = models.ForeignKey("registry.Community", on_delete=models.PROTECT, related_name="cadre_trainings",
                                  verbose_name=_("社区"))
    title = models.CharField(_("培训内容"), max_length=200)
    organiser = models.CharField(_("主办单位"), max_length=100, blank=True)
    held_on = models.DateField(_("培训日期"))
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1)
    certificate = models.CharField(_("证书/结业情况"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("登记人"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("干部培训记录")
        verbose_name_plural = _("干部培训记录")
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0) & Q(hours__lte=1000), name="cadre_training_hours_valid"),
        ]
        indexes = [models.Index(fields=["community", "held_on"])]

    def __str__(self):
        return f"{self.title}（{self.held_on}）"


class CommunityBudget(TimeStampedModel):
    """A community's working budget 工作经费 for one year: the regular allocation and what was spent."""

    community = models.ForeignKey("registry.Community", on_delete=models.PROTECT, related_name="budgets",
                                  verbose_name=_("社区"))
    year = models.PositiveSmallIntegerField(_("年度"))
    allocated = models.DecimalField(_("核定工作经费(元)"), max_digits=12, decimal_places=2, default=Decimal("0"))
    spent = models.DecimalField(_("已支出(元)"), max_digits=12, decimal_places=2, default=Decimal("0"))
    source = models.CharField(_("经费来源"), max_length=100, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "community_id"]
        verbose_name = _("社区工作经费")
        verbose_name_plural = _("社区工作经费")
        constraints = [
            models.UniqueConstraint(fields=["community", "year"], name="community_budget_one_per_year"),
            models.CheckConstraint(condition=Q(allocated__gte=0) & Q(spent__gte=0),
                                   name="community_budget_not_negative"),
            models.CheckConstraint(condition=Q(year__gte=1990) & Q(year__lte=2100), name="community_budget_year"),
        ]

    def __str__(self):
        return f"{self.community} {self.year}"
