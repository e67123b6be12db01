"""Supervision and coordination 督办与协调: leaders' contact points 联系点 and the co-building coordination
committee 社区党建协调委员会, supervision records 督办单 with the escalation ladder 催办 → 督办 → 通报,
warnings 预警, the rotating chair 轮值主席 and its monthly meetings."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gongjian.core.models import TimeStampedModel

# ------------------------------------------------------------------------------ contact points, committee


class ContactPoint(TimeStampedModel):
    """联系点: a city leader bound to a community; the leader directs (主任) the community's
    co-building coordination committee 社区党建协调委员会."""

    leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contact_points",
                               verbose_name=_("联系领导"))
    community = models.ForeignKey("registry.Community", on_delete=models.PROTECT, related_name="contact_points",
                                  verbose_name=_("联系社区"))
    leader_title = models.CharField(_("领导职务"), max_length=100, blank=True)
    started_on = models.DateField(_("建立联系点日期"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["community_id", "id"]
        verbose_name = _("领导联系点")
        verbose_name_plural = _("领导联系点")
        constraints = [
            models.UniqueConstraint(fields=["leader", "community"], name="contact_point_unique"),
        ]

    def __str__(self):
        return f"{self.community} · {self.leader}"


class CommitteeMember(TimeStampedModel):
    """A member of the community's coordination committee: usually a unit's representative."""

    class Post(models.TextChoices):
        DEPUTY = "deputy", _("副主任")
        MEMBER = "member", _("委员")

    community = models.ForeignKey("registry.Community", on_delete=models.PROTECT,
                                  related_name="committee_members", verbose_name=_("社区"))
    unit = models.ForeignKey("registry.Unit", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="committee_seats", verbose_name=_("所在单位"))
    name = models.CharField(_("姓名"), max_length=50)
    post = models.CharField(_("委员会职务"), max_length=16, choices=Post.choices, default=Post.MEMBER)
    unit_position = models.CharField(_("单位职务"), max_length=100, blank=True)
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    active = models.BooleanField(_("在任"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["community_id", "post", "id"]
        verbose_name = _("协调委员会委员")
        verbose_name_plural = _("协调委员会委员")
        constraints = [
            # One active seat per unit: a unit sends one representative.
            models.UniqueConstraint(fields=["community", "unit"], condition=Q(active=True, unit__isnull=False),
                                    name="committee_one_seat_per_unit"),
        ]

    def __str__(self):
        return self.name


# ------------------------------------------------------------------------------ rotating chair


class ChairTerm(TimeStampedModel):
    """轮值主席: one unit chairs the community's unit meetings for a term of six months.

    A cycle (轮) ends when every unit of the community has chaired once; nobody chairs twice in a
    cycle (a constraint). Terms never overlap: each term holds one ChairTermMonth row per month it
    covers and a month belongs to one term per community (a constraint that SQLite and PostgreSQL
    both enforce, unlike an exclusion constraint)."""

    TERM_MONTHS = 6

    community = models.ForeignKey("registry.Community", on_delete=models.PROTECT, related_name="chair_terms",
                                  verbose_name=_("社区"))
    unit = models.ForeignKey("registry.Unit", on_delete=models.PROTECT, related_name="chair_terms",
                             verbose_name=_("轮值主席单位"))
    cycle = models.PositiveSmallIntegerField(_("第几轮"), default=1)
    starts_on = models.DateField(_("任期开始"))
    ends_on = models.DateField(_("任期结束"))
    recommendations = models.PositiveSmallIntegerField(_("推荐单位数"), default=0)
    chair_person = models.CharField(_("主席人选"), max_length=50, blank=True)
    note = models.TextField(_("说明"), blank=True)
    appointed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["community_id", "starts_on"]
        verbose_name = _("轮值主席任期")
        verbose_name_plural = _("轮值主席任期")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="chair_term_ends_after_start"),
            models.CheckConstraint(condition=Q(cycle__gte=1), name="chair_term_cycle_positive"),
            models.UniqueConstraint(fields=["community", "starts_on"], name="chair_one_per_community_per_term"),
            models.UniqueConstraint(fields=["community", "cycle", "unit"], name="chair_once_per_cycle"),
        ]
        indexes = [models.Index(fields=["community", "ends_on"])]

    def __str__(self):
        return f"{self.unit}（{self.starts_on:%Y-%m}—{self.ends_on:%Y-%m}）"


class ChairTermMonth(models.Model):
    """A month covered by a chair term; (community, month) is unique, so terms cannot overlap."""

    term = models.ForeignKey(ChairTerm, on_delete=models.CASCADE, related_name="months")
    community = models.ForeignKey("registry.Community", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("月份（当月1日）"))

    class Meta:
        ordering = ["community_id", "month"]
        verbose_name = _("任期月份")
        verbose_name_plural = _("任期月份")
        constraints = [
            models.UniqueConstraint(fields=["community", "month"], name="chair_terms_do_not_overlap"),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m}"


class ChairRecommendation(TimeStampedModel):
    """A unit recommends another unit of its community as the next chair (推荐), once per cycle."""

    community = models.ForeignKey("registry.Community", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("社区"))
    cycle = models.PositiveSmallIntegerField(_("第几轮"))
    candidate = models.ForeignKey("registry.Unit", on_delete=models.PROTECT, related_name="chair_recommendations",
                                  verbose_name=_("被推荐单位"))
    recommender = models.ForeignKey("registry.Unit", on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("推荐单位"))
    note = models.TextField(_("推荐理由"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")

    class Meta:
        ordering = ["community_id", "cycle", "id"]
        verbose_name = _("轮值主席推荐")
        verbose_name_plural = _("轮值主席推荐")
        constraints = [
            models.UniqueConstraint(fields=["community", "cycle", "recommender"],
                                    name="chair_one_recommendation_per_unit_per_cycle"),
            models.CheckConstraint(condition=~Q(candidate=models.F("recommender")),
                                   name="chair_recommendation_not_self"),
        ]

    def __str__(self):
        return f"{self.recommender} → {self.candidate}"


# ------------------------------------------------------------------------------ meetings


class Meeting(TimeStampedModel):
    """A unit meeting: the chair's monthly meeting 轮值主席月度例会, or a meeting of the coordination
    committee 党建协调委员会会议 directed by the contact-point leader."""

    class Kind(models.TextChoices):
        CHAIR = "chair", _("轮值主席月度例会")
        COMMITTEE = "committee", _("党建协调委员会会议")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("已安排")
        HELD = "held", _("已召开")

    community = models.ForeignKey("registry.Community", on_delete=models.PROTECT, related_name="meetings",
                                  verbose_name=_("社区"))
    kind = models.CharField(_("会议类型"), max_length=16, choices=Kind.choices, default=Kind.CHAIR)
    chair_term = models.ForeignKey(ChairTerm, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="meetings", verbose_name=_("轮值主席任期"))
    month = models.DateField(_("月份（当月1日）"))
    held_on = models.DateField(_("会议日期"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    minutes = models.TextField(_("会议纪要"), blank=True)
    minutes_recorded_at = models.DateTimeField(_("纪要记录时间"), null=True, blank=True)
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("单位会议")
        verbose_name_plural = _("单位会议")
        constraints = [
            models.UniqueConstraint(fields=["community", "month"], condition=Q(kind="chair"),
                                    name="meeting_one_chair_meeting_per_month"),
            models.CheckConstraint(condition=Q(held_on__gte=models.F("month")), name="meeting_held_in_its_month"),
            models.CheckConstraint(condition=Q(status__in=["scheduled", "held"]), name="meeting_status_valid"),
        ]
        indexes = [models.Index(fields=["community", "kind", "month"])]

    def __str__(self):
        return f"{self.community} {self.held_on:%Y-%m-%d} {self.get_kind_display()}"


class AgendaItem(models.Model):
    """One item of a meeting's agenda: an open project, its lead unit reports (汇报) its status."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(_("序号"))
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("项目"))
    unit = models.ForeignKey("registry.Unit", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("汇报单位"))
    title = models.CharField(_("议题"), max_length=200)
    status_then = models.CharField(_("当时状态"), max_length=16, blank=True)
    progress_then = models.PositiveSmallIntegerField(_("当时进度(%)"), null=True, blank=True)
    deadline_then = models.DateField(_("完成时限"), null=True, blank=True)
    report = models.TextField(_("汇报情况"), blank=True)

    class Meta:
        ordering = ["meeting_id", "order"]
        verbose_name = _("会议议程")
        verbose_name_plural = _("会议议程")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "project"], name="agenda_project_once"),
            models.UniqueConstraint(fields=["meeting", "order"], name="agenda_order_unique"),
        ]

    def __str__(self):
        return self.title


