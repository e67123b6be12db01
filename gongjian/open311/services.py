"""Every write of the Open311 area: API keys, and requests submitted through Open311."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongjian.solicitation.models import Opinion
from gongjian.solicitation.services import opinion_create

from .models import Open311Key, hash_key


def post_rate() -> str:
    """Submissions allowed per client address (django-ratelimit's notation)."""
    return getattr(settings, "GONGJIAN_OPEN311_POST_RATE", "60/m")


def read_rate() -> str:
    """Reads (requests.json, requests/{id}.json) allowed per client address; empty turns the limit off
    (the benchmarks do)."""
    return getattr(settings, "GONGJIAN_OPEN311_READ_RATE", "60/m")


@transaction.atomic
def key_issue(*, name: str, channel: str = Open311Key.Channel.ONLINE) -> tuple[Open311Key, str]:
    """A new key for a system (a 12345 hotline, a mini-program). The key itself is shown once and
    only its hash is kept."""
    raw = Open311Key.new_key()
    key = Open311Key(name=name.strip(), key_hash=hash_key(raw), prefix=raw[:8], channel=channel)
    key.full_clean()
    key.save()
    return key, raw


def key_check(raw: str) -> Open311Key | None:
    """The active key this string is, or None."""
    raw = (raw or "").strip()
    if not raw:
        return None
    key = Open311Key.objects.filter(key_hash=hash_key(raw), active=True).first()
    if key is not None:
        Open311Key.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
    return key


def request_submit(*, key: Open311Key, round, community, category, description: str, first_name: str = "",
                   last_name: str = "", phone: str = "") -> Opinion:
    """An Open311 POST becomes an opinion of the round, by the channel the key was issued for; its text
    is checked as on every other channel (ValidationError)."""
    name = f"{(last_name or '').strip()}{(first_name or '').strip()}"  # Chinese order: family name first
    return opinion_create(actor=None, round=round, community=community, channel=key.channel, category=category,
                          content=description, submitter_name=name, submitter_phone=phone)
