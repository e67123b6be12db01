"""Two-way evaluation 双向评议 (campaigns, criteria, ratings) and the weights of the yearly
target-responsibility assessment 目标责任考核. Scores themselves are not stored: they are computed from
the projects, ratings and the other areas' records (see scoring.py), so changing a weight recomputes."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gongjian.core.models import TimeStampedModel


class Direction(models.TextChoices):
    """Who rates whom: each community rates each of its units; each unit rates its community."""

    COMMUNITY_TO_UNIT = "community_to_unit", _("社区评单位")
    UNIT_TO_COMMUNITY = "unit_to_community", _("单位评社区")


# A unit is rated by one rater, its community: its result is that community's rating and is shown as
# such (社区评议). A community is rated by its units: their average is shown only from this many raters
# up, so that no unit's own score can be read off an "average" of one or two.
MIN_AVERAGED_RATERS = 3
TOO_FEW_RATERS = "评议人数不足"


class Scale(models.TextChoices):
    FIVE = "five", _("1–5 分")
    HUNDRED = "hundred", _("0–100 分")


SCALE_BOUNDS = {Scale.FIVE: (1, 5), Scale.HUNDRED: (0, 100)}


class Campaign(TimeStampedModel):
    """评议活动: the city opens one at the end of a round; raters rate while it is open."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("筹备中")
        OPEN = "open", _("评议中")
        CLOSED = "closed", _("已结束")

    # action → (from, to); only the city takes them (permissions.CampaignPolicy).
    TRANSITIONS = {
        "open": (Status.DRAFT, Status.OPEN),
        "close": (Status.OPEN, Status.CLOSED),
    }

    round = models.ForeignKey("solicitation.Round", on_delete=models.PROTECT,
                              related_name="evaluation_campaigns", verbose_name=_("轮次"))
    name = models.CharField(_("名称"), max_length=100, unique=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    note = models.TextField(_("说明"), blank=True)
    opened_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("创建人"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("评议活动")
        verbose_name_plural = _("评议活动")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["draft", "open", "closed"]),
                                   name="campaign_status_valid"),
            models.CheckConstraint(condition=Q(status="draft") | Q(opened_at__isnull=False),
                                   name="campaign_opened_has_time"),
            models.CheckConstraint(condition=~Q(status="closed") | Q(closed_at__isnull=False),
                                   name="campaign_closed_has_time"),
        ]

    def __str__(self):
        return self.name

    @property
    def year(self) -> int:
        return self.round.year


class Criterion(TimeStampedModel):
    """评议指标: e.g. 履行承诺, 配合程度, 服务群众, 作风 — each with a weight and a scale."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="criteria",
                                 verbose_name=_("评议活动"))
    direction = models.CharField(_("评议方向"), max_length=24, choices=Direction.choices)
    name = models.CharField(_("指标"), max_length=50)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    weight = models.DecimalField(_("权重"), max_digits=6, decimal_places=2, default=Decimal("1"))
    scale = models.CharField(_("分制"), max_length=8, choices=Scale.choices, default=Scale.FIVE)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["campaign_id", "direction", "sort_order", "id"]
        verbose_name = _("评议指标")
        verbose_name_plural = _("评议指标")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "direction", "name"], name="criterion_unique_name"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
            models.CheckConstraint(condition=Q(scale__in=["five", "hundred"]), name="criterion_scale_valid"),
            models.CheckConstraint(condition=Q(direction__in=["community_to_unit", "unit_to_community"]),
                                   name="criterion_direction_valid"),
        ]

    def __str__(self):
        return f"{self.name}（{self.get_scale_display()}）"

    @property
    def min_score(self) -> int:
        return SCALE_BOUNDS[self.scale][0]

    @property
    def max_score(self) -> int:
        return SCALE_BOUNDS[self.scale][1]

    @property
    def choices(self) -> list[int]:
        return list(range(self.min_score, self.max_score + 1))


class EvaluationRating(TimeStampedModel):
    """One score given on one criterion by one rater to one ratee. The pair is always a community and a
    unit located in it; `direction` says which of the two rated. Private to the rater's side (and the city):
    the rated party sees only aggregates."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="ratings",
                                 verbose_name=_("评议活动"))
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="ratings",
                                  verbose_name=_("指标"))
    direction = models.CharField(_("评议方向"), max_length=24, choices=Direction.choices)
    community = models.ForeignKey("registry.Community", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("社区"))
    unit = models.ForeignKey("registry.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("辖区单位"))
    scale = models.CharField(_("分制"), max_length=8, choices=Scale.choices)  # copied: the check below
    score = models.PositiveSmallIntegerField(_("得分"))
    comment = models.TextField(_("评语"), blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("评议人"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["campaign_id", "direction", "community_id", "unit_id", "criterion_id"]
        verbose_name = _("评议打分")
        verbose_name_plural = _("评议打分")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "criterion", "community", "unit"],
                                    name="evaluation_one_rating_per_rater_ratee_criterion"),
            models.CheckConstraint(
                condition=(Q(scale="five", score__gte=1, score__lte=5)
                           | Q(scale="hundred", score__gte=0, score__lte=100)),
                name="evaluation_score_within_scale"),
            models.CheckConstraint(condition=Q(direction__in=["community_to_unit", "unit_to_community"]),
                                   name="evaluation_direction_valid"),
        ]
        indexes = [
            models.Index(fields=["campaign", "direction", "unit"]),
            models.Index(fields=["campaign", "direction", "community"]),
        ]

    def __str__(self):
        return f"{self.get_direction_display()} {self.criterion_id}: {self.score}"


