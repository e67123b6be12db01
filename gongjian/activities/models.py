"""Co-building activities 共建活动: events units and communities hold in a community, who took part and
for how many hours."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gongjian.core.models import TimeStampedModel


class Activity(TimeStampedModel):
    class Kind(models.TextChoices):
        SANJIN = "sanjin", _("三进社区")
        SILIAN = "silian", _("四联四帮")
        VOLUNTEER = "volunteer", _("志愿服务")
        PARTY_DAY = "party_day", _("主题党日")
        CULTURE = "culture", _("文体活动")
        OTHER = "other", _("其他")

    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("名称"), max_length=150)
    community = models.ForeignKey("registry.Community", on_delete=models.PROTECT, related_name="activities",
                                  verbose_name=_("社区"))
    organiser_unit = models.ForeignKey("registry.Unit", on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="organised_activities", verbose_name=_("组织单位"))
    organiser_community = models.ForeignKey("registry.Community", on_delete=models.PROTECT, null=True,
                                            blank=True, related_name="organised_activities",
                                            verbose_name=_("组织社区"))
    date = models.DateField(_("日期"))
    hours = models.DecimalField(_("时长(小时)"), max_digits=5, decimal_places=1, default=2)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    description = models.TextField(_("内容"), blank=True)
    public = models.BooleanField(_("在公众页面公布"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("共建活动")
        verbose_name_plural = _("共建活动")
        indexes = [
            models.Index(fields=["community", "date"], name="activity_community_date"),
            models.Index(fields=["organiser_unit", "date"], name="activity_unit_date"),
            models.Index(fields=["public", "date"], name="activity_public_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(organiser_unit__isnull=False, organiser_community__isnull=True)
                           | Q(organiser_unit__isnull=True, organiser_community__isnull=False)),
                name="activity_one_organiser"),
            models.CheckConstraint(condition=Q(hours__gt=0) & Q(hours__lte=24), name="activity_hours_range"),
        ]

    def __str__(self):
        return self.title

    @property
    def organiser(self):
        return self.organiser_unit or self.organiser_community


class Participation(TimeStampedModel):
    """One person at one activity: a Party member or a community cadre. `unit` is the unit the
    participant came from at the time (a member's employer), so that unit totals survive job changes."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participations",
                                 verbose_name=_("活动"))
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="participations", verbose_name=_("党员"))
    cadre = models.ForeignKey("registry.Cadre", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="participations", verbose_name=_("社区干部"))
    unit = models.ForeignKey("registry.Unit", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="participations", verbose_name=_("所在单位"))
    hours = models.DecimalField(_("服务时长(小时)"), max_digits=5, decimal_places=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["activity_id", "id"]
        verbose_name = _("活动参加人")
        verbose_name_plural = _("活动参加人")
        indexes = [models.Index(fields=["unit", "activity"], name="participation_unit")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(member__isnull=False, cadre__isnull=True) | Q(member__isnull=True, cadre__isnull=False)),
                name="participation_member_xor_cadre"),
            models.UniqueConstraint(fields=["activity", "member"], condition=Q(member__isnull=False),
                                    name="participation_member_once"),
            models.UniqueConstraint(fields=["activity", "cadre"], condition=Q(cadre__isnull=False),
                                    name="participation_cadre_once"),
            models.CheckConstraint(condition=Q(hours__gt=0) & Q(hours__lte=24), name="participation_hours_range"),
        ]

    def __str__(self):
        return f"{self.activity} · {self.member or self.cadre}"

    @property
    def person(self):
        return self.member or self.cadre
