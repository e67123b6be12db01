"""Party members 党员管理: the registry by category, 双报到, contact and dues records, the city's risk
thresholds, and the log of who saw a member's unmasked personal data."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gongjian.core.models import TimeStampedModel


class Member(TimeStampedModel):
    """党员. `community` is where the member lives; `unit` the unit that employs an in-service member
    (or that lists a floating member on its roster); `organization` the Party organisation that holds
    the member's relation (组织关系)."""

    class Category(models.TextChoices):
        SELF_MANAGED = "self_managed", _("自管党员")
        IN_SERVICE = "in_service", _("在职党员")
        FLOATING = "floating", _("流动党员")
        LAID_OFF = "laid_off", _("下岗党员")
        RETIRED = "retired", _("退休党员")

    class Gender(models.TextChoices):
        MALE = "male", _("男")
        FEMALE = "female", _("女")

    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=8, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True)
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    address = models.CharField(_("住址"), max_length=200, blank=True)
    category = models.CharField(_("类别"), max_length=16, choices=Category.choices)
    community = models.ForeignKey("registry.Community", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="members", verbose_name=_("居住社区"))
    unit = models.ForeignKey("registry.Unit", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="members", verbose_name=_("工作单位"))
    organization = models.ForeignKey("registry.PartyOrganization", on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="members", verbose_name=_("组织关系所在党组织"))
    work_place = models.CharField(_("现工作地点"), max_length=200, blank=True,
                                  help_text=_("流动党员现在务工经商的地方"))
    away = models.BooleanField(_("长期在外"), default=False)
    joined_on = models.DateField(_("入党日期"), null=True, blank=True)
    registered_on = models.DateField(_("登记日期"))
    note = models.CharField(_("备注"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["community_id", "name", "id"]
        verbose_name = _("党员")
        verbose_name_plural = _("党员")
        indexes = [
            models.Index(fields=["community", "category"], name="member_community_category"),
            models.Index(fields=["unit", "category"], name="member_unit_category"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(category="in_service") | Q(unit__isnull=False),
                                   name="member_in_service_has_unit"),
            models.CheckConstraint(condition=Q(unit__isnull=False) | Q(community__isnull=False),
                                   name="member_has_community_or_unit"),
            models.UniqueConstraint(fields=["id_number"], condition=~Q(id_number=""),
                                    name="member_unique_id_number"),
        ]

    def __str__(self):
        return self.name

    @property
    def relation_in_community(self) -> bool:
        return self.organization_id is not None and self.organization.community_id is not None


class MemberReport(TimeStampedModel):
    """双报到: an in-service member reports to the community where they live."""

    class Via(models.TextChoices):
        SELF = "self", _("本人报到")
        STAFF = "staff", _("工作人员录入")

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="reports", verbose_name=_("党员"))
    community = models.ForeignKey("registry.Community", on_delete=models.PROTECT, related_name="member_reports",
                                  verbose_name=_("报到社区"))
    reported_on = models.DateField(_("报到日期"))
    via = models.CharField(_("方式"), max_length=8, choices=Via.choices, default=Via.STAFF)
    service_wish = models.CharField(_("服务意向/特长"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = _("双报到")
        verbose_name_plural = _("双报到")
        constraints = [
            models.UniqueConstraint(fields=["member", "community"], name="member_report_once_per_community"),
        ]

    def __str__(self):
        return f"{self.member} → {self.community}"


class ContactRecord(TimeStampedModel):
    class Kind(models.TextChoices):
        VISIT = "visit", _("走访")
        PHONE = "phone", _("电话")
        MEETING = "meeting", _("参加会议/活动")
        OTHER = "other", _("其他")

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("党员"))
    date = models.DateField(_("日期"))
    kind = models.CharField(_("方式"), max_length=8, choices=Kind.choices)
    note = models.CharField(_("情况"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("记录人"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("联系记录")
        verbose_name_plural = _("联系记录")
        indexes = [models.Index(fields=["member", "date"], name="contact_member_date")]

    def __str__(self):
        return f"{self.member} {self.date}"


class DuesPayment(TimeStampedModel):
    """党费: one row per member and month paid (`month` is the month's first day)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="dues", verbose_name=_("党员"))
    month = models.DateField(_("月份"))
    amount = models.DecimalField(_("金额(元)"), max_digits=8, decimal_places=2)
    paid_on = models.DateField(_("缴纳日期"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("记录人"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["-month", "-id"]
        verbose_name = _("党费缴纳")
        verbose_name_plural = _("党费缴纳")
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="dues_once_per_month"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="dues_amount_positive"),
            models.CheckConstraint(condition=Q(month__day=1), name="dues_month_first_day"),
        ]

    def __str__(self):
        return f"{self.member} {self.month:%Y-%m}"


class RiskSettings(TimeStampedModel):
    """The city's thresholds of the three risk lists (one row)."""

    pocket_months = models.PositiveSmallIntegerField(
        _("口袋党员：未与组织联系的月数"), default=6,
        help_text=_("自管、流动、下岗、退休党员，最近一次联系距今达到此月数即列入"))
    underground_days = models.PositiveSmallIntegerField(
        _("地下党员：登记后未报到的天数"), default=30,
        help_text=_("单位名册上写明住在本社区、登记达到此天数仍未到社区报到即列入"))
    nominal_months = models.PositiveSmallIntegerField(
        _("挂名党员：未交党费的月数"), default=6,
        help_text=_("组织关系在社区、人长期在外，最近一次交党费距本月达到此月数即列入"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("风险名单规则")
        verbose_name_plural = _("风险名单规则")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="risk_settings_single_row"),
            models.CheckConstraint(condition=Q(pocket_months__gte=1) & Q(nominal_months__gte=1)
                                   & Q(underground_days__gte=1), name="risk_settings_positive"),
        ]

    def __str__(self):
        return str(_("风险名单规则"))


class MemberDataAccess(models.Model):
    """Every view of a member's unmasked personal data: who, when, which member, where from."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("查看人"))
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="data_accesses",
                               verbose_name=_("党员"))
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    channel = models.CharField(_("途径"), max_length=16)  # page, api, print
    fields = models.CharField(_("字段"), max_length=100, default="id_number,phone,address")

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("个人信息查看记录")
        verbose_name_plural = _("个人信息查看记录")
        indexes = [models.Index(fields=["member", "at"], name="member_access_member_at")]

    def __str__(self):
        return f"{self.user} {self.member} {self.at:%Y-%m-%d %H:%M}"
