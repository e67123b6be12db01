"""Projects 办实事项目: set-up 立项, approval 公示, progress, extensions, close-out 销号, ratings."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gongjian.accounts.models import Role
from gongjian.core.models import TimeStampedModel


class Batch(TimeStampedModel):
    """批次: projects of a round are set up in numbered batches."""

    round = models.ForeignKey("solicitation.Round", on_delete=models.PROTECT, related_name="batches",
                              verbose_name=_("轮次"))
    number = models.PositiveSmallIntegerField(_("批次号"))
    name = models.CharField(_("名称"), max_length=100, blank=True)

    class Meta:
        ordering = ["round_id", "number"]
        verbose_name = _("批次")
        verbose_name_plural = _("批次")
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="batch_number_unique_in_round"),
            models.CheckConstraint(condition=Q(number__gte=1), name="batch_number_positive"),
        ]

    def __str__(self):
        return self.name or f"第{self.number}批"


# "Due soon" (期限临近) everywhere — reminders, lists, dashboards, the to-do list — is this many days.
DUE_SOON_DAYS = 7

# A published commitment not yet done (API.md): drafts are not commitments, completed work is done.
COMMITTED_STATUSES = ("approved", "in_progress")


def overdue_q(today) -> Q:
    """The overdue rule as a condition, for aggregates (`Count("id", filter=overdue_q(today))`)."""
    return Q(status__in=COMMITTED_STATUSES, deadline__lt=today)


def due_soon_q(today) -> Q:
    """The due-soon rule as a condition: deadline today or within DUE_SOON_DAYS, still committed."""
    return Q(status__in=COMMITTED_STATUSES, deadline__gte=today, deadline__lte=today + timedelta(days=DUE_SOON_DAYS))


def overdue_on(status: str, deadline, today) -> bool:
    """The rule of `ProjectQuerySet.overdue` for one row (a model or a `values()` dict's fields)."""
    return status in COMMITTED_STATUSES and deadline < today


def due_soon_on(status: str, deadline, today) -> bool:
    """The rule of `ProjectQuerySet.due_soon` for one row."""
    return status in COMMITTED_STATUSES and today <= deadline <= today + timedelta(days=DUE_SOON_DAYS)


class ProjectQuerySet(models.QuerySet):
    """The project rules every surface asks, each written once (reports, reminders, supervision,
    staff pages, API and the public board call these; nothing re-derives them)."""

    def public(self):
        """Approved and later: what the public board, public API and figures show."""
        return self.filter(status__in=Project.PUBLIC_STATUSES)

    def in_hand(self):
        """在办: not yet 销号 and not withdrawn (drafts, returned, published, completed awaiting close-out)."""
        return self.exclude(status__in=(Project.Status.CLOSED, Project.Status.WITHDRAWN))

    def open(self):
        """Published and not yet done: approved or in progress."""
        return self.filter(status__in=COMMITTED_STATUSES)

    def overdue(self, today):
        """Deadline passed while approved or in progress (API.md's one definition)."""
        return self.filter(overdue_q(today))

    def due_soon(self, today):
        """Approved or in progress with the deadline today or within DUE_SOON_DAYS."""
        return self.filter(due_soon_q(today))


ProjectManager = models.Manager.from_queryset(ProjectQuerySet)


class Project(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("待审批")
        RETURNED = "returned", _("退回修改")
        WITHDRAWN = "withdrawn", _("已撤回")
        APPROVED = "approved", _("已公示待签收")
        IN_PROGRESS = "in_progress", _("实施中")
        COMPLETED = "completed", _("已完成待销号")
        CLOSED = "closed", _("已销号")

    # The allowed steps are the TRANSITIONS table below the class (one row per action).
    PUBLIC_STATUSES = (Status.APPROVED, Status.IN_PROGRESS, Status.COMPLETED, Status.CLOSED)
    DONE_STATUSES = (Status.COMPLETED, Status.CLOSED)

    round = models.ForeignKey("solicitation.Round", on_delete=models.PROTECT, related_name="projects",
                              verbose_name=_("轮次"))
    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="projects", verbose_name=_("批次"))
    problem = models.ForeignKey("solicitation.Problem", on_delete=models.PROTECT, related_name="projects",
                                verbose_name=_("来源问题"))
    community = models.ForeignKey("registry.Community", on_delete=models.PROTECT, related_name="projects",
                                  verbose_name=_("社区"))
    title = models.CharField(_("项目名称"), max_length=200)
    description = models.TextField(_("项目内容"), blank=True)
    lead_unit = models.ForeignKey("registry.Unit", on_delete=models.PROTECT, related_name="led_projects",
                                  verbose_name=_("牵头单位"))
    co_units = models.ManyToManyField("registry.Unit", blank=True, related_name="co_projects",
                                      verbose_name=_("协办单位"))
    handler = models.CharField(_("承办人"), max_length=50)
    handler_phone = models.CharField(_("承办人电话"), max_length=30, blank=True)
    deadline = models.DateField(_("完成时限"))
    budget = models.DecimalField(_("预算(元)"), max_digits=14, decimal_places=2, default=0)
    fund_source = models.CharField(_("资金来源"), max_length=100, blank=True)
    is_key = models.BooleanField(_("重点项目"), default=False, db_column="key")
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    progress = models.PositiveSmallIntegerField(_("进度(%)"), default=0)
    completion_note = models.TextField(_("完成情况"), blank=True)
    approved_at = models.DateTimeField(_("公示时间"), null=True, blank=True)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1,
                                          help_text=_("每次修改加一，防止旧页面覆盖新修改"))

    history = HistoricalRecords()

    objects = ProjectManager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("办实事项目")
        verbose_name_plural = _("办实事项目")
        constraints = [
            models.CheckConstraint(condition=Q(progress__gte=0) & Q(progress__lte=100),
                                   name="project_progress_percent"),
            models.CheckConstraint(condition=Q(budget__gte=0), name="project_budget_not_negative"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "returned", "withdrawn", "approved", "in_progress", "completed",
                                          "closed"]),
                name="project_status_valid"),
            models.CheckConstraint(condition=~Q(status="closed") | Q(closed_at__isnull=False),
                                   name="project_closed_has_time"),
        ]
        indexes = [
            models.Index(fields=["round", "community", "status"]),
            models.Index(fields=["community", "status"]),
            models.Index(fields=["lead_unit", "status"]),
            models.Index(fields=["status", "deadline"]),
        ]

    def __str__(self):
        return self.title

    def is_overdue(self, today=None) -> bool:
        """The row-level twin of `ProjectQuerySet.overdue` (same rule)."""
        return overdue_on(self.status, self.deadline, today or timezone.localdate())

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    def is_due_soon(self, today=None) -> bool:
        """The row-level twin of `ProjectQuerySet.due_soon` (same rule)."""
        return due_soon_on(self.status, self.deadline, today or timezone.localdate())


