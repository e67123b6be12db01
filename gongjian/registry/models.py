"""Registry 基础台账: streets, communities, units, Party organisations, community cadres."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gongjian.core.models import TimeStampedModel


class RegistryQuerySet(models.QuerySet):
    """Registry rows are retired (撤销), never deleted: history, projects and figures keep pointing at them."""

    def active(self):
        return self.filter(active=True)

    def retired(self):
        return self.filter(active=False)


class Street(TimeStampedModel):
    name = models.CharField(_("名称"), max_length=100, unique=True)
    code = models.CharField(_("代码"), max_length=32, unique=True)

    active = models.BooleanField(_("在册"), default=True, help_text=_("撤销后不再出现在选择中，历史保留"))

    objects = RegistryQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("街道")
        verbose_name_plural = _("街道")

    def __str__(self):
        return self.name


class Community(TimeStampedModel):
    class Tier(models.IntegerChoices):
        FIRST = 1, _("一类社区")
        SECOND = 2, _("二类社区")
        THIRD = 3, _("三类社区")

    class Premises(models.TextChoices):
        OWNED = "owned", _("自有")
        RENTED = "rented", _("租用")
        INCOMPLETE = "incomplete", _("不达标/不完整")
        NONE = "none", _("无固定场所")

    street = models.ForeignKey(Street, on_delete=models.PROTECT, related_name="communities",
                               verbose_name=_("街道"))
    name = models.CharField(_("名称"), max_length=100)
    code = models.CharField(_("代码"), max_length=32, unique=True)
    residents = models.PositiveIntegerField(_("居民人数"), default=0)
    tier = models.PositiveSmallIntegerField(_("类别"), choices=Tier.choices, null=True, blank=True)
    office_premises = models.CharField(_("办公场所"), max_length=16, choices=Premises.choices,
                                       default=Premises.OWNED)
    office_area = models.PositiveIntegerField(_("办公面积(平方米)"), null=True, blank=True)

    active = models.BooleanField(_("在册"), default=True, help_text=_("撤销后不再出现在选择中，历史保留"))

    objects = RegistryQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("社区")
        verbose_name_plural = _("社区")
        constraints = [
            models.UniqueConstraint(fields=["street", "name"], name="community_unique_name_in_street"),
            models.CheckConstraint(condition=Q(tier__isnull=True) | Q(tier__in=[1, 2, 3]),
                                   name="community_tier_valid"),
        ]

    def __str__(self):
        return self.name


class Unit(TimeStampedModel):
    """辖区单位: an organisation located in a community."""

    class Kind(models.TextChoices):
        ORGAN = "organ", _("党政机关")
        INSTITUTION = "institution", _("事业单位")
        SOE = "soe", _("国有企业")
        PRIVATE = "private", _("非公企业")
        SCHOOL = "school", _("学校")
        HOSPITAL = "hospital", _("医疗机构")
        SOCIAL = "social", _("社会组织")
        OTHER = "other", _("其他")

    class Rank(models.TextChoices):
        DIVISION = "division", _("正处级")
        DEPUTY_DIVISION = "deputy_division", _("副处级")
        SECTION = "section", _("正科级")
        DEPUTY_SECTION = "deputy_section", _("副科级")
        STOCK = "stock", _("股级")
        NONE = "none", _("无行政级别")

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="units",
                                  verbose_name=_("所在社区"))
    name = models.CharField(_("名称"), max_length=150)
    kind = models.CharField(_("单位性质"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    rank = models.CharField(_("行政级别"), max_length=16, choices=Rank.choices, default=Rank.NONE)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)

    active = models.BooleanField(_("在册"), default=True, help_text=_("撤销后不再出现在选择中，历史保留"))

    objects = RegistryQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["community_id", "name"]
        verbose_name = _("辖区单位")
        verbose_name_plural = _("辖区单位")
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="unit_unique_name_in_community"),
        ]

    def __str__(self):
        return self.name


class PartyOrganization(TimeStampedModel):
    """党组织 of a community or of a unit (exactly one of the two)."""

    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("党委")
        GENERAL_BRANCH = "general_branch", _("党总支")
        BRANCH = "branch", _("党支部")

    name = models.CharField(_("名称"), max_length=150)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.BRANCH)
    community = models.ForeignKey(Community, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="party_organizations", verbose_name=_("社区"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="party_organizations", verbose_name=_("单位"))
    members_count = models.PositiveIntegerField(_("党员人数"), default=0)

    active = models.BooleanField(_("在册"), default=True, help_text=_("撤销后不再出现在选择中，历史保留"))

    objects = RegistryQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("党组织")
        verbose_name_plural = _("党组织")
        constraints = [
            models.CheckConstraint(
                condition=(Q(community__isnull=False, unit__isnull=True)
                           | Q(community__isnull=True, unit__isnull=False)),
                name="party_org_belongs_to_community_xor_unit",
            ),
        ]

    def __str__(self):
        return self.name


class Cadre(TimeStampedModel):
    """社区干部."""

    class Education(models.TextChoices):
        PRIMARY = "primary", _("小学及以下")
        JUNIOR = "junior", _("初中")
        SENIOR = "senior", _("高中/中专")
        COLLEGE = "college", _("大专")
        BACHELOR = "bachelor", _("本科及以上")

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="cadres",
                                  verbose_name=_("社区"))
    name = models.CharField(_("姓名"), max_length=50)
    position = models.CharField(_("职务"), max_length=50, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("出生年份"))
    education = models.CharField(_("文化程度"), max_length=16, choices=Education.choices)
    phone = models.CharField(_("电话"), max_length=30, blank=True)

    active = models.BooleanField(_("在册"), default=True, help_text=_("撤销后不再出现在选择中，历史保留"))

    objects = RegistryQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["community_id", "id"]
        verbose_name = _("社区干部")
        verbose_name_plural = _("社区干部")
        constraints = [
            models.CheckConstraint(condition=Q(birth_year__gte=1900) & Q(birth_year__lte=2100),
                                   name="cadre_birth_year_plausible"),
        ]

    def __str__(self):
        return self.name