class Attendance(models.Model):
    """Whether a unit attended a meeting (出席/缺席), and who came."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    unit = models.ForeignKey("registry.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位"))
    present = models.BooleanField(_("出席"), default=False)
    representative = models.CharField(_("参会人"), max_length=50, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        ordering = ["meeting_id", "unit_id"]
        verbose_name = _("出席情况")
        verbose_name_plural = _("出席情况")
        constraints = [models.UniqueConstraint(fields=["meeting", "unit"], name="attendance_once_per_unit")]

    def __str__(self):
        return f"{self.unit_id} {'出席' if self.present else '缺席'}"


class Decision(TimeStampedModel):
    """A decision 决定事项 of a meeting; it may become follow-up items (督办事项) with an owner."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    order = models.PositiveSmallIntegerField(_("序号"))
    text = models.TextField(_("决定事项"))
    project = models.ForeignKey("projects.Project", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("相关项目"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting_id", "order"]
        verbose_name = _("会议决定")
        verbose_name_plural = _("会议决定")
        constraints = [models.UniqueConstraint(fields=["meeting", "order"], name="decision_order_unique")]

    def __str__(self):
        return self.text[:40]


class FollowUp(TimeStampedModel):
    """A follow-up item from a decision: who does what by when."""

    class Status(models.TextChoices):
        OPEN = "open", _("办理中")
        DONE = "done", _("已办结")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="follow_ups")
    community = models.ForeignKey("registry.Community", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("社区"))
    owner_unit = models.ForeignKey("registry.Unit", on_delete=models.PROTECT, related_name="follow_ups",
                                   verbose_name=_("责任单位"))
    owner_name = models.CharField(_("责任人"), max_length=50, blank=True)
    task = models.TextField(_("事项"))
    due_on = models.DateField(_("完成时限"))
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.OPEN)
    done_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    done_note = models.TextField(_("办结情况"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("跟进事项")
        verbose_name_plural = _("跟进事项")
        constraints = [
            models.CheckConstraint(condition=~Q(status="done") | Q(done_at__isnull=False),
                                   name="follow_up_done_has_time"),
        ]
        indexes = [models.Index(fields=["community", "status", "due_on"]),
                   models.Index(fields=["owner_unit", "status"])]

    def __str__(self):
        return self.task[:40]


# ------------------------------------------------------------------------------ supervision, warnings


class Supervision(TimeStampedModel):
    """督办单: a liaison's (or the street's) written supervision of a project, addressed to its lead
    unit, which must reply by `reply_due`. Unanswered, it climbs the ladder 催办 → 督办 → 通报; a 通报
    is reported to the street and city and counts against the unit's assessment."""

    class Stage(models.TextChoices):
        URGE = "urge", _("催办")
        SUPERVISE = "supervise", _("督办")
        REPORT = "report", _("通报")

    class Status(models.TextChoices):
        AWAITING = "awaiting_reply", _("待回复")
        REPLIED = "replied", _("已回复")

    LADDER = [Stage.URGE, Stage.SUPERVISE, Stage.REPORT]

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="supervisions",
                                verbose_name=_("项目"))
    community = models.ForeignKey("registry.Community", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("社区"))
    unit = models.ForeignKey("registry.Unit", on_delete=models.PROTECT, related_name="supervisions",
                             verbose_name=_("督办对象（牵头单位）"))
    stage = models.CharField(_("督办层级"), max_length=16, choices=Stage.choices, default=Stage.URGE)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.AWAITING)
    finding = models.TextField(_("发现的问题"))
    requirement = models.TextField(_("督办要求"))
    issued_on = models.DateField(_("下发日期"))
    reply_due = models.DateField(_("回复期限"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("下发人"))
    reply = models.TextField(_("回复内容"), blank=True)
    replied_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    reported_at = models.DateTimeField(_("通报时间"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("督办单")
        verbose_name_plural = _("督办单")
        constraints = [
            models.CheckConstraint(condition=Q(reply_due__gt=models.F("issued_on")),
                                   name="supervision_reply_due_after_issue"),
            models.CheckConstraint(condition=Q(stage__in=["urge", "supervise", "report"]),
                                   name="supervision_stage_valid"),
            models.CheckConstraint(condition=Q(status__in=["awaiting_reply", "replied"]),
                                   name="supervision_status_valid"),
            models.CheckConstraint(condition=~Q(status="replied") | Q(replied_at__isnull=False),
                                   name="supervision_replied_has_time"),
            models.CheckConstraint(condition=~Q(stage="report") | Q(reported_at__isnull=False),
                                   name="supervision_report_has_time"),
        ]
        indexes = [
            models.Index(fields=["community", "status"]),
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["status", "reply_due"]),
        ]

    def __str__(self):
        return f"{self.get_stage_display()}：{self.project}"

    @property
    def next_stage(self) -> str | None:
        index = self.LADDER.index(self.stage)
        return self.LADDER[index + 1] if index + 1 < len(self.LADDER) else None


class SupervisionStep(models.Model):
    """One dated step of a supervision record: issued, escalated, replied."""

    class Action(models.TextChoices):
        ISSUE = "issue", _("下发")
        ESCALATE = "escalate", _("升级")
        REPLY = "reply", _("回复")

    supervision = models.ForeignKey(Supervision, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("动作"), max_length=16, choices=Action.choices)
    stage = models.CharField(_("督办层级"), max_length=16, choices=Supervision.Stage.choices)
    on = models.DateField(_("日期"))
    reply_due = models.DateField(_("回复期限"), null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    note = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        ordering = ["supervision_id", "created_at", "id"]
        verbose_name = _("督办步骤")
        verbose_name_plural = _("督办步骤")
        constraints = [
            models.CheckConstraint(condition=Q(reply_due__isnull=True) | Q(reply_due__gt=models.F("on")),
                                   name="supervision_step_due_after_step"),
        ]

    def __str__(self):
        return f"{self.on} {self.get_action_display()} {self.get_stage_display()}"


class ProjectWarning(TimeStampedModel):
    """预警 on a project: 黄色预警 (near deadline, no progress), 红色预警 (overdue). Visible to the
    street and the leader of the community; lifted when the risk is gone."""

    class Level(models.TextChoices):
        YELLOW = "yellow", _("黄色预警")
        RED = "red", _("红色预警")

    class Reason(models.TextChoices):
        NEAR_DEADLINE = "near_deadline", _("临近完成时限")
        NO_PROGRESS = "no_progress", _("30天无进展")
        OVERDUE = "overdue", _("逾期未完成")
        OTHER = "other", _("其他")

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="warnings",
                                verbose_name=_("项目"))
    community = models.ForeignKey("registry.Community", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("社区"))
    unit = models.ForeignKey("registry.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("牵头单位"))
    level = models.CharField(_("预警级别"), max_length=8, choices=Level.choices)
    reason = models.CharField(_("原因"), max_length=16, choices=Reason.choices)
    note = models.TextField(_("说明"), blank=True)
    raised_on = models.DateField(_("预警日期"))
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("发出人"))
    active = models.BooleanField(_("有效"), default=True)
    lifted_at = models.DateTimeField(_("解除时间"), null=True, blank=True)
    lift_note = models.TextField(_("解除说明"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-raised_on", "-id"]
        verbose_name = _("项目预警")
        verbose_name_plural = _("项目预警")
        constraints = [
            models.UniqueConstraint(fields=["project", "level"], condition=Q(active=True),
                                    name="warning_one_active_per_level"),
            models.CheckConstraint(condition=Q(active=True) | Q(lifted_at__isnull=False),
                                   name="warning_lifted_has_time"),
            models.CheckConstraint(condition=Q(level__in=["yellow", "red"]), name="warning_level_valid"),
        ]
        indexes = [models.Index(fields=["community", "active", "level"])]

    def __str__(self):
        return f"{self.get_level_display()}：{self.project}"