@dataclass(frozen=True)
class Transition:
    """One step of the project state machine. `roles` may take it (the scope — own street, lead
    unit … — is ProjectPolicy's); `label` names it on buttons, messages and the timeline;
    `note_required` steps refuse an empty note with `note_message`."""

    action: str
    source: tuple[str, ...]
    target: str
    roles: frozenset[str]
    label: str
    note_required: bool = False
    note_label: str = "说明（可不填）"
    note_message: str = ""

    def __post_init__(self):
        if isinstance(self.source, str):
            object.__setattr__(self, "source", (self.source,))
        object.__setattr__(self, "roles", frozenset(self.roles))

    def allowed_from(self, status: str) -> bool:
        return status in self.source


_S = Project.Status

# The state machine in one table (API.md › projects/{id}/transition). A new step is a new row; the
# service (project_transition), the policy, the pages and the API read only this.
TRANSITIONS: dict[str, Transition] = {t.action: t for t in (
    Transition("approve", _S.DRAFT, _S.APPROVED, {Role.STREET, Role.CITY}, "审批通过并公示",
               note_label="审批意见（可不填）"),
    Transition("send_back", _S.DRAFT, _S.RETURNED, {Role.STREET, Role.CITY}, "退回修改", note_required=True,
               note_label="退回理由（必填：需要修改什么）", note_message="请说明退回修改的理由"),
    Transition("resubmit", _S.RETURNED, _S.DRAFT, {Role.COMMUNITY}, "修改后重新提交",
               note_label="修改说明（可不填）"),
    Transition("withdraw", (_S.DRAFT, _S.RETURNED), _S.WITHDRAWN, {Role.COMMUNITY}, "撤回立项",
               note_required=True, note_label="撤回理由（必填）", note_message="请说明撤回的理由"),
    Transition("decline", _S.APPROVED, _S.DRAFT, {Role.UNIT}, "退回（不是本单位职责）", note_required=True,
               note_label="退回理由（必填：为什么不是本单位职责）", note_message="请说明退回的理由"),
    Transition("start", _S.APPROVED, _S.IN_PROGRESS, {Role.UNIT}, "签收并开始实施"),
    Transition("report_done", _S.IN_PROGRESS, _S.COMPLETED, {Role.UNIT}, "报告完成", note_required=True,
               note_label="完成情况（必填：做了哪些工作）", note_message="请说明完成了哪些工作"),
    Transition("return", _S.COMPLETED, _S.IN_PROGRESS, {Role.COMMUNITY, Role.STREET}, "退回重办",
               note_required=True, note_label="退回重办理由（必填）", note_message="请说明退回重办的理由"),
    Transition("close", _S.COMPLETED, _S.CLOSED, {Role.STREET, Role.CITY}, "销号",
               note_label="销号意见（可不填）"),
)}


