"""Demonstration communities 示范社区创建.

The city sets a Standard made of Criteria with points, in three groups after the guiding
idea "抓基础、创特色、上档次". A community assesses itself against it (with evidence files), the
street reviews, the city gives the final score; the final score sets the community's tier
(一类 / 二类 / 三类) and tells whether it reaches the provincial standard. A Target says what share
of the communities should reach it by when ("两年内使80%的社区达到省级示范社区标准").
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gongjian.accounts.models import Role
from gongjian.core.models import TimeStampedModel

# The working line per tier: "一类社区抓深化、二类社区抓巩固、三类社区抓基础".
TIER_FOCUS = {
    1: "一类社区抓深化：总结提炼经验，创特色、上档次，发挥示范带动作用",
    2: "二类社区抓巩固：补齐短板，巩固已有成果，向一类社区看齐",
    3: "三类社区抓基础：先把班子、阵地、制度、经费等基础工作抓起来",
}
TIER_SHORT = {1: "抓深化", 2: "抓巩固", 3: "抓基础"}


class Standard(TimeStampedModel):
    """示范社区创建标准."""

    name = models.CharField(_("名称"), max_length=150, unique=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    pass_score = models.DecimalField(_("达到省级示范标准的分数"), max_digits=6, decimal_places=1)
    tier1_min = models.DecimalField(_("一类社区最低分"), max_digits=6, decimal_places=1)
    tier2_min = models.DecimalField(_("二类社区最低分"), max_digits=6, decimal_places=1)
    active = models.BooleanField(_("正在使用"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "id"]
        verbose_name = _("示范社区标准")
        verbose_name_plural = _("示范社区标准")
        constraints = [
            models.CheckConstraint(condition=Q(tier1_min__gte=F("tier2_min")) & Q(tier2_min__gte=0),
                                   name="standard_tier_thresholds_ordered"),
            models.CheckConstraint(condition=Q(pass_score__gt=0), name="standard_pass_score_positive"),
        ]

    def __str__(self):
        return self.name

    def tier_for(self, score) -> int:
        """一类 from tier1_min, 二类 from tier2_min, else 三类."""
        score = Decimal(score)
        if score >= self.tier1_min:
            return 1
        if score >= self.tier2_min:
            return 2
        return 3

    def reaches_standard(self, score) -> bool:
        return score is not None and Decimal(score) >= self.pass_score


class Criterion(TimeStampedModel):
    class Group(models.TextChoices):
        BASICS = "basics", _("抓基础")
        FEATURES = "features", _("创特色")
        EXCELLENCE = "excellence", _("上档次")

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="criteria",
                                 verbose_name=_("标准"))
    group = models.CharField(_("类别"), max_length=16, choices=Group.choices)
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    title = models.CharField(_("内容"), max_length=200)
    description = models.TextField(_("评分说明"), blank=True)
    points = models.DecimalField(_("分值"), max_digits=5, decimal_places=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["standard_id", "order", "id"]
        verbose_name = _("评分项")
        verbose_name_plural = _("评分项")
        constraints = [
            models.UniqueConstraint(fields=["standard", "title"], name="criterion_unique_title"),
            models.CheckConstraint(condition=Q(points__gt=0), name="criterion_points_positive"),
        ]

    def __str__(self):
        return self.title


class Assessment(TimeStampedModel):
    """One community's assessment against one standard: self-assessment, street review, city review."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("自评中")
        SUBMITTED = "submitted", _("待街道审核")
        STREET_REVIEWED = "street_reviewed", _("待市级审定")
        FINAL = "final", _("已审定")
        RETURNED = "returned", _("退回修改")

    # action → (from statuses, to status, roles that take it)
    TRANSITIONS = {
        # Only the community submits its own self-assessment: the city reviews it, so must not send it.
        "submit": ((Status.DRAFT, Status.RETURNED), Status.SUBMITTED, {Role.COMMUNITY}),
        "street_approve": ((Status.SUBMITTED,), Status.STREET_REVIEWED, {Role.STREET, Role.CITY}),
        "city_approve": ((Status.STREET_REVIEWED,), Status.FINAL, {Role.CITY}),
        "return": ((Status.SUBMITTED, Status.STREET_REVIEWED), Status.RETURNED, {Role.STREET, Role.CITY}),
    }

    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="assessments",
                                 verbose_name=_("标准"))
    community = models.ForeignKey("registry.Community", on_delete=models.PROTECT, related_name="assessments",
                                  verbose_name=_("社区"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    self_score = models.DecimalField(_("自评分"), max_digits=6, decimal_places=1, null=True, blank=True)
    street_score = models.DecimalField(_("街道审核分"), max_digits=6, decimal_places=1, null=True, blank=True)
    final_score = models.DecimalField(_("市级审定分"), max_digits=6, decimal_places=1, null=True, blank=True)
    tier = models.PositiveSmallIntegerField(_("评定类别"), null=True, blank=True,
                                            choices=[(1, "一类社区"), (2, "二类社区"), (3, "三类社区")])
    reached = models.BooleanField(_("达到省级示范标准"), default=False)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    street_reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                           blank=True, related_name="+", verbose_name=_("街道审核人"))
    street_reviewed_at = models.DateTimeField(_("街道审核时间"), null=True, blank=True)
    city_reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                         blank=True, related_name="+", verbose_name=_("市级审定人"))
    city_reviewed_at = models.DateTimeField(_("市级审定时间"), null=True, blank=True)
    review_note = models.TextField(_("审核意见"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["standard_id", "community_id"]
        verbose_name = _("示范社区测评")
        verbose_name_plural = _("示范社区测评")
        constraints = [
            models.UniqueConstraint(fields=["standard", "community"], name="assessment_one_per_community"),
            # A final assessment has its final score and its tier; nothing else has a tier.
            models.CheckConstraint(
                condition=(Q(status="final", final_score__isnull=False, tier__in=[1, 2, 3])
                           | (~Q(status="final") & Q(tier__isnull=True, reached=False))),
                name="assessment_final_has_score_and_tier"),
            models.CheckConstraint(condition=Q(self_score__isnull=True) | Q(self_score__gte=0),
                                   name="assessment_self_score_not_negative"),
        ]
        indexes = [models.Index(fields=["standard", "status"])]

    def __str__(self):
        return f"{self.community} · {self.standard}"

    @property
    def tier_focus(self) -> str:
        return TIER_FOCUS.get(self.tier, "")


class AssessmentItem(TimeStampedModel):
    """The points of one criterion: the community's own, the street's, the city's."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="items",
                                   verbose_name=_("测评"))
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="items",
                                  verbose_name=_("评分项"))
    self_points = models.DecimalField(_("自评"), max_digits=5, decimal_places=1, null=True, blank=True)
    street_points = models.DecimalField(_("街道审核"), max_digits=5, decimal_places=1, null=True, blank=True)
    final_points = models.DecimalField(_("市级审定"), max_digits=5, decimal_places=1, null=True, blank=True)
    note = models.TextField(_("自评说明"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment_id", "criterion__order", "criterion_id"]
        verbose_name = _("测评分项")
        verbose_name_plural = _("测评分项")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="assessment_item_one_per_criterion"),
            models.CheckConstraint(
                condition=((Q(self_points__isnull=True) | Q(self_points__gte=0))
                           & (Q(street_points__isnull=True) | Q(street_points__gte=0))
                           & (Q(final_points__isnull=True) | Q(final_points__gte=0))),
                name="assessment_item_points_not_negative"),
        ]

    def __str__(self):
        return f"{self.assessment} · {self.criterion}"


def _evidence_path(instance, filename):
    import uuid

    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"standards/{instance.item.assessment_id}/{uuid.uuid4().hex}.{ext}"


class Evidence(models.Model):
    """佐证材料: a photo or document backing one item of a self-assessment (Django storage API)."""

    item = models.ForeignKey(AssessmentItem, on_delete=models.CASCADE, related_name="evidence",
                             verbose_name=_("测评分项"))
    file = models.FileField(_("文件"), upload_to=_evidence_path, max_length=255)
    name = models.CharField(_("原文件名"), max_length=200)
    kind = models.CharField(_("类型"), max_length=8)
    size = models.PositiveIntegerField(_("大小(字节)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    created_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")

    def __str__(self):
        return self.name


class Target(TimeStampedModel):
    """The city's goal: `share` % of the communities at the provincial standard by `due_on`."""

    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="targets",
                                 verbose_name=_("标准"))
    name = models.CharField(_("目标"), max_length=200)
    share = models.DecimalField(_("目标比例(%)"), max_digits=5, decimal_places=2)
    due_on = models.DateField(_("期限"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("设定人"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("创建目标")
        verbose_name_plural = _("创建目标")
        constraints = [
            models.CheckConstraint(condition=Q(share__gt=0) & Q(share__lte=100), name="target_share_percent"),
        ]

    def __str__(self):
        return self.name
