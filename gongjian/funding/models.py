"""Task admission 准入制度 and the funds ledger 费随事转.

A city department (a Unit of kind "organ", acting through a unit-role user) that wants to move a
piece of work into communities files a TaskRequest naming the communities, what comes with the
work — staff sent, funds per community (FundPromise), a service-purchase contract — and the city
admits or refuses it. Admitted tasks carry a ledger: funds promised per community and the payments
made against each promise; a promise past its due date and not fully paid is overdue.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gongjian.core.models import TimeStampedModel


class TaskRequest(TimeStampedModel):
    """工作进社区准入申请."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待审核")
        ADMITTED = "admitted", _("已准入")
        REFUSED = "refused", _("未准入")

    unit = models.ForeignKey("registry.Unit", on_delete=models.PROTECT, related_name="task_requests",
                             verbose_name=_("申请部门"))
    title = models.CharField(_("工作事项"), max_length=200)
    description = models.TextField(_("工作内容"), blank=True)
    starts_on = models.DateField(_("起始日期"))
    ends_on = models.DateField(_("截止日期"), null=True, blank=True)
    staff_count = models.PositiveSmallIntegerField(_("派驻人员数"), default=0)
    staff_note = models.CharField(_("派驻人员说明"), max_length=200, blank=True)
    service_contract = models.CharField(_("购买服务合同"), max_length=200, blank=True,
                                        help_text=_("合同编号或名称；经费按社区列入经费承诺"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("申请人"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("审核人"))
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decision_note = models.TextField(_("审核意见"), blank=True)
    override_reason = models.TextField(
        _("特批理由"), blank=True, help_text=_("无人员、无经费随转而准入时必须填写"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("工作准入申请")
        verbose_name_plural = _("工作准入申请")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                                   name="task_request_ends_after_start"),
            models.CheckConstraint(condition=Q(status__in=["submitted", "admitted", "refused"]),
                                   name="task_request_status_valid"),
            # A refusal always says why (the department must be told).
            models.CheckConstraint(condition=~Q(status="refused") | ~Q(decision_note=""),
                                   name="task_request_refusal_has_reason"),
        ]
        indexes = [models.Index(fields=["unit", "status"]), models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return self.title

    @property
    def overridden(self) -> bool:
        """Admitted without staff or funds, on an explicit, recorded override."""
        return self.status == self.Status.ADMITTED and bool(self.override_reason)


class FundPromise(TimeStampedModel):
    """经费承诺: what a task's department promises to pay one community, by when."""

    request = models.ForeignKey(TaskRequest, on_delete=models.CASCADE, related_name="promises",
                                verbose_name=_("准入事项"))
    community = models.ForeignKey("registry.Community", on_delete=models.PROTECT, related_name="fund_promises",
                                  verbose_name=_("社区"))
    amount = models.DecimalField(_("承诺金额(元)"), max_digits=12, decimal_places=2, default=Decimal("0"))
    due_on = models.DateField(_("拨付期限"), null=True, blank=True)
    paid = models.DecimalField(_("已拨付(元)"), max_digits=12, decimal_places=2, default=Decimal("0"),
                               help_text=_("由拨付记录累计，随每笔拨付更新"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["request_id", "community_id"]
        verbose_name = _("经费承诺")
        verbose_name_plural = _("经费承诺")
        constraints = [
            models.UniqueConstraint(fields=["request", "community"], name="fund_promise_one_per_community"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="fund_promise_amount_not_negative"),
            models.CheckConstraint(condition=Q(paid__gte=0) & Q(paid__lte=models.F("amount")),
                                   name="fund_promise_paid_within_amount"),
        ]
        indexes = [models.Index(fields=["community", "due_on"])]

    def __str__(self):
        return f"{self.request} · {self.community}"

    @property
    def balance(self) -> Decimal:
        return self.amount - self.paid

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return bool(self.due_on and self.due_on < today and self.paid < self.amount)


def _voucher_path(instance, filename):
    # The stored name never reuses the uploader's file name (it may hold personal data or odd bytes).
    import uuid

    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"funding/{instance.promise.request_id}/{uuid.uuid4().hex}.{ext}"


class Payment(TimeStampedModel):
    """拨付记录: money actually paid to a community against a promise."""

    promise = models.ForeignKey(FundPromise, on_delete=models.PROTECT, related_name="payments",
                                verbose_name=_("经费承诺"))
    amount = models.DecimalField(_("金额(元)"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(_("拨付日期"))
    voucher = models.FileField(_("凭证"), upload_to=_voucher_path, max_length=255, blank=True)
    voucher_name = models.CharField(_("凭证原文件名"), max_length=200, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("登记人"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["paid_on", "id"]
        verbose_name = _("拨付记录")
        verbose_name_plural = _("拨付记录")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self):
        return f"{self.promise} {self.amount}"
