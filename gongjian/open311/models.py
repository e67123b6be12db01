"""API keys of the systems that submit opinions through Open311 (a city's 12345 hotline, …)."""

import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongjian.core.models import TimeStampedModel


def hash_key(key: str) -> str:
    """Keys are long random strings, so one SHA-256 is enough; only the hash is stored."""
    return hashlib.sha256(key.encode()).hexdigest()


class Open311Key(TimeStampedModel):
    class Channel(models.TextChoices):
        ONLINE = "online", _("网上征集")
        HOTLINE = "hotline", _("热线")

    name = models.CharField(_("名称"), max_length=100, unique=True, help_text=_("例如：12345热线"))
    key_hash = models.CharField(_("密钥摘要"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("密钥前缀"), max_length=8, editable=False,
                              help_text=_("便于辨认，不足以使用"))
    channel = models.CharField(_("意见渠道"), max_length=16, choices=Channel.choices, default=Channel.ONLINE)
    active = models.BooleanField(_("启用"), default=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Open311 密钥")
        verbose_name_plural = _("Open311 密钥")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def new_key() -> str:
        return secrets.token_urlsafe(32)
