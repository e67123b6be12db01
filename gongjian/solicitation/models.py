"""Solicitation 广求民意 and screening 筛选: rounds, solicitation records, opinions, problems."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gongjian.core.models import TimeStampedModel


class Round(TimeStampedModel):
    """轮次: one cycle of solicitation → screening → projects → evaluation."""

    class Status(models.TextChoices):
        OPEN = "open", _("征集中")
        SCREENING = "screening", _("筛选中")
        IN_PROGRESS = "in_progress", _("实施中")
        CLOSED = "closed", _("已结束")

    # The allowed transitions, in one place; `round_set_status` applies them.
    TRANSITIONS = {
        Status.OPEN: {Status.SCREENING},
        Status.SCREENING: {Status.OPEN, Status.IN_PROGRESS},
        Status.IN_PROGRESS: {Status.CLOSED},
        Status.CLOSED: set(),
    }

    name = models.CharField(_("名称"), max_length=100, unique=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.OPEN)
    opened_on = models.DateField(_("开始日期"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("轮次")
        verbose_name_plural = _("轮次")
        constraints = [
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="round_year_valid"),
        ]

    def __str__(self):
        return self.name


class Solicitation(TimeStampedModel):
    """A solicitation activity of a community in a round: forms, letters, one meeting, online."""

    class Kind(models.TextChoices):
        FORM = "form", _("发放征求意见表")
        LETTER = "letter", _("发放致居民的一封信")
        MEETING = "meeting", _("居民代表座谈会")
        ONLINE = "online", _("网上征集")

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="solicitations",
                              verbose_name=_("轮次"))
    community = models.ForeignKey("registry.Community", on_delete=models.PROTECT,
                                  related_name="solicitations", verbose_name=_("社区"))
    kind = models.CharField(_("方式"), max_length=16, choices=Kind.choices)
    date = models.DateField(_("日期"))
    count = models.PositiveIntegerField(_("数量"), help_text=_("份数；座谈会为参会人数"))
    note = models.TextField(_("备注"), blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("录入人"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("征求意见活动")
        verbose_name_plural = _("征求意见活动")
        indexes = [models.Index(fields=["round", "community", "kind"])]

    def __str__(self):
        return f"{self.community} {self.get_kind_display()} {self.date}"


class Category(TimeStampedModel):
    """意见类别 (also the Open311 services)."""

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("意见类别")
        verbose_name_plural = _("意见类别")

    def __str__(self):
        return self.name


class Channel(models.TextChoices):
    FORM = "form", _("征求意见表")
    LETTER = "letter", _("一封信")
    MEETING = "meeting", _("座谈会")
    ONLINE = "online", _("网上征集")
    HOTLINE = "hotline", _("热线")
    OTHER = "other", _("其他")


class Problem(TimeStampedModel):
    """问题: one or more opinions merged, registered with an archive number (登记建档)."""

    class Class(models.TextChoices):
        A = "A", _("有条件能够解决")
        B = "B", _("短期内难以解决")
        C = "C", _("不能解决")

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="problems",
                              verbose_name=_("轮次"))
    community = models.ForeignKey("registry.Community", on_delete=models.PROTECT, related_name="problems",
                                  verbose_name=_("社区"))
    title = models.CharField(_("标题"), max_length=200)
    description = models.TextField(_("描述"), blank=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="problems", verbose_name=_("类别"))
    klass = models.CharField(_("分类"), max_length=1, choices=Class.choices, blank=True, db_column="class")
    class_note = models.TextField(_("分类说明"), blank=True)
    classified_at = models.DateTimeField(_("分类时间"), null=True, blank=True)
    archive_year = models.PositiveSmallIntegerField(_("建档年度"))
    archive_seq = models.PositiveIntegerField(_("建档序号"))
    archive_no = models.CharField(_("档案号"), max_length=40, unique=True)
    carried_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="carried_to", verbose_name=_("上轮结转自"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("登记人"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["archive_year", "archive_seq"]
        verbose_name = _("问题")
        verbose_name_plural = _("问题")
        constraints = [
            models.UniqueConstraint(fields=["archive_year", "archive_seq"], name="problem_archive_seq_unique"),
            models.CheckConstraint(condition=Q(klass__in=["", "A", "B", "C"]), name="problem_class_valid"),
        ]
        indexes = [models.Index(fields=["round", "community", "klass"])]

    def __str__(self):
        return f"{self.archive_no} {self.title}"


class ArchiveCounter(models.Model):
    """The last archive sequence number given in a year (locked row, so numbers never repeat)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("档案号计数")

    def __str__(self):
        return f"{self.year}: {self.last}"


class Opinion(TimeStampedModel):
    """意见建议 from a resident, by any channel."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待筛选")
        MERGED = "merged", _("已归并为问题")
        REJECTED = "rejected", _("不予采纳")

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="opinions",
                              verbose_name=_("轮次"))
    community = models.ForeignKey("registry.Community", on_delete=models.PROTECT, related_name="opinions",
                                  verbose_name=_("社区"))
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="opinions",
                                 verbose_name=_("类别"))
    content = models.TextField(_("内容"))
    submitter_name = models.CharField(_("姓名"), max_length=50, blank=True)
    submitter_phone = models.CharField(_("电话"), max_length=30, blank=True)
    received_on = models.DateField(_("收到日期"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.PENDING)
    problem = models.ForeignKey(Problem, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="opinions", verbose_name=_("归并问题"))
    receipt_code = models.CharField(_("回执码"), max_length=24, unique=True)
    reject_reason = models.TextField(_("不予采纳理由"), blank=True)
    form_no = models.CharField(_("意见表编号"), max_length=50, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("录入人"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("意见建议")
        verbose_name_plural = _("意见建议")
        constraints = [
            models.CheckConstraint(
                name="opinion_status_consistent",
                condition=(Q(status="pending", problem__isnull=True)
                           | Q(status="merged", problem__isnull=False)
                           | (Q(status="rejected", problem__isnull=True) & ~Q(reject_reason=""))),
            ),
        ]
        indexes = [
            models.Index(fields=["round", "community", "status"]),
            models.Index(fields=["round", "status"]),
            # The opinion list's order (newest first) within a round and overall, and its channel filter:
            # without them a round's first page sorts every opinion of the round (issue 10, bench api).
            models.Index(fields=["round", "-received_on", "-id"], name="opinion_round_recent"),
            models.Index(fields=["-received_on", "-id"], name="opinion_recent"),
            models.Index(fields=["round", "channel"], name="opinion_round_channel"),
            models.Index(fields=["round", "category"], name="opinion_round_category"),
        ]

    def __str__(self):
        return f"{self.receipt_code} {self.content[:20]}"


class ImportJob(TimeStampedModel):
    """A batch import of opinions from an uploaded file, run by a task worker when it is big."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("正在检查")
        SAVING = "saving", _("正在写入")
        DONE = "done", _("已完成")
        FAILED = "failed", _("未导入")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="import_jobs",
                              verbose_name=_("轮次"))
    file = models.FileField(_("文件"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=255)
    kind = models.CharField(_("文件类型"), max_length=8)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("总行数(估计)"), null=True, blank=True)
    done = models.PositiveIntegerField(_("已检查行数"), default=0)
    created = models.PositiveIntegerField(_("已导入条数"), default=0)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    detail = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                                   verbose_name=_("上传人"))
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("意见导入任务")
        verbose_name_plural = _("意见导入任务")

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))
