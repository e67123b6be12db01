"""Notifications 消息: the in-app inbox of every user, and its copies by e-mail and SMS as each person
chooses (Preference).

A reminder is sent once: the row's idempotency key (kind, object, recipient, period) is unique in the
database, and writers insert-or-skip, so two workers running the same schedule cannot both send it.
No audit history here: a notification is itself a record of something that happened.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Kind(models.TextChoices):
        DEADLINE_SOON = "deadline_soon", _("项目7天内到期")
        OVERDUE = "overdue", _("项目已逾期")
        REPLY_DUE = "reply_due", _("督办单待回复")
        MEETING_DUE = "meeting_due", _("本月例会未召开")
        CHAIR_TERM_ENDING = "chair_term_ending", _("轮值主席任期将满")
        FOLLOW_UP_DUE = "follow_up_due", _("会议跟进事项到期")
        SUPERVISION = "supervision", _("督办")
        WARNING = "warning", _("预警")
        PROJECT_STEP = "project_step", _("项目流转")
        GENERAL = "general", _("通知")

    class Email(models.TextChoices):
        NONE = "none", _("不发邮件")
        PENDING = "pending", _("待发送")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
                                  verbose_name=_("收件人"))
    kind = models.CharField(_("类型"), max_length=24, choices=Kind.choices)
    object_type = models.CharField(_("对象类型"), max_length=32)
    object_id = models.PositiveBigIntegerField(_("对象 id"))
    period = models.CharField(_("周期"), max_length=32,
                              help_text=_("同一提醒在同一周期只发一次，如到期日 2010-06-28、月份 2010-06"))
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    run = models.CharField(_("批次标记"), max_length=32, blank=True,
                           help_text=_("写入这条消息的那次运行；用于只给本次新写入的消息发邮件"))
    email_state = models.CharField(_("邮件"), max_length=8, choices=Email.choices, default=Email.NONE)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    sms_state = models.CharField(_("短信"), max_length=8, choices=Email.choices, default=Email.NONE)
    smsed_at = models.DateTimeField(_("短信发送时间"), null=True, blank=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_type", "object_id", "recipient", "period"],
                                    name="notification_sent_once"),
            models.CheckConstraint(condition=~Q(email_state="sent") | Q(emailed_at__isnull=False),
                                   name="notification_sent_has_time"),
            models.CheckConstraint(condition=~Q(sms_state="sent") | Q(smsed_at__isnull=False),
                                   name="notification_sms_sent_has_time"),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["run"]),
            models.Index(fields=["email_state"]),
        ]

    def __str__(self):
        return self.title

    @property
    def unread(self) -> bool:
        return self.read_at is None


class Preference(models.Model):
    """How a person wants their messages besides the inbox (which always has them all). Without a row:
    e-mail on (when the user has an address), SMS off."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True,
                                related_name="notification_preference", verbose_name=_("用户"))
    email = models.BooleanField(_("邮件通知"), default=True)
    sms = models.BooleanField(_("短信通知"), default=False)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("通知方式")
        verbose_name_plural = _("通知方式")

    def __str__(self):
        return f"{self.user}"