# The weights used for a year that has none set (the page says so).
DEFAULT_WEIGHTS = {
    "completion": Decimal("25"),
    "timeliness": Decimal("15"),
    "satisfaction": Decimal("20"),
    "evaluation": Decimal("30"),
    "participation": Decimal("10"),
    "warning_penalty": Decimal("2"),
    "community_rating": Decimal("50"),
    "community_completion": Decimal("30"),
    "community_meetings": Decimal("20"),
}


class AssessmentWeights(TimeStampedModel):
    """考核权重 of one year, set by the city. Unit terms and community terms are weighted separately;
    a supervision warning (通报) deducts `warning_penalty` points from the unit's score."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    completion = models.DecimalField(_("项目完成率权重"), max_digits=6, decimal_places=2,
                                     default=DEFAULT_WEIGHTS["completion"])
    timeliness = models.DecimalField(_("按时完成率权重"), max_digits=6, decimal_places=2,
                                     default=DEFAULT_WEIGHTS["timeliness"])
    satisfaction = models.DecimalField(_("群众满意率权重"), max_digits=6, decimal_places=2,
                                       default=DEFAULT_WEIGHTS["satisfaction"])
    evaluation = models.DecimalField(_("社区评议得分权重"), max_digits=6, decimal_places=2,
                                     default=DEFAULT_WEIGHTS["evaluation"])
    participation = models.DecimalField(_("共建活动参与权重"), max_digits=6, decimal_places=2,
                                        default=DEFAULT_WEIGHTS["participation"])
    warning_penalty = models.DecimalField(_("每次通报扣分"), max_digits=6, decimal_places=2,
                                          default=DEFAULT_WEIGHTS["warning_penalty"])
    community_rating = models.DecimalField(_("单位评议得分权重（社区）"), max_digits=6, decimal_places=2,
                                           default=DEFAULT_WEIGHTS["community_rating"])
    community_completion = models.DecimalField(_("项目完成率权重（社区）"), max_digits=6, decimal_places=2,
                                               default=DEFAULT_WEIGHTS["community_completion"])
    community_meetings = models.DecimalField(_("联席会议按时召开权重（社区）"), max_digits=6, decimal_places=2,
                                             default=DEFAULT_WEIGHTS["community_meetings"])
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("设置人"))

    history = HistoricalRecords()

    FIELDS = tuple(DEFAULT_WEIGHTS)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("考核权重")
        verbose_name_plural = _("考核权重")
        constraints = [
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="weights_year_valid"),
            models.CheckConstraint(
                condition=(Q(completion__gte=0) & Q(timeliness__gte=0) & Q(satisfaction__gte=0)
                           & Q(evaluation__gte=0) & Q(participation__gte=0) & Q(warning_penalty__gte=0)
                           & Q(community_rating__gte=0) & Q(community_completion__gte=0)
                           & Q(community_meetings__gte=0)),
                name="weights_not_negative"),
        ]

    def __str__(self):
        return f"{self.year}年考核权重"


class ExportJob(TimeStampedModel):
    """An assessment table rendered to .xlsx or .pdf by a task worker (big cities), kept for download."""

    class Kind(models.TextChoices):
        UNITS = "units", _("辖区单位考核表")
        COMMUNITIES = "communities", _("社区考核表")

    class Format(models.TextChoices):
        XLSX = "xlsx", _("Excel")
        PDF = "pdf", _("PDF")

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("正在生成")
        DONE = "done", _("已完成")
        FAILED = "failed", _("生成失败")

    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("表格"), max_length=16, choices=Kind.choices)
    fmt = models.CharField(_("格式"), max_length=8, choices=Format.choices)
    street = models.ForeignKey("registry.Street", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="+", verbose_name=_("街道"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(_("文件"), upload_to="exports/assessment/%Y/%m/", blank=True)
    rows = models.PositiveIntegerField(_("行数"), default=0)
    error = models.TextField(_("错误"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                                   verbose_name=_("申请人"))
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("考核表导出")
        verbose_name_plural = _("考核表导出")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["units", "communities"]) & Q(fmt__in=["xlsx", "pdf"]),
                                   name="export_kind_format_valid"),
        ]

    def __str__(self):
        return f"{self.year} {self.get_kind_display()} {self.fmt}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def filename(self) -> str:
        return f"{self.year}年{self.get_kind_display()}.{self.fmt}"
