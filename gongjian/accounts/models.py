"""Users 用户, their role 角色 and the scope 范围 the role is bound to; API tokens."""

import hashlib
import unicodedata

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
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


def normalize_username(username: str) -> str:
    """The one form of a username: Unicode NFKC (full-width ＡＤＭＩＮ → ADMIN), lower case, trimmed.

    Stored in this form and looked up in this form, so `Admin`, `ＡＤＭＩＮ` and `admin` are one account.
    """
    return unicodedata.normalize("NFKC", username or "").strip().lower()


def invisible_characters(username: str) -> list[str]:
    """Characters a reader cannot see or tell apart in a username: format characters (zero-width
    space and joiners, direction marks, BOM), controls, unassigned and private-use code points,
    and any whitespace."""
    return [ch for ch in username or ""
            if unicodedata.category(ch) in ("Cf", "Cc", "Cn", "Co", "Cs", "Zs", "Zl", "Zp") or ch.isspace()]


def axes_username(request, credentials) -> str:
    """AXES_USERNAME_CALLABLE: failures count against the account, whatever case or width was typed."""
    username = (credentials or {}).get("username")
    if username is None and request is not None and hasattr(request, "POST"):
        username = request.POST.get("username")
    return normalize_username(username or "")


class NormalizedUserManager(UserManager):
    def get_by_natural_key(self, username):
        # Sign-in (ModelBackend, the token endpoint) accepts any case or width of the username.
        return self.get(**{self.model.USERNAME_FIELD: normalize_username(username)})


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

    objects = NormalizedUserManager()

    class Meta:
        ordering = ["username"]
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            # One account per username whatever its case, even for a row written around
            # normalize_username (raw SQL, an old import): the database holds the rule.
            models.UniqueConstraint(Lower("username"), name="user_username_case_insensitive_unique",
                                    violation_error_message=_("该用户名已存在")),
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

    @classmethod
    def normalize_username(cls, username):
        # Django's own hook (UserManager.create_user, the admin's forms through clean()).
        return normalize_username(username)

    @property
    def password_change_pending(self) -> bool:
        """Still on an initial password where the deployment insists on a change (FORCE_PASSWORD_CHANGE):
        the staff pages send such a user to the password page and the API refuses tokens."""
        return bool(settings.FORCE_PASSWORD_CHANGE and self.must_change_password)

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
