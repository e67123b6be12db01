"""Users 用户, their role 角色 and the scope 范围 the role is bound to; API tokens."""

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gongjian.core.models import TimeStampedModel


class Role(models.TextChoices):
    CITY = "city", _("市级管理员")
    STREET = "street", _("街道")
    COMMUNITY = "community", _("社区")
    UNIT = "unit", _("辖区单位")
    LIAISON = "liaison", _("联络员")
    LEADER = "leader", _("联系领导")


class User(AbstractUser):
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, blank=True)
    street = models.ForeignKey("registry.Street", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="users", verbose_name=_("所属街道"))
    community = models.ForeignKey("registry.Community", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="users", verbose_name=_("所属社区"))
    unit = models.ForeignKey("registry.Unit", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="users", verbose_name=_("所属单位"))
    communities = models.ManyToManyField("registry.Community", blank=True, related_name="assigned_users",
                                         verbose_name=_("联系社区"),
                                         help_text=_("联络员、联系领导负责的社区"))
    phone = models.CharField(_("手机"), max_length=30, blank=True)
    must_change_password = models.BooleanField(_("须修改密码"), default=False)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["username"]
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            # The role and the object it is bound to must agree: a street user has a street and
            # nothing else, and so on. Liaison and leader are bound through `communities`.
            models.CheckConstraint(
                name="user_role_scope_consistent",
                condition=(
                    Q(role__in=["", "city", "liaison", "leader"], street__isnull=True,
                      community__isnull=True, unit__isnull=True)
                    | Q(role="street", street__isnull=False, community__isnull=True, unit__isnull=True)
                    | Q(role="community", street__isnull=True, community__isnull=False, unit__isnull=True)
                    | Q(role="unit", street__isnull=True, community__isnull=True, unit__isnull=False)
                ),
            ),
        ]

    @property
    def effective_role(self) -> str:
        """A Django superuser acts as city admin."""
        if self.is_superuser:
            return Role.CITY
        return self.role

    @property
    def role_label(self) -> str:
        return Role(self.effective_role).label if self.effective_role else _("未分配角色")

    @property
    def scope_label(self) -> str:
        role = self.effective_role
        if role == Role.STREET and self.street_id:
            return str(self.street)
        if role == Role.COMMUNITY and self.community_id:
            return str(self.community)
        if role == Role.UNIT and self.unit_id:
            return str(self.unit)
        if role in (Role.LIAISON, Role.LEADER):
            return "、".join(c.name for c in self.communities.all()[:5])
        return str(_("全市")) if role == Role.CITY else ""


class ApiToken(TimeStampedModel):
    """A bearer token for the JSON API. Only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d}"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()