class ProjectEvent(models.Model):
    """The project's timeline: every transition and notable event, with who, when and a note."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("动作"), max_length=32)
    from_status = models.CharField(_("原状态"), max_length=16, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    note = models.TextField(_("说明"), blank=True)
    public = models.BooleanField(_("公开"), default=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("项目动态")
        verbose_name_plural = _("项目动态")
        indexes = [models.Index(fields=["project", "created_at"])]

    def __str__(self):
        return f"{self.project_id} {self.action}"


class ProgressReport(TimeStampedModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="progress_reports")
    unit = models.ForeignKey("registry.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("填报单位"))
    percent = models.PositiveSmallIntegerField(_("进度(%)"))
    note = models.TextField(_("进展情况"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("进度填报")
        verbose_name_plural = _("进度填报")
        constraints = [
            models.CheckConstraint(condition=Q(percent__gte=0) & Q(percent__lte=100),
                                   name="progress_report_percent"),
        ]


class Extension(TimeStampedModel):
    """延期申请: requested by the lead unit, decided by street/city, shown publicly."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已批准")
        REJECTED = "rejected", _("未批准")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="extensions")
    old_deadline = models.DateField(_("原时限"))
    new_deadline = models.DateField(_("申请时限"))
    reason = models.TextField(_("理由"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        constraints = [
            models.CheckConstraint(condition=Q(new_deadline__gt=models.F("old_deadline")),
                                   name="extension_moves_deadline_later"),
            models.UniqueConstraint(fields=["project"], condition=Q(status="pending"),
                                    name="extension_one_pending_per_project"),
        ]


RATING_COMMENT_MAX_CHARS = 300


class Rating(TimeStampedModel):
    """居民满意度评价: one per receipt code per project."""

    class Value(models.TextChoices):
        SATISFIED = "satisfied", _("满意")
        BASIC = "basic", _("基本满意")
        UNSATISFIED = "unsatisfied", _("不满意")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="ratings")
    opinion = models.ForeignKey("solicitation.Opinion", on_delete=models.PROTECT, related_name="ratings",
                                verbose_name=_("回执码所属意见"))
    value = models.CharField(_("评价"), max_length=16, choices=Value.choices)
    # Seen by staff as written; the public sees it only through mask_text.
    comment = models.TextField(_("留言"), blank=True, max_length=RATING_COMMENT_MAX_CHARS)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("满意度评价")
        verbose_name_plural = _("满意度评价")
        constraints = [
            models.UniqueConstraint(fields=["project", "opinion"], name="rating_one_per_receipt_code"),
        ]


class PublishedSnapshot(models.Model):
    """The project as first published (公示) in its batch — written once at the first approval and
    never changed, so the public commitment cannot be quietly rewritten. The rows of one batch are the
    batch's list as first published."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="published_snapshot")
    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="published_snapshots", verbose_name=_("批次"))
    title = models.CharField(_("项目名称"), max_length=200)
    lead_unit_name = models.CharField(_("牵头单位"), max_length=150)
    co_unit_names = models.CharField(_("协办单位"), max_length=1000, blank=True)
    handler = models.CharField(_("承办人"), max_length=50)
    handler_phone = models.CharField(_("承办人电话"), max_length=30, blank=True)
    deadline = models.DateField(_("完成时限"))
    budget = models.DecimalField(_("预算(元)"), max_digits=14, decimal_places=2, default=0)
    is_key = models.BooleanField(_("重点项目"), default=False, db_column="key")
    published_at = models.DateTimeField(_("公示时间"), default=timezone.now)

    class Meta:
        ordering = ["batch_id", "published_at", "id"]
        verbose_name = _("公示快照")
        verbose_name_plural = _("公示快照")

    def __str__(self):
        return f"{self.title}（{self.published_at:%Y-%m-%d} 公示）"


class ChangeNotice(models.Model):
    """变更公示: a change to a published project's lead unit, handler or deadline, shown publicly as
    "changed on … from … to …"."""

    class Field(models.TextChoices):
        LEAD_UNIT = "lead_unit", _("牵头单位")
        HANDLER = "handler", _("承办人")
        DEADLINE = "deadline", _("完成时限")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="change_notices")
    field = models.CharField(_("变更事项"), max_length=16, choices=Field.choices)
    old_value = models.CharField(_("原内容"), max_length=200)
    new_value = models.CharField(_("新内容"), max_length=200)
    reason = models.TextField(_("变更理由"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    changed_at = models.DateTimeField(_("变更时间"), default=timezone.now)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("变更公示")
        verbose_name_plural = _("变更公示")
        indexes = [models.Index(fields=["project", "changed_at"])]

    def __str__(self):
        return self.public_text

    def public_values(self) -> tuple[str, str]:
        """Old and new value as the public may see them: a handler's name is masked (张**)."""
        if self.field == self.Field.HANDLER:
            from gongjian.core.masking import mask_name

            return mask_name(self.old_value), mask_name(self.new_value)
        return self.old_value, self.new_value

    @property
    def public_text(self) -> str:
        old, new = self.public_values()
        when = timezone.localtime(self.changed_at).strftime("%Y-%m-%d")
        return f"{when} {self.get_field_display()}由“{old}”变更为“{new}”"


def _attachment_path(instance, filename):
    # The stored name never reuses the uploader's file name (it may hold personal data or odd bytes).
    import uuid

    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"projects/{instance.project_id}/{uuid.uuid4().hex}.{ext}"


class ProgressAttachment(models.Model):
    """A photo or file attached to a progress report (or to a completion report), kept through
    Django's storage API."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="attachments")
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, null=True, blank=True,
                               related_name="attachments")
    file = models.FileField(_("文件"), upload_to=_attachment_path, max_length=255)
    thumbnail = models.FileField(_("缩略图"), upload_to=_attachment_path, max_length=255, blank=True)
    name = models.CharField(_("原文件名"), max_length=200)
    kind = models.CharField(_("类型"), max_length=8)  # jpg, png, pdf, docx, xlsx — found from the bytes
    size = models.PositiveIntegerField(_("大小(字节)"))
    # Street or city staff choose which photos of the finished work the public board shows.
    public = models.BooleanField(_("公开展示"), default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+")
    created_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("进度附件")
        verbose_name_plural = _("进度附件")

    def __str__(self):
        return self.name

    @property
    def is_image(self) -> bool:
        return self.kind in ("jpg", "png")
